"""corpus -> extract -> RDF -> validate -> store, published atomically.

:func:`build` is the facade; :class:`Builder` does the work. An article that cannot be
read, or whose graph does not conform to the shapes, is reported (file, shape, message)
and left out; the others are published. Nothing is published unless the whole build
finished: the new store is written in a folder of its own and switched to at the end.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH

from kg import __version__
from kg.corpus import CorpusError, read_corpus
from kg.extract import extract
from kg.iris import Minter
from kg.model import Extraction, SourceDoc
from kg.rdf import ArticleRDF, BuildRun, article_rdf
from kg.shacl_fast import ENGINES, validate_parts
from kg.settings import Settings
from kg.store import REPORT, SHACL_REPORT, STORE, DataDir
from kg.store_writer import StoreWriter, merge_entities  # noqa: F401 - merge_entities: re-exported
from kg.validate import TOPICS_TTL, ValidationResult, is_violation, load_graph
from kg.vocab import DATA, rebase

EXIT_OK, EXIT_REJECTED, EXIT_ERROR = 0, 1, 2


@dataclass
class ArticleOutcome:
    """What happened to one corpus file (or one record of a dump)."""

    name: str
    status: str  # published | rejected | unreadable
    article: str | None = None
    claims: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    build_id: str
    run_id: str
    version: str
    started: str
    seconds: float = 0.0
    triples: int = 0
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def published(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == "published"]

    @property
    def failed(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status != "published"]

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if self.failed else EXIT_OK

    def summary(self) -> str:
        lines = [f"{o.name}: {o.status}" + (f", {o.claims} claims" if o.status == "published" else "")
                 + "".join(f"\n    {r}" for r in o.reasons) for o in self.outcomes]
        lines.append(f"build {self.build_id}: {len(self.published)} articles published, "
                     f"{len(self.failed)} rejected, {sum(o.claims for o in self.published)} claims, "
                     f"{self.triples} triples in {self.seconds:.2f}s")
        return "\n".join(lines)


@dataclass
class ArticleResult:
    """A processed article, in a form that crosses process boundaries."""

    outcome: ArticleOutcome
    graph_nt: str = ""
    entities_nt: str = ""
    report_nt: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


Extractor = Callable[[SourceDoc], Extraction]


@lru_cache(maxsize=4)
def _run_graph(run: BuildRun, base_iri: str) -> Graph:
    """What every article is validated with: the run, plus the topic scheme under a non-default base
    (the validator mixes in the scheme under the default base only)."""
    g = run.triples(Minter(base_iri))
    return g if base_iri == str(DATA) else g + rebase(load_graph(TOPICS_TTL), base_iri)


VALIDATE_BATCH = {"pyshacl": 10, "rudof": 200}  # articles per engine call; a batch with a violation is re-validated article by article


@lru_cache(maxsize=4)
def _run_nt(run: BuildRun, base_iri: str) -> str:
    return _run_graph(run, base_iri).serialize(format="nt")


def _validate_group(arts: list[ArticleRDF], run_nt: str, engine: str) -> list[ValidationResult | None]:
    """One result per article: None when its batch conformed, else the article's own result."""
    t = validate_parts([nt for a in arts for nt in (a.graph_nt, a.entities_nt)] + [run_nt], engine=engine)
    if not any(is_violation(v) for v in t.violations):
        return [None] * len(arts)
    return [validate_parts([a.graph_nt, a.entities_nt, run_nt], engine=engine) for a in arts]


def process_batch(docs: list[SourceDoc], base_iri: str, run: BuildRun,
                  extractor: Extractor | None = None, *, shacl_engine: str = "rudof") -> list[ArticleResult]:
    """Extract, build RDF and validate a batch of articles (the unit of work of a worker).

    Every article is validated: in groups of ``VALIDATE_BATCH[shacl_engine]`` in one engine
    call, and a group with a violation again article by article, so rejections stay per
    article (see :mod:`kg.shacl_fast` for the engines)."""
    minter = Minter(base_iri)
    prepared = []
    for doc in docs:
        t0 = time.perf_counter()
        ex = (extractor or extract)(doc)
        t1 = time.perf_counter()
        art = article_rdf(ex, minter, run)
        prepared.append((doc, ex, art, {"extract": t1 - t0, "rdf": time.perf_counter() - t1}))
    run_nt = _run_nt(run, base_iri)
    size = VALIDATE_BATCH[shacl_engine]
    out = []
    for i in range(0, len(prepared), size):
        group = prepared[i:i + size]
        t0 = time.perf_counter()
        results = _validate_group([p[2] for p in group], run_nt, shacl_engine)
        share = (time.perf_counter() - t0) / len(group)
        for (doc, ex, art, timing), result in zip(group, results):
            timing["shacl"] = share
            violations = [v for v in result.violations if is_violation(v)] if result else []
            if violations:
                outcome = ArticleOutcome(doc.name, "rejected", str(art.iri), art.claims, [str(v) for v in violations])
                out.append(ArticleResult(outcome, report_nt=result.report.serialize(format="nt"), seconds=timing))
            else:
                notes = list(ex.notes) + ([] if art.claims else ["no attributed claims found in this article"])
                outcome = ArticleOutcome(doc.name, "published", str(art.iri), art.claims, notes)
                out.append(ArticleResult(outcome, art.graph_nt, art.entities_nt, seconds=timing))
    return out


def process_article(doc: SourceDoc, base_iri: str, run: BuildRun, extractor: Extractor | None = None, *,
                    shacl_engine: str = "rudof") -> ArticleResult:
    """Extract, build RDF and validate one article."""
    return process_batch([doc], base_iri, run, extractor, shacl_engine=shacl_engine)[0]


def batches(docs: list, workers: int) -> list[list]:
    """Split ``docs`` into about 8 batches per worker, of 1 to 200 documents, in order."""
    size = max(1, min(200, len(docs) // (max(1, workers) * 8)))
    return [docs[i:i + size] for i in range(0, len(docs), size)]


class Builder:
    """Builds a corpus folder into a new store and publishes it."""

    def __init__(self, settings: Settings, *, log: Callable[[str], None] = print):
        if settings.shacl_engine not in ENGINES:
            raise ValueError(f"unknown SHACL engine {settings.shacl_engine!r}; choose one of {', '.join(ENGINES)}")
        self.settings = settings
        self.log = log
        self.minter = Minter(settings.base_iri)
        self.data = DataDir(settings.data_dir)

    def _results(self, docs: list[SourceDoc], run: BuildRun, workers: int, dask: str | None,
                 extractor: Extractor | None) -> Iterable[ArticleResult]:
        base = self.settings.base_iri
        work = partial(process_batch, shacl_engine=self.settings.shacl_engine)
        if dask:
            from kg.distributed import map_batches

            for part in map_batches(dask, work, batches(docs, 64), base, run, extractor):
                yield from part
            return
        if workers <= 1 or len(docs) < 2:
            for part in batches(docs, 1):
                yield from work(part, base, run, extractor)
            return
        parts = batches(docs, workers)
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for part in pool.map(work, parts, [base] * len(parts), [run] * len(parts),
                                 [extractor] * len(parts)):
                yield from part

    def run(self, *, corpus: Path | None = None, workers: int | None = None, dask: str | None = None,
            build_run: BuildRun | None = None, extractor: Extractor | None = None) -> BuildReport:
        """Build and publish. ``dask``: a scheduler address to process the articles on;
        ``build_run``: the prov run node to use (default: a new one); ``extractor``: a
        picklable ``SourceDoc -> Extraction`` function used instead of :func:`kg.extract.extract`."""
        t_start = time.perf_counter()
        corpus = Path(corpus or self.settings.corpus_dir)
        with self.data.lock():
            from kg.resume import Progress  # an interrupted build left results: reuse them and their run

            progress = Progress.open(self.data.root, version=__version__, base_iri=self.settings.base_iri)
            run = build_run or progress.run
            self.data.collect_garbage()
            build_dir = self.data.new_build()
            report = BuildReport(build_dir.name, run.run_id, __version__, run.started)
            docs: list[SourceDoc] = []
            seen: dict[str, str] = {}
            for item in read_corpus(corpus, max_bytes=self.settings.max_article_bytes):
                if isinstance(item, CorpusError):
                    report.outcomes.append(ArticleOutcome(item.name, "unreadable", reasons=[item.reason]))
                elif item.sha256 in seen:
                    report.outcomes.append(ArticleOutcome(item.name, "rejected", self.minter.article(item.sha256),
                                                          reasons=[f"same text as {seen[item.sha256]}; kept once"]))
                else:
                    seen[item.sha256] = item.name
                    docs.append(item)
            writer = StoreWriter(build_dir / STORE, self.minter)
            results: list[ArticleResult] = []
            timings: dict[str, float] = {"store": 0.0}
            for r in progress.resume(
                    docs, lambda todo: self._results(todo, run, workers or self.settings.workers, dask, extractor)):
                results.append(r)
                report.outcomes.append(r.outcome)
                for k, v in r.seconds.items():
                    timings[k] = timings.get(k, 0.0) + v
                t_store = time.perf_counter()  # articles go into the store while the workers go on
                if r.outcome.status == "published":
                    writer.add(r.outcome.article, r.graph_nt, r.entities_nt)
                r.graph_nt = r.entities_nt = ""  # in the store now (a 100k build kept gigabytes of them)
                timings["store"] += time.perf_counter() - t_store
            report.outcomes.sort(key=lambda o: o.name)
            t_store = time.perf_counter()
            report.triples = writer.finish(run)
            from kg.search import build_index  # the catalogue: from the mirror (it needs no article body)

            build_index(build_dir, self.settings.base_iri, source=writer.mirror)
            writer.close()
            timings["store"] += time.perf_counter() - t_store
            from kg.dumps import write_dumps  # the downloads, ready before the build is published
            timings["dumps"] = write_dumps(build_dir, base_iri=self.settings.base_iri,
                                           workers=workers or self.settings.workers).seconds
            if self.settings.store:
                t_remote = time.perf_counter()
                self._publish_remote(build_dir)
                timings["remote"] = time.perf_counter() - t_remote
            self._write_reports(build_dir, report, results)
            report.timings = timings
            report.seconds = time.perf_counter() - t_start
            (build_dir / REPORT).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=1))
            self.data.publish(build_dir)
            progress.clear()
        for o in report.failed:
            self.log(f"{o.name}: {o.status}: " + "; ".join(o.reasons))
        return report

    def _publish_remote(self, build_dir: Path) -> None:
        """Replace our graphs in the remote store (``store`` setting) by this build's."""
        from kg.backends.remote import RemoteStore, publish

        source = ox.Store.read_only(str(build_dir / STORE))
        n = publish(RemoteStore(self.settings.store), source, owned_prefix=self.settings.base_iri)
        self.log(f"published {n} quads to {self.settings.store}")

    def _write_reports(self, build_dir: Path, report: BuildReport, results: list[ArticleResult]) -> None:
        g = Graph()
        for r in results:
            if r.report_nt:
                g.parse(data=r.report_nt, format="nt")
        g.bind("sh", SH)
        if not any(g.subjects(RDF.type, SH.ValidationReport)):
            node = BNode()
            g.add((node, RDF.type, SH.ValidationReport))
            g.add((node, SH.conforms, Literal(True)))
        (build_dir / SHACL_REPORT).write_text(g.serialize(format="turtle"))


def build(settings: Settings, *, corpus: Path | None = None, workers: int | None = None,
          dask: str | None = None, build_run: BuildRun | None = None, extractor: Extractor | None = None,
          log: Callable[[str], None] = print) -> BuildReport:
    """Build ``corpus`` (default: the corpus setting) and publish it in the data folder
    (and in the remote store when the ``store`` setting is set)."""
    return Builder(settings, log=log).run(corpus=corpus, workers=workers, dask=dask, build_run=build_run,
                                          extractor=extractor)
