"""Batched, parsed-once SHACL validation finds exactly what the reference validation finds."""

from __future__ import annotations

from dataclasses import replace

import pyshacl
import pytest
from rdflib import XSD, Graph, Literal

from kg.build import VALIDATE_BATCH, process_batch
from kg.iris import Minter
from kg.rdf import ISNAD, BuildRun, article_rdf
from kg.shacl_fast import validate_parts
from kg.synth import article, oracle_extract
from kg.validate import ValidationResult, _violations, ontology_graph, topics_graph

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix isnad: <https://w3id.org/isnad/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <urn:test:> .
ex:ClaimShape a sh:NodeShape ; sh:targetClass isnad:Claim ;
  sh:property [ sh:path isnad:text ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path isnad:topic ; sh:minCount 1 ; sh:class skos:Concept ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:message "end before start" ;
    sh:select "SELECT $this ?value WHERE { $this <https://w3id.org/isnad/ontology#charEnd> ?value ; <https://w3id.org/isnad/ontology#charStart> ?s . FILTER(?value <= ?s) }" ] .
"""
RUN = BuildRun.create(version="t", started="2020-01-01T00:00:00+00:00")


def _broken(i: int):
    art = article_rdf(article(i, seed=8).extraction, Minter(), RUN)
    claim = sorted(art.graph.subjects(ISNAD.charEnd, None))[0]
    art.graph.set((claim, ISNAD.charEnd, Literal(0, datatype=XSD.integer)))
    art.graph.remove((claim, ISNAD.topic, None))
    return art


@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
def test_same_violations_as_the_reference_validation(engine):
    shapes = Graph().parse(data=SHAPES, format="turtle")
    art = _broken(1)
    ours = validate_parts([art.graph, art.entities, RUN.triples(Minter())], shapes=shapes, engine=engine)
    union = Graph()
    for part in (art.graph, art.entities, RUN.triples(Minter()), ontology_graph(), topics_graph()):
        union += part
    _, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", advanced=True)
    reference = ValidationResult(False, _violations(report), report)  # plain pyshacl as the reference
    assert not ours.conforms and len(ours.violations) == 2
    assert ours.violations == reference.violations


def _one_bad(doc):
    ex = oracle_extract(doc)
    if doc.name.endswith("0000004.txt"):
        c = ex.claims[0]
        ex.claims[0] = replace(c, start=c.end, end=c.start)  # a span that ends before it starts
    return ex


@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
def test_a_bad_article_in_a_batch_is_rejected_alone(monkeypatch, engine):
    shapes = Graph().parse(data=SHAPES, format="turtle")
    monkeypatch.setattr("kg.shacl_fast.shapes_graph", lambda: shapes)
    n = min(VALIDATE_BATCH[engine] + 3, 23)  # more than one batch for pyshacl
    docs = [article(i, seed=8).extraction.doc for i in range(n)]
    results = process_batch(docs, Minter().base, RUN, _one_bad, shacl_engine=engine)
    assert [r.outcome.status for r in results] == ["rejected" if i == 4 else "published" for i in range(len(docs))]
    assert "end before start" in " ".join(results[4].outcome.reasons)
    assert results[4].report_nt and not results[4].graph_nt
    assert [r.outcome.article for r in results] == [Minter().article(d.sha256) for d in docs]
