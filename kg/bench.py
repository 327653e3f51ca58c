"""The scale benchmark behind ``isnad bench``: build, store, browse queries, rdflib baseline.

For each corpus size a synthetic corpus (:mod:`kg.synth`) is written and built; then the
browse queries (the SPARQL of the claims list, a claim and a speaker page, and the
example queries in ``kg/queries/*.rq``) are timed on the built pyoxigraph store and, as
the baseline in the same run, on rdflib's in-memory engine holding the same quads. The
pages themselves are timed through the Flask test client. Each phase runs in a fresh
process so its peak RSS is its own. Each query runs in a process of its own that is
killed past the endpoint's time limit (``query_timeout``; a longer one for rdflib), as
the endpoint does (:mod:`kg.bench_timing`): a query that does not finish shows as
"> 10 s (timed out)". Figures are printed, never asserted.
"""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from kg.bench_timing import Timed, timed_runs

# The SPARQL of what the browse pages show (the pages themselves read a SQLite catalogue
# made at build time for lists; these are the same views asked of the store directly).
CLAIMS_PAGE = """
SELECT ?claim ?text ?kind ?date ?speaker ?speakerLabel WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?speaker ; a ?kind .
  FILTER(?kind != isnad:Claim)
  OPTIONAL { ?claim isnad:statedOn ?date }
  OPTIONAL { ?speaker skos:prefLabel ?speakerLabel FILTER(lang(?speakerLabel) = "ar") }
} ORDER BY DESC(?date) ?claim LIMIT 50
"""
CLAIM_PAGE = """
SELECT ?p ?o ?oLabel WHERE {
  ?claim ?p ?o .
  OPTIONAL { ?o skos:prefLabel|schema:headline ?oLabel }
}
"""
SPEAKER_PAGE = """
SELECT ?claim ?text ?date WHERE {
  ?claim isnad:speaker ?speaker ; isnad:text ?text .
  OPTIONAL { ?claim isnad:statedOn ?date }
} ORDER BY DESC(?date) ?claim LIMIT 50
"""
QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass
class QueryTiming:
    name: str
    oxigraph: list[float] = field(default_factory=list)
    rdflib: list[float] = field(default_factory=list)
    rows: int = 0
    note: str = ""
    timeout: float | None = None  # set when the oxigraph runs hit this time limit (s)
    rdflib_timeout: float | None = None  # the same for rdflib


@dataclass
class SizeResult:
    articles: int
    ran: bool = False
    note: str = ""
    triples: int = 0
    build_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    store_bytes: int = 0
    build_rss_mb: float = 0.0
    serve_rss_mb: float = 0.0
    rdflib_rss_mb: float = 0.0
    rdflib_load_seconds: float = 0.0
    queries: list[QueryTiming] = field(default_factory=list)


def _rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def _in_child(fn: Callable, *args):
    """Run ``fn(*args)`` in a fresh process and return its result (exceptions re-raised)."""
    ctx = get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(child, fn, args))
    proc.start()
    child.close()
    status, payload = parent.recv()
    proc.join()
    if status == "error":
        raise RuntimeError(payload)
    return payload


def _child_main(conn, fn, args) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # report to the parent, whatever it was
        import traceback

        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _build(corpus: str, data: str, workers: int, oracle: bool) -> dict:
    from kg.build import build
    from kg.settings import Settings
    from kg.store import STORE, DataDir
    from kg.synth import oracle_extract

    settings = Settings.load(env={}, overrides={"corpus": corpus, "data": data})
    t0 = time.perf_counter()
    report = build(settings, workers=workers, extractor=oracle_extract if oracle else None, log=lambda m: None)
    seconds = time.perf_counter() - t0
    store = DataDir(data).current() / STORE
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    return {"triples": report.triples, "seconds": seconds, "timings": report.timings, "store_bytes": size,
            "published": len(report.published), "rss": max(_rss_mb(), _rss_mb(children=True))}


def browse_queries(store_dir: Path) -> list[tuple[str, str]]:
    """(name, SPARQL) of the queries the pages run, values picked from the store and bound
    with a VALUES block (the same text then runs on both engines)."""
    import pyoxigraph as ox

    from kg.backends.remote import bind_values
    from kg.rdf import PREFIXES

    store = ox.Store.read_only(str(store_dir))
    rng = random.Random(0)

    def pick(q: str) -> list:
        return [s[0] for s in store.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)]

    claims = pick("SELECT ?c WHERE { ?c a isnad:Claim } LIMIT 2000")
    speakers = pick("SELECT DISTINCT ?s WHERE { ?c isnad:speaker ?s }")
    out = [("claims list (SPARQL)", CLAIMS_PAGE)]
    if claims:
        out.append(("one claim (SPARQL)", bind_values(CLAIM_PAGE, {"claim": rng.choice(claims)})))
    if speakers:
        out.append(("speaker's claims (SPARQL)", bind_values(SPEAKER_PAGE, {"speaker": rng.choice(speakers)})))
    for rq in sorted(QUERIES_DIR.glob("*.rq")) if QUERIES_DIR.is_dir() else []:
        out.append((f"queries/{rq.name}", rq.read_text(encoding="utf-8")))
    return out


def _time(fn: Callable[[], int], *, reps: int, budget: float) -> tuple[list[float], int]:
    times, rows, start = [], 0, time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget:
            break
    return times, rows


def _open_read_only(store_dir: str):
    import pyoxigraph as ox

    return ox.Store.read_only(store_dir)


def _count_rows(query: str, store) -> int:
    """Run ``query`` as :meth:`kg.server.Isnad.query` does (union default graph, our prefixes)."""
    from kg.rdf import PREFIXES

    return sum(1 for _ in store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES))


def _timed_entry(name: str, t: Timed, timeout: float) -> dict:
    return {"name": name, "times": t.times, "rows": t.rows, "note": t.note,
            "timeout": timeout if t.timed_out else None}


def _serve(data: str, reps: int, timeout: float | None = None) -> dict:
    """Time the browse queries on pyoxigraph (as Isnad.query runs them, each in a process killed
    past ``timeout`` seconds, by default the settings' ``query_timeout``) and the pages."""
    import pyoxigraph as ox

    from kg.server import create_app
    from kg.settings import Settings
    from kg.store import STORE, DataDir

    build = DataDir(data).current()
    settings = Settings.load(env={}, overrides={"data": data})
    limit = settings.query_timeout if timeout is None else timeout
    out = []
    for name, q in browse_queries(build / STORE):
        t = timed_runs(partial(_open_read_only, str(build / STORE)), partial(_count_rows, q), reps=reps,
                       budget=20, timeout=limit, warmup=True)
        out.append(_timed_entry(name, t, limit))
    app = create_app(settings)
    app.logger.disabled = True  # a failing page is reported in the table as its HTTP status
    state = app.extensions["isnad"]
    client = app.test_client()
    store = ox.Store.read_only(str(build / STORE))
    pages = [("page /claims", "/claims")]
    one = next(iter(store.query("SELECT ?c WHERE { ?c a isnad:Claim } LIMIT 1", use_default_graph_as_union=True,
                                prefixes={"isnad": "https://w3id.org/isnad/ontology#"})), None)
    if one is not None:
        pages.append(("page /claims/<id>", "/claims/" + one[0].value.rsplit("/", 1)[1]))
    sp = next(iter(store.query("SELECT ?s WHERE { ?c <https://w3id.org/isnad/ontology#speaker> ?s } LIMIT 1",
                               use_default_graph_as_union=True)), None)
    if sp is not None:
        pages.append(("page /speakers/<key>", "/speakers/" + sp[0].value.rsplit("/", 1)[1]))
    for name, url in pages:
        status = client.get(url).status_code
        if status != 200:
            out.append({"name": name, "times": [], "rows": 0, "note": f"HTTP {status}"})
            continue
        times, _ = _time(lambda: len(client.get(url).data), reps=reps, budget=20)
        out.append({"name": name, "times": times, "rows": 0})
    state.engine.close()
    return {"queries": out, "rss": max(_rss_mb(), _rss_mb(children=True))}  # the queries ran in children


def _rdflib(data: str, reps: int, timeout: float = 60.0) -> dict:
    """The same queries on rdflib's in-memory engine, over the same quads; each query in a
    forked process (the data is already loaded) killed past ``timeout`` seconds."""
    from rdflib import Dataset

    from kg.rdf import PREFIXES
    from kg.store import STORE, DataDir

    build = DataDir(data).current()
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data=_nquads(build / STORE), format="nquads")
    load = time.perf_counter() - t0
    out = []
    for name, q in browse_queries(build / STORE):
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if f"PREFIX {p}:" not in q)
        t = timed_runs(lambda: ds, lambda d, text=prologue + q: sum(1 for _ in d.query(text)),
                       reps=max(3, reps // 4), budget=60, timeout=timeout, method="fork")
        if t.note.startswith("failed"):  # rdflib's parser and evaluator raise many kinds
            t.note = "rdflib " + ":".join(t.note.split(":")[:2])  # "rdflib failed: ErrorType"
        out.append(_timed_entry(name, t, timeout))
    return {"queries": out, "rss": max(_rss_mb(), _rss_mb(children=True)), "load": load}


def _nquads(store_dir: Path) -> bytes:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    return ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS)


def run_size(n: int, *, workers: int, oracle: bool, reps: int, seed: int = 0, baseline: bool = True,
             query_timeout: float | None = None, rdflib_timeout: float = 60.0,
             log: Callable[[str], None] = print) -> SizeResult:
    from kg.synth import write_corpus

    res = SizeResult(n, ran=True)
    with tempfile.TemporaryDirectory(prefix=f"isnad-bench-{n}-") as tmp:
        log(f"[{n}] writing the synthetic corpus")
        corpus = write_corpus(Path(tmp) / "corpus", n, seed=seed)
        log(f"[{n}] building with {workers} worker(s)")
        b = _in_child(_build, str(corpus), str(Path(tmp) / "data"), workers, oracle)
        res.triples, res.build_seconds, res.timings = b["triples"], b["seconds"], b["timings"]
        res.store_bytes, res.build_rss_mb = b["store_bytes"], b["rss"]
        log(f"[{n}] {res.triples} triples in {res.build_seconds:.1f} s; timing the browse queries")
        s = _in_child(_serve, str(Path(tmp) / "data"), reps, query_timeout)
        res.serve_rss_mb = s["rss"]
        res.queries = [QueryTiming(q["name"], q["times"], rows=q["rows"], note=q.get("note", ""),
                                   timeout=q.get("timeout")) for q in s["queries"]]
        if baseline:
            log(f"[{n}] rdflib baseline")
            r = _in_child(_rdflib, str(Path(tmp) / "data"), reps, rdflib_timeout)
            res.rdflib_rss_mb, res.rdflib_load_seconds = r["rss"], r["load"]
            by_name = {q["name"]: q for q in r["queries"]}
            for qt in res.queries:
                if qt.name in by_name:
                    qt.rdflib = by_name[qt.name]["times"]
                    qt.rdflib_timeout = by_name[qt.name].get("timeout")
                    if qt.rdflib_timeout is None:
                        qt.note = qt.note or by_name[qt.name].get("note", "")
        else:
            for qt in res.queries:
                qt.note = qt.note or "rdflib skipped"
    return res


def _pct(times: list[float], p: float) -> float:
    """The ``p`` quantile in milliseconds (linear interpolation between ranks)."""
    ordered = sorted(times)
    pos = p * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return (ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)) * 1000


def _lat(times: list[float], timeout: float | None = None) -> str:
    if timeout is not None:
        return f"> {timeout:g} s (timed out)"
    return f"{_pct(times, 0.5):.1f} / {_pct(times, 0.95):.1f}" if times else "—"


def _ratio(q: QueryTiming) -> str:
    """rdflib's median over oxigraph's; a lower bound when rdflib timed out."""
    if q.timeout is None and q.oxigraph and q.rdflib_timeout is not None:
        return f"> {q.rdflib_timeout / statistics.median(q.oxigraph):.0f}×"
    if q.timeout is None and q.rdflib_timeout is None and q.oxigraph and q.rdflib:
        return f"{statistics.median(q.rdflib) / statistics.median(q.oxigraph):.0f}×"
    return "timed out" if q.timeout is not None else (q.note or "n/a")


def table(results: list[SizeResult]) -> str:
    """One Markdown table: build figures on a size's first row, one row per query."""
    head = ("| articles | triples | build s | articles/s | triples/s | extract / rdf / shacl / store s (CPU) "
            "| store MB | peak RSS build / serve / rdflib MB | query | oxigraph p50 / p95 ms | rdflib p50 / p95 ms "
            "| speed-up (p50) |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        if not r.ran:
            lines.append(f"| {r.articles:,} | not run | | | | | | | {r.note} | | | |")
            continue
        t = r.timings
        first = (f"| {r.articles:,} | {r.triples:,} | {r.build_seconds:.1f} | {r.articles / r.build_seconds:.0f} | "
                 f"{r.triples / r.build_seconds:,.0f} | {t.get('extract', 0):.1f} / {t.get('rdf', 0):.1f} / "
                 f"{t.get('shacl', 0):.1f} / {t.get('store', 0):.1f} | {r.store_bytes / 2**20:.0f} | "
                 f"{r.build_rss_mb:.0f} / {r.serve_rss_mb:.0f} / {r.rdflib_rss_mb:.0f} |")
        blank = "| | | | | | | | |"
        for i, q in enumerate(r.queries):
            lines.append(f"{first if i == 0 else blank} {q.name} | {_lat(q.oxigraph, q.timeout)} | "
                         f"{_lat(q.rdflib, q.rdflib_timeout)} | {_ratio(q)} |")
    return "\n".join(lines)
