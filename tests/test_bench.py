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
