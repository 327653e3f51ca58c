"""Reads of single resources from the store: statements, labels, CBD descriptions, claims in context.

All lookups are index lookups on one resource (``quads_for_pattern``) or SPARQL run with
the resource bound by substitution, so a page costs a handful of point reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf import PREFIXES

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS = PREFIXES["skos"]
SCHEMA = PREFIXES["schema"]
ISNAD = PREFIXES["isnad"]
PREF = ox.NamedNode(SKOS + "prefLabel")
ALT = ox.NamedNode(SKOS + "altLabel")
HEADLINE = ox.NamedNode(SCHEMA + "headline")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
LABEL_PROPS = (PREF, HEADLINE, RDFS_LABEL)


def triples_of(store: ox.Store, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
    """Every triple with ``subject`` in any graph, each once, in a stable order."""
    seen = {q.triple for q in store.quads_for_pattern(subject, None, None, None)}
    return sorted(seen, key=lambda t: (t.predicate.value, str(t.object)))


def exists(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, None)), None) is not None


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """A CBD-style description: the resource's triples (blank nodes followed) plus the types
    and labels of the resources it links to."""
    node = ox.NamedNode(iri)
    out: list[ox.Triple] = []
    todo: list = [node]
    done: set = set()
    while todo:
        s = todo.pop()
        if s in done:
            continue
        done.add(s)
        for t in triples_of(store, s):
            out.append(t)
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
    linked = {t.object for t in out if isinstance(t.object, ox.NamedNode) and t.object != node
              and t.predicate != RDF_TYPE}
    extra: set = set()
    for o in linked:
        for p in (RDF_TYPE,) + LABEL_PROPS:
            for q in store.quads_for_pattern(o, p, None, None):
                extra.add(q.triple)
    return out + sorted(extra, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))


@dataclass
class Labels:
    ar: str | None = None
    en: str | None = None
    alt: list[str] = field(default_factory=list)

    @property
    def best(self) -> str | None:
        return self.ar or self.en


def labels(store: ox.Store, iri: str) -> Labels:
    out = Labels()
    subject = ox.NamedNode(iri)
    for prop in LABEL_PROPS:
        for q in store.quads_for_pattern(subject, prop, None, None):
            lang = getattr(q.object, "language", None)
            if lang == "en" and out.en is None:
                out.en = q.object.value
            elif lang != "en" and out.ar is None:
                out.ar = q.object.value
        if out.ar or out.en:
            break
    out.alt = sorted({q.object.value for q in store.quads_for_pattern(subject, ALT, None, None)})
    return out


def values(store: ox.Store, iri: str, prop: str) -> list[ox.NamedNode | ox.Literal]:
    """Distinct objects of ``<iri> <prop> ?o``."""
    return sorted({q.object for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, None)},
                  key=str)


def first(store: ox.Store, iri: str, prop: str) -> str | None:
    vals = values(store, iri, prop)
    return vals[0].value if vals else None


@dataclass
class Statement:
    """One row of the "all statements" table: predicate and object, with a label for links."""

    predicate: str
    predicate_short: str
    object: str
    is_iri: bool
    label: str | None
    lang: str | None


def short(iri: str) -> str:
    """``schema:headline`` for a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def statements(store: ox.Store, iri: str, *, skip: tuple[str, ...] = ()) -> list[Statement]:
    out = []
    for t in triples_of(store, ox.NamedNode(iri)):
        if t.predicate.value in skip:
            continue
        is_iri = isinstance(t.object, ox.NamedNode)
        label = labels(store, t.object.value).best if is_iri else None
        out.append(Statement(t.predicate.value, short(t.predicate.value), t.object.value, is_iri, label,
                             getattr(t.object, "language", None) if not is_iri else None))
    return out


CLAIM_QUERY = """
SELECT ?claim ?text ?speaker ?article ?date ?start ?end ?confidence ?mention ?run ?body ?headline ?published WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?speaker ; isnad:reportedIn ?article .
  OPTIONAL { ?claim isnad:statedOn ?date }
  OPTIONAL { ?claim isnad:charStart ?start }
  OPTIONAL { ?claim isnad:charEnd ?end }
  OPTIONAL { ?claim isnad:confidence ?confidence }
  OPTIONAL { ?claim isnad:speakerMention ?mention }
  OPTIONAL { ?claim prov:wasGeneratedBy ?run }
  OPTIONAL { ?article schema:articleBody ?body }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?published }
} LIMIT 1
"""

KIND_NAMES = {ISNAD + "DirectQuote": "direct", ISNAD + "IndirectQuote": "indirect",
              ISNAD + "HeadlineClaim": "headline"}


@dataclass
class Passage:
    """The paragraph around a span, cut in three so a template can wrap the middle in <mark>."""

    before: str
    marked: str
    after: str


def passage(body: str, start: int, end: int) -> Passage | None:
    """The paragraph (newline to newline) holding ``body[start:end]``.

    >>> passage("a\\nsaid x today\\nb", 7, 8)
    Passage(before='said ', marked='x', after=' today')
    """
    if not (0 <= start < end <= len(body)):
        return None
    left = body.rfind("\n", 0, start) + 1
    right = body.find("\n", end)
    right = len(body) if right < 0 else right
    return Passage(body[left:start], body[start:end], body[end:right])


@dataclass
class Segment:
    text: str
    claim: str | None = None  # local id of the claim highlighted here


def segments(body: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``body`` into plain and highlighted segments; overlapping spans keep the earlier one.

    >>> [(s.text, s.claim) for s in segments("abcdef", [(1, 3, "x"), (2, 5, "y")])]
    [('a', None), ('bc', 'x'), ('def', None)]
    """
    out, pos = [], 0
    for start, end, cid in sorted(spans):
        if start < pos or not (0 <= start < end <= len(body)):
            continue
        if start > pos:
            out.append(Segment(body[pos:start]))
        out.append(Segment(body[start:end], cid))
        pos = end
    if pos < len(body):
        out.append(Segment(body[pos:]))
    return out
