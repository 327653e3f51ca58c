"""SHACL validation made cheap enough for large builds: a Rust engine screens, pyshacl explains.

Two engines read the same shapes (``shapes/isnad.ttl``):

* ``pyshacl``, the reference. Three of its costs are removed here: each SPARQL-based
  constraint is parsed once per process (:class:`PreparedQueryGraph`), the ontology and
  topic triples are added to the throw-away data graph directly instead of through
  ``ont_graph=`` (which clones and "inoculates" node by node), and triples go in with
  ``addN``. About 30 ms per article.
* ``rudof`` (the pyrudof package, a SHACL engine written in Rust), about 5 ms per article.
  It only *screens*: when a batch conforms under rudof, it is accepted; when it does not,
  or rudof fails (it cannot substitute a blank node into a SPARQL constraint), or a literal
  is ill-typed (rudof does not check lexical forms against ``sh:datatype``), the batch is
  validated again by pyshacl, whose report is the one kept. So a rejection always carries
  pyshacl's report with the shapes' own ``sh:message``s, and rudof can only ever make the
  build stricter than pyshacl, never looser, on the cases ``tests/test_shapes.py`` runs
  through both engines.

>>> from rdflib import Graph
>>> validate_parts([Graph()]).conforms
True
>>> validate_parts([Graph()], engine="rudof").conforms
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from rdflib import Graph, Literal, URIRef

from kg.rdf import graph_from_nt
from kg.validate import ValidationResult, _violations, ontology_graph, shapes_graph, topics_graph

ENGINES = ("rudof", "pyshacl")


@lru_cache(maxsize=512)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class PreparedQueryGraph(Graph):
    """An rdflib Graph whose SPARQL query texts are parsed once and reused."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str) and not kwargs.get("initNs") and not kwargs.get("base"):
            try:
                query_object = _prepared(query_object)
            except Exception:  # let rdflib report the error in its usual way
                pass
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=1)
def _ontology_triples(_key: int) -> tuple:
    """The ontology and the topic scheme (the shapes check that topics belong to it)."""
    return tuple(ontology_graph()) + tuple(topics_graph())


@lru_cache(maxsize=1)
def _ontology_nt(_key: int) -> str:
    g = Graph(bind_namespaces="none")
    g.addN((s, p, o, g) for s, p, o in _ontology_triples(_key))
    return g.serialize(format="nt")


@lru_cache(maxsize=4)
def _rudof(shapes_ttl: str):
    """One rudof session per process and shapes text, with the shapes read once."""
    import pyrudof

    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_shacl(shapes_ttl)
    return session


@lru_cache(maxsize=8)
def _shapes_ttl(shapes: Graph) -> str:
    """The shapes as Turtle for rudof, once per shapes graph (a changed file is a new graph)."""
    return shapes.serialize(format="turtle")


_TYPED = re.compile(r'"((?:[^"\\]|\\.)*)"\^\^<(http://www\.w3\.org/2001/XMLSchema#[A-Za-z]+)>')


@lru_cache(maxsize=65536)
def _ill_typed(lexical: str, datatype: str) -> bool:
    return bool(Literal(lexical, datatype=URIRef(datatype)).ill_typed)


def well_typed(nt: Sequence[str]) -> bool:
    """True when no XSD-typed literal of the N-Triples texts ``nt`` has a lexical form
    outside its datatype (rudof does not check these; pyshacl reports them).

    >>> well_typed(['<urn:a> <urn:p> "2021-02-28"^^<http://www.w3.org/2001/XMLSchema#date> .'])
    True
    >>> well_typed(['<urn:a> <urn:p> "2021-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .'])
    False
    """
    return not any(_ill_typed(lexical, datatype) for text in nt for lexical, datatype in _TYPED.findall(text))


def screen(nt: Sequence[str], *, shapes: Graph | None = None) -> bool:
    """True when the union of the N-Triples texts ``nt`` (plus the ontology and topics)
    conforms to ``shapes`` (default: the project's) under rudof, with every typed literal
    well formed; False when not, or when rudof could not decide."""
    import pyrudof

    if not well_typed(nt):
        return False
    session = _rudof(_shapes_ttl(shapes_graph() if shapes is None else shapes))
    try:
        session.read_data(_ontology_nt(0) + "".join(nt), format=pyrudof.RDFFormat.NTriples,
                          reader_mode=pyrudof.ReaderMode.Strict)
        return bool(session.validate_shacl().conforms)
    except Exception:  # noqa: BLE001 - any failure of the screen means "ask pyshacl"
        return False
    finally:
        session.reset_data()


def _graph(part: Graph | str) -> Graph:
    return part if isinstance(part, Graph) else graph_from_nt(part)


def _nt(part: Graph | str) -> str:
    return part if isinstance(part, str) else part.serialize(format="nt")


def _pyshacl(parts: Iterable[Graph], shapes: Graph) -> ValidationResult:
    import pyshacl

    data = PreparedQueryGraph(bind_namespaces="none")
    for part in parts:
        data.addN((s, p, o, data) for s, p, o in part)
    data.addN((s, p, o, data) for s, p, o in _ontology_triples(0))
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", inplace=True, abort_on_first=False,
        allow_warnings=True, advanced=True,
    )
    return ValidationResult(conforms=bool(conforms), violations=_violations(report), report=report)


def validate_parts(parts: Iterable[Graph | str], *, shapes: Graph | None = None,
                   engine: str = "pyshacl") -> ValidationResult:
    """Validate the union of ``parts`` (rdflib graphs or N-Triples texts), plus the ontology
    and topics, against the project's shapes (or ``shapes``) with ``engine`` (see the
    module docstring)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    parts = list(parts)
    shapes = shapes_graph() if shapes is None else shapes
    if len(shapes) == 0:
        return ValidationResult(conforms=True)
    if engine == "rudof" and screen([_nt(p) for p in parts], shapes=shapes):
        return ValidationResult(conforms=True)
    return _pyshacl([_graph(p) for p in parts], shapes)
