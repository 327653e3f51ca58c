"""Benchmark of the browse pages on a generated store of about a million triples.

    python tests/bench_browse.py [--triples 1000000] [--repeat 30]

Writes a store following the data contract (articles, claims, speakers, outlets, topics)
straight as N-Quads, builds the catalogue, then times each page through the Flask test
client in-process and prints p50/p95 in milliseconds, next to /healthz as the baseline of
the same run. Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.search import build_index  # noqa: E402
from kg.server import create_app  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.store import SHACL_REPORT, STORE, DataDir  # noqa: E402
from kg.validate import ONTOLOGY_TTL, TOPICS_TTL  # noqa: E402

B = "https://w3id.org/isnad/id/"
I = "https://w3id.org/isnad/ontology#"  # noqa: E741
S = "https://schema.org/"
SK = "http://www.w3.org/2004/02/skos/core#"
T = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
TOPICS = ["libya", "syria", "egypt", "ceasefire", "political-process", "counter-terrorism", "sanctions",
          "economy-energy", "humanitarian", "sovereignty"]
WORDS = "قال الوزير إن الحل السياسي في ليبيا هو الطريق الوحيد لمكافحة الإرهاب وتحقيق الاستقرار والسلام".split()


def lit(s: str, lang: str | None = None, dt: str | None = None) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"' + (f"@{lang}" if lang else "") + (f"^^<{XSD}{dt}>" if dt else "")


def generate(data: Path, triples: int, seed: int = 7) -> Settings:
    rnd = random.Random(seed)
    n_articles = max(10, triples // 67)
    n_speakers, n_outlets = max(5, n_articles // 6), 60
    lines: list[str] = []
    ent = f"<{B}graph/entities>"
    for k in range(n_speakers):
        s = f"<{B}speaker/sp-{k}>"
        lines += [f"{s} <{T}> <{S}Person> {ent} .", f"{s} <{SK}prefLabel> {lit(f'متحدث {k}', 'ar')} {ent} .",
                  f"{s} <{SK}prefLabel> {lit(f'Speaker {k}', 'en')} {ent} .",
                  f"{s} <{I}country> {lit(rnd.choice(['RU', 'TR', 'LY', 'EG', 'SY']))} {ent} ."]
    for k in range(n_outlets):
        o = f"<{B}outlet/out-{k}>"
        lines += [f"{o} <{T}> <{I}Outlet> {ent} .", f"{o} <{SK}prefLabel> {lit(f'وسيلة {k}', 'ar')} {ent} ."]
    run = f"<{B}run/bench>"
    for a in range(n_articles):
        art = f"<{B}article/{a:016x}>"
        g = art
        day = f"{2015 + a % 8}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        paras = [" ".join(rnd.choices(WORDS, k=12)) for _ in range(6)]
        body = "\n".join(paras)
        lines += [f"{art} <{T}> <{I}Article> {g} .", f"{art} <{S}headline> {lit(paras[0][:40])} {g} .",
                  f"{art} <{S}articleBody> {lit(body)} {g} .", f"{art} <{S}datePublished> {lit(day, dt='date')} {g} .",
                  f"{art} <{S}publisher> <{B}outlet/out-{a % n_outlets}> {g} .",
                  f"{art} <{I}credits> <{B}outlet/out-{(a * 7) % n_outlets}> {g} .",
                  f"{art} <{I}sourceFile> {lit(f'{a}.txt')} {g} ."]
        pos = 0
        for p in paras[1:]:
            start = body.index(p, pos)
            end = start + len(p)
            pos = end
            c = f"<{B}claim/{a:016x}-{start}-{end}>"
            sp = f"<{B}speaker/sp-{rnd.randrange(n_speakers)}>"
            lines += [f"{c} <{T}> <{I}Claim> {g} .", f"{c} <{T}> <{I}DirectQuote> {g} .",
                      f"{c} <{I}text> {lit(p, 'ar')} {g} .", f"{c} <{I}speaker> {sp} {g} .",
                      f"{c} <{I}reportedIn> {art} {g} .", f"{c} <{I}statedOn> {lit(day, dt='date')} {g} .",
                      f"{c} <{I}topic> <{B}topic/{rnd.choice(TOPICS)}> {g} .",
                      f"{c} <{I}topic> <{B}topic/{rnd.choice(TOPICS)}> {g} .",
                      f"{c} <{I}charStart> {lit(str(start), dt='integer')} {g} .",
                      f"{c} <{I}charEnd> {lit(str(end), dt='integer')} {g} .",
                      f"{c} <{I}confidence> {lit('0.80', dt='decimal')} {g} .",
                      f"{c} <http://www.w3.org/ns/prov#wasGeneratedBy> {run} {g} ."]
    datadir = DataDir(data)
    build = datadir.new_build()
    store = ox.Store(str(build / STORE))
    store.bulk_load(ONTOLOGY_TTL.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(B + "graph/ontology"))
    store.bulk_load(TOPICS_TTL.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(B + "graph/topics"))
    store.bulk_load("\n".join(lines).encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    print(f"store: {len(store)} quads, {n_articles} articles, {n_speakers} speakers", flush=True)
    del store
    t0 = time.perf_counter()
    build_index(build, B)
    print(f"catalogue built in {time.perf_counter() - t0:.1f}s", flush=True)
    (build / SHACL_REPORT).write_text("")
    datadir.publish(build)
    return Settings.load(env={}, overrides={"data": str(data)})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--data", help="keep the generated store in this folder and reuse it on the next run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.data or tmp)
        if DataDir(data).current() is None:
            settings = generate(data, args.triples)
        else:
            settings = Settings.load(env={}, overrides={"data": str(data)})
        app = create_app(settings)
        client = app.test_client()
        import json

        first = json.loads(client.get("/claims.json").data)
        c = first["claims"][0]
        top = json.loads(client.get("/speakers.json").data)["speakers"][0]["id"]
        pages = {
            "baseline /healthz": "/healthz",
            "/": "/",
            "/claims": "/claims",
            "/claims page 2": first["next"].replace("/claims.json", "/claims"),
            "/claims?q=": "/claims?q=الارهاب",
            "/claims?speaker&topic": f"/claims?speaker={top}&topic=libya",
            "/claims?year&kind": "/claims?year=2018&kind=direct",
            "/claims.csv": "/claims.csv",
            "/claims/<id>": f"/claims/{c['id']}",
            "/claims/<id>.ttl": f"/claims/{c['id']}.ttl",
            "/articles/<id>": f"/articles/{c['article_id']}",
            "/speakers/<top>": f"/speakers/{top}",
            "/topics/libya": "/topics/libya",
            "/outlets/<id>": "/outlets/out-1",
            "/speakers": "/speakers",
            "/outlets": "/outlets",
            "/articles": "/articles",
            "/id/claim (turtle)": f"/id/claim/{c['id']}.ttl",
        }
        print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8}")
        for name, url in pages.items():
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (url, r.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            print(f"{name:28} {statistics.median(times):8.1f} {p95:8.1f}", flush=True)
        app.extensions["isnad"].engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
