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
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH, SKOS

from kg import __version__
from kg.corpus import CorpusError, read_corpus
from kg.extract import extract
from kg.iris import Minter
from kg.model import SourceDoc
from kg.rdf import ISNAD, BuildRun, article_rdf
from kg.settings import Settings
from kg.store import REPORT, SHACL_REPORT, STORE, DataDir
from kg.validate import ONTOLOGY_TTL, TOPICS_TTL, is_violation, load_graph, validate

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


def process_article(doc: SourceDoc, base_iri: str, run: BuildRun) -> ArticleResult:
    """Extract, build RDF and validate one article (runs in a worker process)."""
    minter = Minter(base_iri)
    t0 = time.perf_counter()
    ex = extract(doc)
    t1 = time.perf_counter()
    art = article_rdf(ex, minter, run)
    t2 = time.perf_counter()
    data = art.graph + art.entities + run.triples(minter)
    result = validate(data)
    t3 = time.perf_counter()
    timing = {"extract": t1 - t0, "rdf": t2 - t1, "shacl": t3 - t2}
    claims = sum(1 for _ in art.graph.subjects(ISNAD.reportedIn, art.iri))
    violations = [v for v in result.violations if is_violation(v)]
    if violations:
        outcome = ArticleOutcome(doc.name, "rejected", str(art.iri), claims, [str(v) for v in violations])
        return ArticleResult(outcome, report_nt=result.report.serialize(format="nt"), seconds=timing)
    notes = list(ex.notes) + ([] if claims else ["no attributed claims found in this article"])
    outcome = ArticleOutcome(doc.name, "published", str(art.iri), claims, notes)
    return ArticleResult(outcome, art.graph.serialize(format="nt"), art.entities.serialize(format="nt"), seconds=timing)


def merge_entities(parts: Iterable[str]) -> Graph:
    """Union the entity descriptions; one prefLabel per language, the rest become altLabels."""
    g = Graph()
    for nt in parts:
        g.parse(data=nt, format="nt")
    for s in set(g.subjects(SKOS.prefLabel, None)):
        by_lang: dict[str | None, list[Literal]] = {}
        for label in sorted(g.objects(s, SKOS.prefLabel)):
            by_lang.setdefault(label.language, []).append(label)
        for labels in by_lang.values():
            for extra in labels[1:]:
                g.remove((s, SKOS.prefLabel, extra))
                g.add((s, SKOS.altLabel, extra))
        for label in list(g.objects(s, SKOS.altLabel)):
            if (s, SKOS.prefLabel, label) in g:
                g.remove((s, SKOS.altLabel, label))
    return g


def _load(store: ox.Store, data: str | bytes, graph: str, fmt=ox.RdfFormat.N_TRIPLES) -> None:
    if data:
        store.bulk_load(data.encode() if isinstance(data, str) else data, fmt, to_graph=ox.NamedNode(graph))


class Builder:
    """Builds a corpus folder into a new store and publishes it."""

    def __init__(self, settings: Settings, *, log: Callable[[str], None] = print):
        self.settings = settings
        self.log = log
        self.minter = Minter(settings.base_iri)
        self.data = DataDir(settings.data_dir)

    def _results(self, docs: list[SourceDoc], run: BuildRun, workers: int) -> Iterable[ArticleResult]:
        if workers <= 1 or len(docs) < 2:
            for doc in docs:
                yield process_article(doc, self.settings.base_iri, run)
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            yield from pool.map(process_article, docs, [self.settings.base_iri] * len(docs),
                                [run] * len(docs), chunksize=max(1, len(docs) // (workers * 8)))

    def run(self, *, corpus: Path | None = None, workers: int | None = None) -> BuildReport:
        t_start = time.perf_counter()
        corpus = Path(corpus or self.settings.corpus_dir)
        with self.data.lock():
            from kg.resume import Progress  # an interrupted build left results: reuse them and their run

            progress = Progress.open(self.data.root, version=__version__, base_iri=self.settings.base_iri)
            run = progress.run
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
            results = list(progress.resume(docs, lambda todo: self._results(todo, run, workers or self.settings.workers)))
            timings: dict[str, float] = {}
            for r in results:
                report.outcomes.append(r.outcome)
                for k, v in r.seconds.items():
                    timings[k] = timings.get(k, 0.0) + v
            report.outcomes.sort(key=lambda o: o.name)
            t_store = time.perf_counter()
            report.triples = self._write_store(build_dir, run, results)
            timings["store"] = time.perf_counter() - t_store
            self._write_reports(build_dir, report, results)
            report.timings = timings
            report.seconds = time.perf_counter() - t_start
            (build_dir / REPORT).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=1))
            self.data.publish(build_dir)
            progress.clear()
        for o in report.failed:
            self.log(f"{o.name}: {o.status}: " + "; ".join(o.reasons))
        return report

    def _write_store(self, build_dir: Path, run: BuildRun, results: list[ArticleResult]) -> int:
        store = ox.Store(str(build_dir / STORE))
        m = self.minter
        _load(store, ONTOLOGY_TTL.read_bytes(), m.graph("ontology"), ox.RdfFormat.TURTLE)
        topics = load_graph(TOPICS_TTL)
        _load(store, topics.serialize(format="nt"), m.graph("topics"))
        ok = [r for r in results if r.outcome.status == "published"]
        _load(store, merge_entities(r.entities_nt for r in ok).serialize(format="nt"), m.graph("entities"))
        _load(store, run.triples(m).serialize(format="nt"), m.graph("runs"))
        for r in ok:
            _load(store, r.graph_nt, r.outcome.article)
        from kg.linking import write_links  # same statement, several outlets: after all articles

        write_links(store, m)
        store.flush()
        store.optimize()
        count = len(store)
        del store
        from kg.search import build_index  # the search index is built from the finished store

        build_index(build_dir, self.settings.base_iri)
        return count

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
          log: Callable[[str], None] = print) -> BuildReport:
    """Build ``corpus`` (default: the corpus setting) and publish it in the data folder."""
    return Builder(settings, log=log).run(corpus=corpus, workers=workers)
