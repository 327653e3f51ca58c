"""Incremental publishing: add or withdraw articles without a full rebuild.

The published build folder is never modified: under the build lock, the current store
is copied into a new build folder with a RocksDB checkpoint (``Store.backup``: hard
links, so it is fast at any size), the copy is changed by named graph (the article
graphs, the merged speaker and outlet descriptions in graph/entities, the run in
graph/runs, the links in graph/links), the search index, the reports and the dataset
dumps are updated (the dumps reuse the old build's bytes for unchanged graphs), and the
new folder is published with the same atomic pointer switch as a full build. Each
added article is validated against the shapes as in a build; a rejected one is left out.
When nothing is published yet, adding falls back to a full build of the corpus folder.
"""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__
from kg.build import ArticleOutcome, build, merge_entities, process_article
from kg.dumps import write_dumps
from kg.iris import Minter
from kg.vocab import ISNAD
from kg.linking import claim_records, link_articles, unlink_claims
from kg.model import SourceDoc
from kg.rdf import BuildRun
from kg.settings import Settings
from kg.store import REPORT, SEARCH, SHACL_REPORT, STORE, DataDir

NT = ox.RdfFormat.N_TRIPLES
REPORTED_IN = ox.NamedNode(ISNAD + "reportedIn")
SOURCE_FILE = ox.NamedNode(ISNAD + "sourceFile")
CONTENT_HASH = ox.NamedNode(ISNAD + "contentHash")
SCHEMA_URL = ox.NamedNode("https://schema.org/url")
_ENTITY_LINKS = tuple(ox.NamedNode(p) for p in (ISNAD + "speaker", "https://schema.org/publisher",
                                                   ISNAD + "credits"))


@dataclass
class PublishReport:
    """What an add or remove did; ``build_id`` is None when nothing changed."""

    build_id: str | None
    base_build: str | None
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # article IRIs withdrawn or replaced
    links: int = 0
    triples: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if any(o.status not in ("published", "unchanged") for o in self.outcomes) else 0

    def summary(self) -> str:
        lines = [f"{o.name}: {o.status}" + (f", {o.claims} claims" if o.status == "published" else "")
                 + "".join(f"\n    {r}" for r in o.reasons) for o in self.outcomes]
        lines += [f"removed {iri}" for iri in self.removed]
        if self.build_id:
            lines.append(f"build {self.build_id} published (from {self.base_build}): {self.links} new links, "
                         f"{self.triples} triples in {self.seconds:.2f}s")
        else:
            lines.append("nothing changed; nothing published")
        return "\n".join(lines)


# -- store surgery -------------------------------------------------------------------

def _quads_nt(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def merge_entities_into(store: ox.Store, graph: ox.NamedNode, entities_nt: str) -> None:
    """Merge new speaker/outlet descriptions with those already in ``graph``."""
    if not entities_nt.strip():
        return
    new = Graph().parse(data=entities_nt, format="nt")
    old = [q for s in set(new.subjects()) for q in store.quads_for_pattern(ox.NamedNode(str(s)), None, None, graph)]
    merged = merge_entities([_quads_nt(old), entities_nt])
    for q in old:
        store.remove(q)
    store.load(merged.serialize(format="nt").encode("utf-8"), NT, to_graph=graph)


def article_entities(store: ox.Store, article: str) -> set[ox.NamedNode]:
    """The speakers and outlets one article graph refers to."""
    g = ox.NamedNode(article)
    return {q.object for p in _ENTITY_LINKS for q in store.quads_for_pattern(None, p, None, g)
            if isinstance(q.object, ox.NamedNode)}


def drop_article(store: ox.Store, minter: Minter, article: str) -> list[str]:
    """Remove one article graph, its links, and entities nothing else refers to; returns its claims."""
    g = ox.NamedNode(article)
    claims = sorted({q.subject.value for q in store.quads_for_pattern(None, REPORTED_IN, g, g)})
    entities = article_entities(store, article)
    records = claim_records(store, article=article)  # what linking needs, read before the graph goes
    store.remove_graph(g)
    unlink_claims(store, minter, records)
    eg = ox.NamedNode(minter.graph("entities"))
    for ent in entities:
        if not any(q.graph_name != eg for q in store.quads_for_pattern(None, None, ent, None)):
            for q in list(store.quads_for_pattern(ent, None, None, eg)):
                store.remove(q)
    return claims


def articles_with_url(store: ox.Store, url: str) -> list[str]:
    return sorted({q.subject.value for q in store.quads_for_pattern(None, SCHEMA_URL, ox.NamedNode(url), None)})


# -- the search index ------------------------------------------------------------------

def _patch_search(w: "_Work", base_iri: str, *, added: list[str] = (), labels: Iterable[str] = ()) -> bool:
    """Copy the old catalogue and patch it: the withdrawn articles' rows out, the new ones in.

    False when that cannot be done (no catalogue, or one of an older layout): the caller rebuilds it.
    """
    from kg.catalogue_patch import patch_catalogue
    from kg.search import CATALOGUE_VERSION, catalogue_version

    old, new = w.base / SEARCH, w.build / SEARCH
    if catalogue_version(old) != CATALOGUE_VERSION:
        return False
    try:
        shutil.copyfile(old, new)
        con = sqlite3.connect(new)
        try:
            patch_catalogue(con, w.store, base_iri, removed=w.dropped, added=list(added),
                            labels={*labels, *w.dropped_entities})
            con.commit()
        finally:
            con.close()
        return True
    except sqlite3.Error:
        new.unlink(missing_ok=True)
        return False


# -- the transaction -----------------------------------------------------------------

@dataclass
class _Work:
    store: ox.Store
    base: Path
    build: Path
    minter: Minter
    report: PublishReport
    dropped: list[str] = field(default_factory=list)  # articles withdrawn from the store
    dropped_entities: set[str] = field(default_factory=set)  # the speakers and outlets they referred to
    search_patched: bool = False
    shacl_nt: list[str] = field(default_factory=list)
    changed: bool = False
    before: dict[str, int] = field(default_factory=dict)  # quads per touched graph, before the change

    def touch(self, *graphs: str) -> None:
        """Note the size of graphs about to change (the triple count is kept without len(store))."""
        for g in graphs:
            if g not in self.before:
                self.before[g] = _graph_size(self.store, g)

    def drop(self, article: str) -> None:
        """Withdraw one article from the store (its catalogue rows go when the catalogue is patched)."""
        self.dropped_entities |= {e.value for e in article_entities(self.store, article)}
        drop_article(self.store, self.minter, article)
        self.dropped.append(article)
        self.report.removed.append(article)

    def delta(self) -> int:
        return sum(_graph_size(self.store, g) - n for g, n in self.before.items())


def _graph_size(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


@contextlib.contextmanager
def _new_build(settings: Settings, report: PublishReport) -> Iterator[_Work]:
    """Copy the published store into a new build, let the caller change it, then publish."""
    data = DataDir(settings.data_dir)
    t0 = time.perf_counter()
    with data.lock():
        base = data.current()
        if base is None:
            raise RuntimeError("nothing is published yet; run `isnad build` first")
        data.collect_garbage()
        build = data.new_build()
        try:
            ox.Store.read_only(str(base / STORE)).backup(str(build / STORE))
            report.timings["copy"] = time.perf_counter() - t0
            work = _Work(ox.Store(str(build / STORE)), base, build, Minter(settings.base_iri), report)
            yield work
            if not work.changed:
                del work.store
                shutil.rmtree(build, ignore_errors=True)
                return
            t1 = time.perf_counter()
            report.triples = _old_triples(base, work.store) + work.delta()
            work.store.flush()
            del work.store
            # pyoxigraph closes RocksDB only when the Store object is freed; a reference cycle
            # anywhere would keep it open past publishing, and a later checkpoint of this build
            # would then miss files. Collect now so the build is closed before it is published.
            gc.collect()
            report.timings["close"] = time.perf_counter() - t1
            report.timings["dumps"] = write_dumps(build, base_iri=settings.base_iri, base=base,
                                                  changed=work.before).seconds
            t2 = time.perf_counter()
            if not work.search_patched:  # the catalogue could not be patched: rebuild it
                from kg.search import build_index

                (build / SEARCH).unlink(missing_ok=True)
                build_index(build, settings.base_iri)
                report.timings["catalogue rebuild"] = time.perf_counter() - t2
            t3 = time.perf_counter()
            _write_reports(base, build, report, work.shacl_nt)
            t4 = time.perf_counter()
            report.timings["report"] = t4 - t3
            report.build_id, report.base_build = build.name, base.name
            data.publish(build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise


def _old_triples(base: Path, store: ox.Store) -> int:
    try:
        return int(json.loads((base / REPORT).read_text())["triples"])
    except (OSError, ValueError, KeyError, TypeError):
        return len(store)  # no count to start from: count once


def _write_reports(base: Path, build: Path, report: PublishReport, shacl_nt: list[str]) -> None:
    try:
        old = json.loads((base / REPORT).read_text())
    except (OSError, ValueError):
        old = {"outcomes": []}
    touched = {o.name for o in report.outcomes} | set(report.removed)
    outcomes = [o for o in old.get("outcomes", []) if o.get("name") not in touched
                and o.get("article") not in set(report.removed)]
    outcomes += [asdict(o) for o in report.outcomes if o.status != "unchanged"]
    old.update(build_id=build.name, triples=report.triples, outcomes=sorted(outcomes, key=lambda o: o["name"]))
    old.setdefault("incremental", []).append({"from": base.name, "added": [o.article for o in report.outcomes
                                                                           if o.status == "published"],
                                              "removed": report.removed, "version": __version__})
    (build / REPORT).write_text(json.dumps(old, ensure_ascii=False, indent=1))
    if shacl_nt and (base / SHACL_REPORT).exists():
        g = Graph().parse(base / SHACL_REPORT, format="turtle")
        for nt in shacl_nt:
            g.parse(data=nt, format="nt")
        (build / SHACL_REPORT).write_text(g.serialize(format="turtle"))
    elif (base / SHACL_REPORT).exists():
        shutil.copyfile(base / SHACL_REPORT, build / SHACL_REPORT)


# -- the facades ---------------------------------------------------------------------

def add_documents(settings: Settings, docs: Iterable[SourceDoc], *, log: Callable[[str], None] = print) -> PublishReport:
    """Add (or replace) articles in the published store and publish the result.

    An article already published (same text) is ``unchanged``; a page fetched again from
    the same URL replaces the article it gave before.
    """
    t0 = time.perf_counter()
    docs = list(docs)
    report = PublishReport(None, None)
    if DataDir(settings.data_dir).current() is None:  # nothing to add to: build everything
        full = build(settings, log=log)
        names = {d.name for d in docs}
        report.outcomes = [o for o in full.outcomes if o.name in names]
        report.build_id, report.triples, report.seconds = full.build_id, full.triples, full.seconds
        return report
    run = BuildRun.create(version=__version__)
    with _new_build(settings, report) as w:
        m, store = w.minter, w.store
        added: list[str] = []
        seen: set[str] = set()
        for doc in docs:
            iri = m.article(doc.sha256)
            if iri in seen or store.contains_named_graph(ox.NamedNode(iri)):
                report.outcomes.append(ArticleOutcome(doc.name, "unchanged", iri, reasons=["already published"]))
                continue
            seen.add(iri)
            t = time.perf_counter()
            result = process_article(doc, settings.base_iri, run, shacl_engine=settings.shacl_engine)
            for k, v in result.seconds.items():
                report.timings[k] = report.timings.get(k, 0.0) + v
            report.outcomes.append(result.outcome)
            if result.outcome.status != "published":
                w.shacl_nt.append(result.report_nt)
                continue
            t = time.perf_counter()
            w.touch(iri, *(m.graph(g) for g in ("entities", "links", "runs")))
            for old in (articles_with_url(store, doc.url) if doc.url else []):
                w.touch(old)
                w.drop(old)
            store.load(result.graph_nt.encode("utf-8"), NT, to_graph=ox.NamedNode(iri))
            merge_entities_into(store, ox.NamedNode(m.graph("entities")), result.entities_nt)
            added.append(iri)
            report.timings["store"] = report.timings.get("store", 0.0) + time.perf_counter() - t
        if added:
            t = time.perf_counter()
            store.load(run.triples(m).serialize(format="nt").encode("utf-8"), NT, to_graph=ox.NamedNode(m.graph("runs")))
            report.links = link_articles(store, m, added)
            labels = {e.value for a in added for e in article_entities(store, a)}
            w.search_patched = _patch_search(w, settings.base_iri, added=added, labels={m.run(run.run_id), *labels})
            report.timings["links+search"] = time.perf_counter() - t
            w.changed = True
    report.seconds = time.perf_counter() - t0
    return report


def find_articles(settings: Settings, ref: str) -> list[str]:
    """Article IRIs that ``ref`` names: an article IRI, its 16-hex id, a page URL or a source file name."""
    m = Minter(settings.base_iri)
    current = DataDir(settings.data_dir).current()
    if current is None:
        return []
    store = ox.Store.read_only(str(current / STORE))
    candidates: list[str] = []
    if len(ref) == 16 and all(c in "0123456789abcdef" for c in ref.lower()):
        candidates.append(m.article(ref.lower()))
    elif m.local_id(ref) is not None:
        candidates.append(ref)
    elif ref.startswith(("http://", "https://")):
        candidates += articles_with_url(store, ref)
    else:
        name = Path(ref).name
        for q in store.quads_for_pattern(None, SOURCE_FILE, None, None):
            if q.object.value == name or q.object.value.split("#", 1)[0] == name:
                candidates.append(q.subject.value)
        from kg.corpus import read_bytes  # an archived page or a dump: the articles read from it

        path = settings.corpus_dir / name
        if path.is_file():
            for d in read_bytes(name, path.read_bytes(), max_bytes=1 << 62):
                if isinstance(d, SourceDoc):
                    candidates.append(m.article(d.sha256))
    return sorted({c for c in candidates if store.contains_named_graph(ox.NamedNode(c))})


def _corpus_files(settings: Settings, store: ox.Store, article: str) -> tuple[str | None, str | None]:
    """(corpus file name, content hash) of a published article."""
    g = ox.NamedNode(article)
    name = next((q.object.value.split("#", 1)[0] for q in store.quads_for_pattern(g, SOURCE_FILE, None, g)), None)
    sha = next((q.object.value for q in store.quads_for_pattern(g, CONTENT_HASH, None, g)), None)
    if name is None:
        from kg.archive import archive_name

        url = next((q.object.value for q in store.quads_for_pattern(g, SCHEMA_URL, None, g)), None)
        if url and (settings.corpus_dir / f"{archive_name(url)}.jsonl").exists():
            name = f"{archive_name(url)}.jsonl"
    return name, sha


def remove_article(settings: Settings, ref: str) -> PublishReport:
    """Withdraw one article (IRI, 16-hex id, URL or source file name) and publish the result.

    Its corpus file moves to ``corpus/removed/`` so that a full rebuild agrees.
    Raises LookupError when ``ref`` names no published article.
    """
    from kg.archive import withdraw_file

    t0 = time.perf_counter()
    articles = find_articles(settings, ref)
    if not articles:
        raise LookupError(f"no published article matches {ref!r}")
    report = PublishReport(None, None)
    files = []
    with _new_build(settings, report) as w:
        for iri in articles:
            files.append(_corpus_files(settings, w.store, iri))
            w.touch(iri, *(w.minter.graph(g) for g in ("entities", "links")))
            w.drop(iri)
        t = time.perf_counter()
        w.search_patched = _patch_search(w, settings.base_iri)
        report.timings["catalogue"] = time.perf_counter() - t
        w.changed = True
    for name, sha in files:  # after publishing: the corpus agrees with the published store
        if name and sha:
            withdraw_file(settings.corpus_dir, name, drop_hashes={sha})
    report.seconds = time.perf_counter() - t0
    return report
