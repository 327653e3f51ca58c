"""Namespaces of the Isnad vocabulary and paths to its Turtle files.

The ontology, the topic scheme and the SHACL shapes live at the repository root
(``ontology/isnad.ttl``, ``ontology/topics.ttl``, ``shapes/isnad.ttl``), the one copy
that is edited. A wheel ships them inside the package (``kg/ontology/``, ``kg/shapes/``,
mapped in pyproject.toml), so an installed copy finds them without the repository.

>>> ISNAD.Claim
rdflib.term.URIRef('https://w3id.org/isnad/ontology#Claim')
>>> topic_iri("libya")
rdflib.term.URIRef('https://w3id.org/isnad/id/topic/libya')
>>> topic_iri("libya", base="http://localhost/id/")
rdflib.term.URIRef('http://localhost/id/topic/libya')
>>> SHAPES.ClaimShape
rdflib.term.URIRef('https://w3id.org/isnad/shapes#ClaimShape')
>>> ONTOLOGY_TTL.name, TOPICS_TTL.name, SHAPES_TTL.parent.name
('isnad.ttl', 'topics.ttl', 'shapes')
>>> from rdflib import Graph
>>> g = bind_prefixes(Graph())
>>> g.namespace_manager.expand_curie("isnad:speaker") == ISNAD.speaker
True
>>> moved = rebase(Graph().parse(TOPICS_TTL), "http://localhost/id/")
>>> (topic_iri("libya", base="http://localhost/id/"), SKOS.inScheme, TOPICS_SCHEME) in moved
True
>>> any(str(t).startswith(str(DATA)) for triple in moved for t in triple)
False
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "ISNAD", "SHAPES", "DATA", "SCHEMA", "PROV", "SKOS", "DCTERMS", "RDF", "RDFS", "OWL",
    "XSD", "SH", "VANN",
    "ONTOLOGY_IRI", "ONTOLOGY_VERSION_IRI", "SHAPES_IRI", "TOPICS_SCHEME",
    "ONTOLOGY_TTL", "TOPICS_TTL", "SHAPES_TTL", "PREFIXES",
    "topic_iri", "bind_prefixes", "rebase",
]

#: Terms of the Isnad ontology (classes and properties).
ISNAD = Namespace("https://w3id.org/isnad/ontology#")
#: Node shapes, property shapes and SPARQL constraints of shapes/isnad.ttl.
SHAPES = Namespace("https://w3id.org/isnad/shapes#")
#: Default base of every resource the project mints (setting ``base_iri``).
DATA = Namespace("https://w3id.org/isnad/id/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")

ONTOLOGY_IRI = URIRef("https://w3id.org/isnad/ontology")
ONTOLOGY_VERSION_IRI = URIRef("https://w3id.org/isnad/ontology/0.1.0")
SHAPES_IRI = URIRef("https://w3id.org/isnad/shapes")
#: The SKOS concept scheme every topic is ``skos:inScheme``.
TOPICS_SCHEME = ISNAD.Topics

_PACKAGE = Path(__file__).resolve().parent


def _vocab_file(folder: str, name: str) -> Path:
    """``folder/name`` as shipped inside the installed package, else at the repository root."""
    shipped = _PACKAGE / folder / name
    return shipped if shipped.is_file() else _PACKAGE.parent / folder / name


ONTOLOGY_TTL = _vocab_file("ontology", "isnad.ttl")
TOPICS_TTL = _vocab_file("ontology", "topics.ttl")
SHAPES_TTL = _vocab_file("shapes", "isnad.ttl")

#: Prefixes used in the published data, its exports and SPARQL examples.
PREFIXES: dict[str, Namespace] = {
    "isnad": ISNAD,
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "xsd": Namespace(str(XSD)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
}


def topic_iri(key: str, base: str = str(DATA)) -> URIRef:
    """IRI of the topic ``key`` of topics.yaml under the data ``base``."""
    return URIRef(f"{base}topic/{key}")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def rebase(graph: Graph, base: str, *, old: str = str(DATA)) -> Graph:
    """``graph`` with every IRI under ``old`` (the default data base) moved under ``base``.

    topics.ttl names its concepts and groups under the default base. Topics are resources
    of the dataset like speakers and outlets (the data contract: ``…/topic/{key}`` under the
    configurable base), so a deployment with another ``base_iri`` loads the scheme rebased:
    its topic IRIs then match its claims, dereference on its own ``/id/`` and fall inside
    its ``void:uriSpace``. The scheme ``isnad:Topics`` and the ontology terms keep their
    fixed IRIs, so ``?t skos:inScheme isnad:Topics`` works in every deployment.
    The graph itself is returned when nothing moves (do not modify it).
    """
    if base == old:
        return graph

    def move(term):
        return URIRef(base + term[len(old):]) if isinstance(term, URIRef) and term.startswith(old) else term

    out = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        out.bind(prefix, move(URIRef(ns)), override=True, replace=True)
    out.addN((move(s), move(p), move(o), out) for s, p, o in graph)
    return out
