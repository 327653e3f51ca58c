"""A deployment with its own base IRI (setting ``base_iri``) gets one consistent graph.

topics.ttl is written under the default base; the build loads it rebased, so the claims'
isnad:topic values are the concepts of the scheme in the store, the build conforms, nothing
minted is left under the default base, and the server serves the same topic IRIs (pages,
/id/ dereferencing, the isnad-topics.ttl download, read back with rdflib).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from conftest import CORPUS, LiveServer
from kg.build import build
from kg.server import create_app
from kg.settings import Settings
from kg.store import DataDir, open_store
from kg.vocab import DATA, TOPICS_SCHEME, TOPICS_TTL

BASE = "http://127.0.0.1:8999/isnad/res/"
PREFIX = "PREFIX isnad: <https://w3id.org/isnad/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


@pytest.fixture(scope="module")
def other_base(tmp_path_factory) -> Settings:
    data = tmp_path_factory.mktemp("other-base")
    settings = Settings.load(env={}, overrides={"data": str(data), "corpus": str(CORPUS), "base_iri": BASE})
    report = build(settings, log=lambda m: None)
    assert report.exit_code == 0 and not report.failed, report.summary()  # every article conforms
    assert sum(o.claims for o in report.published) > 0
    return settings


@pytest.fixture(scope="module")
def store(other_base) -> ox.Store:
    return open_store(DataDir(other_base.data_dir).current())


def _select(store, sparql: str, **values) -> list[tuple]:
    rows = store.query(PREFIX + sparql, use_default_graph_as_union=True,
                       substitutions={ox.Variable(k): v for k, v in values.items()})
    return [tuple(term.value if term is not None else None for term in row) for row in rows]


def test_every_claim_topic_is_a_concept_of_the_scheme_in_the_topics_graph(store):
    used = _select(store, "SELECT DISTINCT ?t WHERE { ?c a isnad:Claim ; isnad:topic ?t }")
    assert used and all(t.startswith(f"{BASE}topic/") for (t,) in used)
    missing = _select(store, """SELECT DISTINCT ?t ?g ?scheme WHERE {
        ?c a isnad:Claim ; isnad:topic ?t .
        FILTER NOT EXISTS { GRAPH ?g { ?t a skos:Concept ; skos:inScheme ?scheme ; skos:topConceptOf ?scheme } } }""",
                      scheme=ox.NamedNode(str(TOPICS_SCHEME)), g=ox.NamedNode(f"{BASE}graph/topics"))
    assert missing == []
    scheme_topics = _select(store, "SELECT ?t ?s WHERE { ?s skos:hasTopConcept ?t }", s=ox.NamedNode(str(TOPICS_SCHEME)))
    assert {t for (t,) in used} <= {t for t, _ in scheme_topics}
    assert len(scheme_topics) == len(set(Graph().parse(TOPICS_TTL).objects(TOPICS_SCHEME, SKOS.hasTopConcept)))


def test_nothing_is_left_under_the_default_base(store):
    default = str(DATA)
    leftovers = [q for q in store.quads_for_pattern(None, None, None, None)
                 if any(isinstance(t, ox.NamedNode) and t.value.startswith(default)
                        for t in (q.subject, q.object, q.graph_name))]
    assert leftovers == []


def test_the_stored_graph_conforms_to_the_shapes_on_its_own(store):
    import pyshacl

    from kg.validate import shapes_graph

    triples = list(dict.fromkeys(q.triple for q in store.quads_for_pattern(None, None, None, None)))
    merged = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes_graph(), inference="none", advanced=True,
                                         allow_warnings=True)
    assert conforms, text[:2000]


def test_the_server_serves_the_same_topic_iris(other_base, store):
    (topic,) = _select(store, "SELECT ?t WHERE { ?c isnad:topic ?t } ORDER BY ?t LIMIT 1")[0]
    key = topic[len(f"{BASE}topic/"):]
    app = create_app(other_base)
    try:
        with LiveServer(app) as server:
            page = requests.get(f"{server.url}/topics/{key}", timeout=20)
            assert page.status_code == 200
            described = requests.get(f"{server.url}/id/topic/{key}", headers={"Accept": "text/turtle"}, timeout=20)
            assert described.status_code == 200
            assert (URIRef(topic), SKOS.inScheme, TOPICS_SCHEME) in Graph().parse(data=described.text, format="turtle")
            scheme = requests.get(f"{server.url}/downloads/isnad-topics.ttl", timeout=20)
            assert scheme.status_code == 200
            g = Graph().parse(data=scheme.text, format="turtle")
            assert (URIRef(topic), SKOS.inScheme, TOPICS_SCHEME) in g
            assert not any(str(t).startswith(str(DATA)) for triple in g for t in triple)
            assert len(g) == len(Graph().parse(TOPICS_TTL))
            sums = requests.get(f"{server.url}/downloads/SHA256SUMS", timeout=20).text
            assert "isnad-topics.ttl" in sums
    finally:
        app.extensions["isnad"].engine.close()
