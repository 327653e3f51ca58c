"""How long `isnad add` of one article takes on a large published store (target: <= 1 s at 1M triples).

Generates a store of synthetic articles and claims (default ~1M triples), publishes it in a
temporary data folder, then adds one real corpus article several times (each a new text),
validation included, and prints the times beside the baseline measured in the same run:
bulk-loading the same store from scratch, which a full rebuild costs at least.

It also prints what publishing costs besides the store: the browse catalogue and the
dataset dumps (written before publishing, so that a download starts at once).

    python bench/add_speed.py [--triples 1000000] [--repeat 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from kg.corpus import make_doc  # noqa: E402
from kg.dumps import write_dumps  # noqa: E402
from kg.iris import Minter  # noqa: E402
from kg.vocab import ISNAD  # noqa: E402
from kg.publish import add_documents  # noqa: E402
from kg.search import build_index  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.store import REPORT, STORE, DataDir  # noqa: E402
from kg.validate import ONTOLOGY_TTL, TOPICS_TTL  # noqa: E402

CLAIMS_PER_ARTICLE, TRIPLES_PER_ARTICLE = 10, 7 + 10 * 12
WORDS = ("روسيا تركيا ليبيا سوريا اتفاق وقف إطلاق النار الحوار السياسي التسوية العمل المشترك الأمم المتحدة "
         "الحكومة المعارضة الوضع الإنساني الانتخابات الدستور الأمن الاستقرار المنطقة").split()


def lit(s: str, suffix: str = "") -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' + suffix


def synthetic_nquads(path: Path, n_articles: int, minter: Minter, seed: int = 7) -> None:
    rng = random.Random(seed)
    I, S, X = f"<{ISNAD}", "<https://schema.org/", "<http://www.w3.org/2001/XMLSchema#"
    typ, skos = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/2004/02/skos/core#"
    run = f"<{minter.run('bench')}>"
    speakers = [f"<{minter.speaker(f'speaker-{i}')}>" for i in range(500)]
    outlets = [f"<{minter.outlet(f'outlet-{i}')}>" for i in range(60)]
    topics = [f"<{minter.topic(k)}>" for k in ("libya", "syria", "diplomacy")]
    ents = f"<{minter.graph('entities')}>"
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        for i, sp in enumerate(speakers):
            w(f"{sp} {typ} {S}Person> {ents} .\n{sp} {skos}prefLabel> {lit(f'متحدث {i}', '@ar')} {ents} .\n")
        for i, o in enumerate(outlets):
            w(f"{o} {typ} {I}Outlet> {ents} .\n{o} {skos}prefLabel> {lit(f'صحيفة {i}', '@ar')} {ents} .\n")
        w(f"{run} {typ} <http://www.w3.org/ns/prov#Activity> <{minter.graph('runs')}> .\n")
        for a in range(n_articles):
            sha = f"{a:016x}" + "0" * 48
            art = f"<{minter.article(sha)}>"
            g = art
            date = f"2021-{1 + a % 12:02d}-{1 + a % 28:02d}"
            w(f"{art} {typ} {I}Article> {g} .\n{art} {S}headline> {lit(f'خبر {a}')} {g} .\n"
              f"{art} {S}articleBody> {lit(' '.join(rng.choices(WORDS, k=60)))} {g} .\n"
              f"{art} {I}contentHash> {lit(sha)} {g} .\n{art} {I}sourceFile> {lit(f'synthetic_{a}.txt')} {g} .\n"
              f"{art} {S}datePublished> {lit(date, '^^' + X + 'date>')} {g} .\n"
              f"{art} {S}publisher> {rng.choice(outlets)} {g} .\n")
            for c in range(CLAIMS_PER_ARTICLE):
                claim = f"<{minter.claim(sha, c * 100, c * 100 + 60)}>"
                sp = rng.choice(speakers)
                w(f"{claim} {typ} {I}Claim> {g} .\n{claim} {typ} {I}IndirectQuote> {g} .\n"
                  f"{claim} {I}text> {lit(' '.join(rng.choices(WORDS, k=12)), '@ar')} {g} .\n"
                  f"{claim} {I}speaker> {sp} {g} .\n{claim} {I}speakerMention> {lit('المتحدث')} {g} .\n"
                  f"{claim} {I}reportedIn> {art} {g} .\n{claim} {I}statedOn> {lit(date, '^^' + X + 'date>')} {g} .\n"
                  f"{claim} {I}topic> {rng.choice(topics)} {g} .\n"
                  f"{claim} {I}charStart> {lit(str(c * 100), '^^' + X + 'integer>')} {g} .\n"
                  f"{claim} {I}charEnd> {lit(str(c * 100 + 60), '^^' + X + 'integer>')} {g} .\n"
                  f"{claim} {I}confidence> {lit('0.80', '^^' + X + 'decimal>')} {g} .\n"
                  f"{claim} <http://www.w3.org/ns/prov#wasGeneratedBy> {run} {g} .\n")


@dataclass
class Made:
    load_seconds: float  # bulk loading the store
    triples: int
    index_seconds: float  # the browse catalogue
    dumps_seconds: float  # the dataset dumps, written before publishing as a build does


def make_store(data: Path, n_articles: int, minter: Minter, *, workers: int = 1) -> Made:
    """Publish a synthetic build (store, catalogue, dumps) and say what each part cost."""
    d = DataDir(data)
    build = d.new_build()
    nq = data / "synthetic.nq"
    synthetic_nquads(nq, n_articles, minter)
    t0 = time.perf_counter()
    store = ox.Store(str(build / STORE))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(ONTOLOGY_TTL.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(minter.graph("ontology")))
    store.bulk_load(TOPICS_TTL.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(minter.graph("topics")))
    store.flush()
    store.optimize()
    seconds = time.perf_counter() - t0
    triples = len(store)
    del store
    nq.unlink()
    t0 = time.perf_counter()
    build_index(build, minter.base)
    index_s = time.perf_counter() - t0
    dumps_s = write_dumps(build, base_iri=minter.base, workers=workers).seconds
    (build / REPORT).write_text(json.dumps({"build_id": build.name, "triples": triples, "outcomes": []}))
    d.publish(build)
    return Made(seconds, triples, index_s, dumps_s)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--workers", type=int, default=2, help="processes writing the dumps of the synthetic build")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="isnad-bench-") as tmp:
        tmp = Path(tmp)
        settings = Settings.load(env={}, overrides={"data": str(tmp / "data"), "corpus": str(tmp / "corpus")})
        minter = Minter(settings.base_iri)
        n_articles = max(1, args.triples // TRIPLES_PER_ARTICLE)
        made = make_store(tmp / "data", n_articles, minter, workers=args.workers)
        load_s = made.load_seconds
        print(f"store: {made.triples} triples ({n_articles} synthetic articles); bulk load from scratch "
              f"(baseline, what a rebuild costs at least): {load_s:.2f} s; catalogue {made.index_seconds:.2f} s; "
              f"dumps written at publish ({args.workers} worker(s)): {made.dumps_seconds:.2f} s")
        article = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
        for i in range(args.repeat):
            doc = make_doc(f"bench_{i}.txt", article + f"\n(نسخة {i})\n")
            t0 = time.perf_counter()
            report = add_documents(settings, [doc], log=lambda m: None)
            took = time.perf_counter() - t0
            parts = ", ".join(f"{k} {v:.3f}" for k, v in report.timings.items())
            claims = sum(o.claims for o in report.outcomes)
            print(f"add #{i + 1}: {took:.3f} s ({claims} claims, {report.outcomes[0].status}; {parts}) "
                  f"= {took / load_s:.1%} of the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
