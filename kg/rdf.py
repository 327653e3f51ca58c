"""Extraction records in, RDF out: one graph per article, plus the shared entities.

Reads an :class:`~kg.model.Extraction`; writes an :class:`ArticleRDF` with the
article's own triples (claims and the article) and the descriptions of the speakers
and outlets it mentions, which live in the shared entities graph.

>>> from kg.model import *
>>> doc = SourceDoc(name="a.txt", text="عنوان\\nقال الوزير إن الوضع مستقر", sha256="ab" * 32)
>>> sp = SpeakerRef(key="minister", kind="person", label_ar="الوزير")
>>> ex = Extraction(doc=doc, meta=ArticleMeta(headline="عنوان"),
...                 claims=[Claim(kind="indirect", start=16, end=27, text="الوضع مستقر", speaker=sp, topics=["libya"])])
>>> run = BuildRun.create(version="0.0.0", started="2020-01-01T00:00:00+00:00")
>>> art = article_rdf(ex, Minter(), run)
>>> len(list(art.graph.subjects(RDF.type, ISNAD.Claim)))
1
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.iris import Minter
from kg.model import Extraction, OutletRef, SpeakerRef
from kg.vocab import ISNAD, SCHEMA
from kg.vocab import PREFIXES as _NAMESPACES

KIND_CLASS = {"direct": ISNAD.DirectQuote, "indirect": ISNAD.IndirectQuote, "headline": ISNAD.HeadlineClaim}

PREFIXES: dict[str, str] = {k: str(v) for k, v in _NAMESPACES.items()}


@dataclass(frozen=True)
class BuildRun:
    """One extraction run: the prov:Activity every claim of a build points to."""

    run_id: str
    version: str
    started: str  # xsd:dateTime lexical form

    @classmethod
    def create(cls, *, version: str, started: str | None = None) -> "BuildRun":
        started = started or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        run_id = hashlib.sha256(f"{version}|{started}".encode()).hexdigest()[:16]
        return cls(run_id=run_id, version=version, started=started)

    def triples(self, minter: Minter) -> Graph:
        g = Graph()
        iri = URIRef(minter.run(self.run_id))
        g.add((iri, RDF.type, PROV.Activity))
        g.add((iri, PROV.startedAtTime, Literal(self.started, datatype=XSD.dateTime)))
        g.add((iri, ISNAD.softwareVersion, Literal(self.version)))
        g.add((iri, SKOS.prefLabel, Literal(f"Isnad build {self.started}", lang="en")))
        return g


@dataclass
class ArticleRDF:
    """The RDF of one article: its named graph, and what it says about shared entities."""

    iri: URIRef
    graph: Graph
    entities: Graph = field(default_factory=Graph)


def _label(g: Graph, iri: URIRef, ar: str, en: str | None, aliases: list[str]) -> None:
    g.add((iri, SKOS.prefLabel, Literal(ar, lang="ar")))
    if en:
        g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
    for alias in aliases:
        if alias and alias != ar:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="ar")))


def speaker_triples(g: Graph, sp: SpeakerRef, minter: Minter) -> URIRef:
    iri = URIRef(minter.speaker(sp.key))
    g.add((iri, RDF.type, SCHEMA.Person if sp.kind == "person" else SCHEMA.Organization))
    aliases = list(sp.aliases)
    if sp.mention and sp.mention not in aliases:
        aliases.append(sp.mention)
    _label(g, iri, sp.label_ar, sp.label_en, aliases)
    if sp.role and sp.kind == "person":
        g.add((iri, SCHEMA.jobTitle, Literal(sp.role, lang="ar")))
    if sp.country:
        g.add((iri, ISNAD.country, Literal(sp.country)))
    return iri


def outlet_triples(g: Graph, out: OutletRef, minter: Minter) -> URIRef:
    iri = URIRef(minter.outlet(out.key))
    g.add((iri, RDF.type, ISNAD.Outlet))
    if out.kind == "agency":
        g.add((iri, RDF.type, ISNAD.NewsAgency))
    _label(g, iri, out.label_ar, out.label_en, out.aliases)
    return iri


def article_rdf(ex: Extraction, minter: Minter, run: BuildRun) -> ArticleRDF:
    """Build the article's named graph and its entity descriptions."""
    doc, meta = ex.doc, ex.meta
    art = URIRef(minter.article(doc.sha256))
    g, ents = Graph(), Graph()
    g.add((art, RDF.type, ISNAD.Article))
    g.add((art, SCHEMA.headline, Literal(meta.headline)))
    g.add((art, SCHEMA.articleBody, Literal(doc.text)))
    g.add((art, ISNAD.contentHash, Literal(doc.sha256)))
    if doc.url:
        g.add((art, SCHEMA.url, URIRef(doc.url)))
    else:
        g.add((art, ISNAD.sourceFile, Literal(doc.name)))
    if doc.retrieved:
        g.add((art, ISNAD.retrievedOn, Literal(doc.retrieved.isoformat(), datatype=XSD.dateTime)))
    if meta.published:
        g.add((art, SCHEMA.datePublished, Literal(meta.published.isoformat(), datatype=XSD.date)))
    if meta.dateline:
        g.add((art, SCHEMA.dateline, Literal(meta.dateline)))
    if meta.author:
        g.add((art, SCHEMA.author, Literal(meta.author)))
    if meta.publisher:
        g.add((art, SCHEMA.publisher, outlet_triples(ents, meta.publisher, minter)))
    for credit in meta.credits:
        g.add((art, ISNAD.credits, outlet_triples(ents, credit, minter)))

    run_iri = URIRef(minter.run(run.run_id))
    seen: set[tuple[int, int]] = set()
    for c in ex.claims:
        if c.speaker is None or not c.topics or (c.start, c.end) in seen or not c.text.strip():
            continue  # the contract: a claim without a resolved speaker or topic is not emitted
        seen.add((c.start, c.end))
        iri = URIRef(minter.claim(doc.sha256, c.start, c.end))
        g.add((iri, RDF.type, ISNAD.Claim))
        g.add((iri, RDF.type, KIND_CLASS[c.kind]))
        g.add((iri, ISNAD.text, Literal(c.text, lang="ar")))
        g.add((iri, ISNAD.speaker, speaker_triples(ents, c.speaker, minter)))
        if c.speaker.mention:
            g.add((iri, ISNAD.speakerMention, Literal(c.speaker.mention)))
        g.add((iri, ISNAD.reportedIn, art))
        if c.stated_on:
            g.add((iri, ISNAD.statedOn, Literal(c.stated_on.isoformat(), datatype=XSD.date)))
        for key in dict.fromkeys(c.topics):
            g.add((iri, ISNAD.topic, URIRef(minter.topic(key))))
        g.add((iri, ISNAD.charStart, Literal(c.start, datatype=XSD.integer)))
        g.add((iri, ISNAD.charEnd, Literal(c.end, datatype=XSD.integer)))
        g.add((iri, ISNAD.confidence, Literal(f"{max(0.0, min(1.0, c.confidence)):.2f}", datatype=XSD.decimal)))
        g.add((iri, PROV.wasGeneratedBy, run_iri))
    return ArticleRDF(iri=art, graph=g, entities=ents)
