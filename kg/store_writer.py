"""Writing a build's store: article graphs as they arrive, then the shared graphs and links.

Reads the published articles' N-Triples (from :mod:`kg.build`); writes the on-disk
pyoxigraph store of the build and keeps an in-memory *mirror* of it without the article
bodies, from which the same-statement links and the browse catalogue are computed
(reading terms back from the on-disk store costs ~20 µs each, from memory a few).

>>> import tempfile, pathlib
>>> from kg.iris import Minter
>>> from kg.rdf import BuildRun
>>> w = StoreWriter(pathlib.Path(tempfile.mkdtemp()) / "store", Minter())
>>> w.add("https://w3id.org/isnad/id/article/a", "<urn:s> <urn:p> <urn:o> .")
>>> w.finish(BuildRun.create(version="0"), []) > 1
True
>>> w.close()
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.iris import Minter
from kg.rdf import BuildRun
from kg.validate import ONTOLOGY_TTL, TOPICS_TTL, load_graph
from kg.vocab import rebase

LOAD_CHUNK = 2000  # articles per bulk load (one load per article costs ~40 ms)
_BODY = "<https://schema.org/articleBody>"


def merge_entities(parts: Iterable[str]) -> Graph:
    """Union the entity descriptions; one prefLabel per language, the rest become altLabels.

    Articles repeat the same descriptions, so equal N-Triples lines are parsed once."""
    lines = dict.fromkeys(line for nt in parts for line in nt.split("\n") if line.strip())
    g = Graph()
    if lines:
        g.parse(data="\n".join(lines) + "\n", format="nt")
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


class StoreWriter:
    """The store of one build, written in bulk loads of a few thousand articles."""

    def __init__(self, path: Path, minter: Minter):
        self.store, self.mirror, self.minter = ox.Store(str(path)), ox.Store(), minter
        self._pending: list[str] = []
        self._entity_lines: dict[str, None] = {}  # the articles' entity descriptions, each line once
        self._articles = 0

    def add(self, article: str, graph_nt: str, entities_nt: str = "") -> None:
        """Queue one article's triples for its named graph; loads every ``LOAD_CHUNK`` articles.
        An N-Triples line (``S P O .``) becomes an N-Quads line by putting the graph before the dot.
        ``entities_nt`` (its speakers and outlets) is kept, each distinct line once, for :meth:`finish`."""
        if entities_nt:
            self._entity_lines.update(dict.fromkeys(line for line in entities_nt.split("\n") if line.strip()))
        suffix = f"<{article}> .\n"
        self._pending.extend(line[:-1] + suffix for line in graph_nt.split("\n") if line.endswith("."))
        self._articles += 1
        if self._articles % LOAD_CHUNK == 0:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.store.bulk_load("".join(self._pending).encode("utf-8"), ox.RdfFormat.N_QUADS)
            self.mirror.bulk_load("".join(line for line in self._pending if _BODY not in line).encode("utf-8"),
                                  ox.RdfFormat.N_QUADS)
            self._pending = []

    def finish(self, run: BuildRun, entities_nt: Iterable[str] = ()) -> int:
        """Load the rest, the ontology, topics, merged entities (those given to :meth:`add` and
        ``entities_nt``) and run; link the same statements; compact the store. Returns the number of quads."""
        self._flush()
        entities_nt = ["\n".join(self._entity_lines), *entities_nt]
        self._entity_lines = {}
        m = self.minter
        shared = [(ONTOLOGY_TTL.read_bytes(), m.graph("ontology"), ox.RdfFormat.TURTLE),
                  (rebase(load_graph(TOPICS_TTL), m.base).serialize(format="nt"), m.graph("topics"),
                   ox.RdfFormat.N_TRIPLES),
                  (merge_entities(entities_nt).serialize(format="nt"), m.graph("entities"), ox.RdfFormat.N_TRIPLES),
                  (run.triples(m).serialize(format="nt"), m.graph("runs"), ox.RdfFormat.N_TRIPLES)]
        for data, graph, fmt in shared:
            for target in (self.store, self.mirror):
                _load(target, data, graph, fmt)
        from kg.linking import write_links  # same statement, several outlets: after all articles

        write_links(self.store, m, source=self.mirror)
        self.store.flush()
        self.store.optimize()
        return len(self.store)

    def close(self) -> None:
        """Close the on-disk store (RocksDB lets one process open it at a time) and drop the mirror."""
        del self.store, self.mirror
