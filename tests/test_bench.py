"""`isnad bench` at a tiny size: one table with build, store and query figures and the baseline."""

from __future__ import annotations

import pytest

from kg.bench import QueryTiming, SizeResult, table
from kg.cli import main

pytestmark = pytest.mark.slow


def test_table_percentiles_and_ratio():
    r = SizeResult(10, ran=True, triples=500, build_seconds=2.0, timings={"shacl": 1.5}, store_bytes=2**20,
                   queries=[QueryTiming("q", oxigraph=[0.001 * i for i in range(1, 102)], rdflib=[0.5] * 10)])
    out = table([r, SizeResult(99, note="not run (too big)")])
    row = [ln for ln in out.splitlines() if "| q |" in ln][0]
    assert "| 51.0 / 96.0 |" in row and "| 500.0 / 500.0 |" in row
    assert "| 10× |" in row  # 500 ms / 51 ms median
    assert "| 5 | 250 |" in row  # articles/s, triples/s
    assert "not run (too big)" in out


def test_bench_command_prints_one_table(capsys):
    assert main(["bench", "--sizes", "20,40", "--reps", "2", "--max-seconds", "0", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("|")]
    assert lines[0].startswith("| articles | triples |")
    first = lines[2].split("|")
    assert first[1].strip() == "20" and int(first[2].replace(",", "")) > 500
    rows = {ln.split("|")[9].strip(): ln for ln in lines[2:]}
    for q in ("claims list (SPARQL)", "one claim (SPARQL)", "speaker's claims (SPARQL)"):
        cells = rows[q].split("|")
        assert cells[10].strip() != "—" and cells[11].strip() != "—", rows[q]  # both engines ran it
    assert any(ln.startswith("| 40 | not run |") for ln in lines)


# a three-way cross join of every triple: billions of rows on any store of a few thousand triples
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


def test_a_query_past_the_time_limit_is_stopped_and_reported(tmp_path):
    import time
    from functools import partial

    import pyoxigraph as ox

    from kg.bench import _count_rows, _open_read_only
    from kg.bench_timing import timed_runs

    store = ox.Store(str(tmp_path / "store"))
    store.bulk_load("".join(f"<urn:s{i}> <urn:p> <urn:o{i % 7}> .\n" for i in range(3000)).encode(),
                    ox.RdfFormat.N_TRIPLES)
    del store
    setup = partial(_open_read_only, str(tmp_path / "store"))
    t0 = time.perf_counter()
    slow = timed_runs(setup, partial(_count_rows, SLOW), reps=5, budget=60, timeout=1)
    assert time.perf_counter() - t0 < 15  # killed, not run to the end
    assert slow.timed_out and slow.times == [] and slow.note == "> 1 s (timed out)"
    fast = timed_runs(setup, partial(_count_rows, "SELECT * WHERE { ?s ?p <urn:o3> }"), reps=3, budget=60, timeout=5)
    assert not fast.timed_out and len(fast.times) == 3 and fast.rows == 429 and fast.note == ""
    bad = timed_runs(setup, partial(_count_rows, "SELECT WHERE"), reps=3, budget=60, timeout=5)
    assert bad.note.startswith("failed: SyntaxError") and not bad.timed_out


def test_serve_prints_a_slow_example_query_as_timed_out(tmp_path, monkeypatch):
    """The bench's query phase with a deliberately slow example query: the run goes on, the row says so."""
    import kg.bench as bench
    from kg.synth import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 20)
    bench._build(str(corpus), str(tmp_path / "data"), 1, True)
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "slow.rq").write_text(SLOW)
    (queries / "claims.rq").write_text("SELECT ?c WHERE { ?c a isnad:Claim }")
    monkeypatch.setattr(bench, "QUERIES_DIR", queries)
    served = bench._serve(str(tmp_path / "data"), 2, 1.0)
    by_name = {q["name"]: q for q in served["queries"]}
    assert by_name["queries/slow.rq"]["timeout"] == 1.0 and by_name["queries/slow.rq"]["times"] == []
    assert by_name["queries/claims.rq"]["timeout"] is None and len(by_name["queries/claims.rq"]["times"]) == 2
    r = SizeResult(20, ran=True, triples=1, build_seconds=1.0,
                   queries=[QueryTiming(q["name"], q["times"], rows=q["rows"], note=q.get("note", ""), timeout=q.get("timeout"))
                            for q in served["queries"]])
    row = [ln for ln in table([r]).splitlines() if "queries/slow.rq" in ln][0]
    assert "| > 1 s (timed out) |" in row and row.endswith("| timed out |")


def test_table_marks_an_rdflib_timeout_as_a_lower_bound():
    r = SizeResult(10, ran=True, triples=500, build_seconds=2.0,
                   queries=[QueryTiming("q", oxigraph=[0.1] * 5, rdflib=[], rdflib_timeout=60.0)])
    row = [ln for ln in table([r]).splitlines() if "| q |" in ln][0]
    assert "| > 60 s (timed out) |" in row and "| > 600× |" in row
