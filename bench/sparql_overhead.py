"""How much the /sparql endpoint adds over raw pyoxigraph, on a synthetic store of ~1M triples.

Each query runs raw (pyoxigraph on the same store, read-only, results serialised to JSON by
pyoxigraph) and through the real HTTP endpoint (werkzeug server on 127.0.0.1, query worker
processes, our JSON writer), several times; the medians and their ratio are printed.

    python bench/sparql_overhead.py                    # ~1M triples, 7 repeats
    python bench/sparql_overhead.py --triples 200000 --repeat 5
    python bench/sparql_overhead.py --keep /tmp/ovh    # keep (or reuse) the generated data folder
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
import requests  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from kg.server import create_app  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.sparql import QueryRequest  # noqa: E402
from kg.store import STORE, DataDir  # noqa: E402

BASE = "https://w3id.org/isnad/id/"
ISNAD = "https://w3id.org/isnad/ontology#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
WORDS = "قال أكد أعلن الوزير الرئيس الحكومة الوضع المحادثات ليبيا سوريا تركيا روسيا الاتفاق وقف إطلاق النار".split()

PREFIXES = f"PREFIX isnad: <{ISNAD}> PREFIX schema: <{SCHEMA}> PREFIX skos: <{SKOS}>\n"
QUERIES = {
    "count claims": "SELECT (COUNT(*) AS ?n) WHERE { ?c a isnad:Claim }",
    "claims per speaker (top 20)": """SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c isnad:speaker ?s }
        GROUP BY ?s ORDER BY DESC(?n) LIMIT 20""",
    "one speaker's claims + labels": """SELECT ?c ?text ?date ?label WHERE {
        ?c isnad:speaker <%sspeaker/s17> ; isnad:text ?text ; isnad:statedOn ?date .
        <%sspeaker/s17> skos:prefLabel ?label } ORDER BY ?date""" % (BASE, BASE),
    "1000 rows": "SELECT ?c ?text WHERE { ?c isnad:text ?text } LIMIT 1000",
    "claims in a month": """SELECT ?c ?d WHERE { ?c isnad:statedOn ?d
        FILTER(?d >= "2021-03-01"^^<http://www.w3.org/2001/XMLSchema#date> &&
               ?d < "2021-04-01"^^<http://www.w3.org/2001/XMLSchema#date>) }""",
    "text search (scan)": """SELECT ?c WHERE { ?c isnad:text ?t FILTER(CONTAINS(?t, "الاتفاق وقف")) } LIMIT 50""",
    "CONSTRUCT 500": """CONSTRUCT { ?c isnad:speaker ?s } WHERE { ?c isnad:speaker ?s } LIMIT 500""",
}


def generate(root: Path, triples: int, seed: int = 7) -> int:
    """A published data folder with ~``triples`` isnad-like quads: one graph per article."""
    rnd = random.Random(seed)
    data = DataDir(root)
    build = data.new_build()
    store = ox.Store(str(build / STORE))
    speakers = 2000
    ents = [f"<{BASE}speaker/s{i}> <{SKOS}prefLabel> \"المتحدث {i}\"@ar <{BASE}graph/entities> .\n"
            f"<{BASE}speaker/s{i}> <{RDF_TYPE}> <{ISNAD}Speaker> <{BASE}graph/entities> .\n" for i in range(speakers)]
    store.bulk_load("".join(ents).encode(), ox.RdfFormat.N_QUADS)
    per_article = 5 + 5 * 9  # article triples + 5 claims of 9 triples
    articles = max(1, (triples - 2 * speakers) // per_article)
    chunk: list[str] = []
    for a in range(articles):
        art = f"<{BASE}article/a{a}>"
        g = art
        chunk.append(f"{art} <{RDF_TYPE}> <{ISNAD}Article> {g} .\n{art} <{SCHEMA}headline> \"عنوان {a}\" {g} .\n"
                     f"{art} <{SCHEMA}articleBody> \"نص المقال {a}\" {g} .\n"
                     f"{art} <{ISNAD}contentHash> \"{a:064x}\" {g} .\n{art} <{ISNAD}sourceFile> \"a{a}.txt\" {g} .\n")
        for k in range(5):
            c = f"<{BASE}claim/a{a}-{k}>"
            text = " ".join(rnd.choice(WORDS) for _ in range(8))
            day = f"20{rnd.randint(20, 23)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            chunk.append(
                f"{c} <{RDF_TYPE}> <{ISNAD}Claim> {g} .\n{c} <{RDF_TYPE}> <{ISNAD}DirectQuote> {g} .\n"
                f"{c} <{ISNAD}text> \"{text}\"@ar {g} .\n{c} <{ISNAD}speaker> <{BASE}speaker/s{rnd.randrange(speakers)}> {g} .\n"
                f"{c} <{ISNAD}reportedIn> {art} {g} .\n{c} <{ISNAD}statedOn> \"{day}\"^^<{XSD}date> {g} .\n"
                f"{c} <{ISNAD}charStart> \"{k * 10}\"^^<{XSD}integer> {g} .\n"
                f"{c} <{ISNAD}charEnd> \"{k * 10 + 9}\"^^<{XSD}integer> {g} .\n"
                f"{c} <{ISNAD}confidence> \"0.90\"^^<{XSD}decimal> {g} .\n")
        if len(chunk) >= 20000:
            store.bulk_load("".join(chunk).encode(), ox.RdfFormat.N_QUADS)
            chunk = []
    if chunk:
        store.bulk_load("".join(chunk).encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    n = len(store)
    del store
    data.publish(build)
    return n


def timed_round(fns, repeat: int) -> tuple[list[float], bytes]:
    """Median time of each function, run in turn each round so all see the same machine load."""
    times: list[list[float]] = [[] for _ in fns]
    out = b""
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            out = fn()
            times[i].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times], out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=11)
    p.add_argument("--keep", type=Path, help="data folder to create, or reuse when it holds a published store")
    args = p.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="isnad-overhead-"))
    data = DataDir(root)
    if data.current() is None:
        t0 = time.perf_counter()
        n = generate(root, args.triples)
        print(f"generated {n:,} triples in {time.perf_counter() - t0:.1f}s at {root}")
    raw_store = ox.Store.read_only(str(data.current() / STORE))
    print(f"store: {len(raw_store):,} triples")

    settings = Settings.load(env={}, overrides={"data": str(root), "query_timeout": 120, "max_rows": 1_000_000})
    app = create_app(settings)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/sparql"
    session = requests.Session()
    time.sleep(1.0)  # let the engine start its workers

    def raw(q):
        res = raw_store.query(PREFIXES + q, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryTriples):
            return ox.serialize(res, format=ox.RdfFormat.TURTLE)
        return res.serialize(format=ox.QueryResultsFormat.JSON)

    def http(q):
        accept = "text/turtle" if q.lstrip().startswith("CONSTRUCT") else "application/sparql-results+json"
        r = session.get(url, params={"query": PREFIXES + q}, headers={"Accept": accept}, timeout=300)
        r.raise_for_status()
        return r.content

    engine = app.extensions["isnad"].engine

    def workers(q):
        kind = {"graph_format": "turtle"} if q.lstrip().startswith("CONSTRUCT") else {}
        return engine.run(QueryRequest(PREFIXES + q, **kind)).body

    print(f"\n{'query':30} {'raw ms':>8} {'engine ms':>9} {'http ms':>8} {'engine×':>7} {'http×':>6} {'bytes':>9}")
    totals = [0.0, 0.0, 0.0]
    for name, q in QUERIES.items():
        raw(q), workers(q), http(q)  # warm every path once
        (t_raw, t_eng, t_http), body = timed_round([lambda: raw(q), lambda: workers(q), lambda: http(q)], args.repeat)
        totals = [totals[0] + t_raw, totals[1] + t_eng, totals[2] + t_http]
        print(f"{name:30} {t_raw * 1000:8.1f} {t_eng * 1000:9.1f} {t_http * 1000:8.1f} {t_eng / t_raw:7.2f} "
              f"{t_http / t_raw:6.2f} {len(body):9,}")
    t_raw, t_eng, t_http = totals
    print(f"{'ALL (sum of medians)':30} {t_raw * 1000:8.1f} {t_eng * 1000:9.1f} {t_http * 1000:8.1f} "
          f"{t_eng / t_raw:7.2f} {t_http / t_raw:6.2f}")
    print("\nengine = guard + worker process + IPC + results writing; http = that + werkzeug + requests on loopback")
    print(f"target: http/raw <= 1.5 over the whole set; measured {t_http / t_raw:.2f} (engine alone {t_eng / t_raw:.2f})")
    server.shutdown()
    app.extensions["isnad"].engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
