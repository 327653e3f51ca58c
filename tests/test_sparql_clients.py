"""Real SPARQL clients against the real server on 127.0.0.1: SPARQLWrapper and rdflib's SPARQLStore.

Every answer is compared with the same query run on the published store by pyoxigraph
directly, so the endpoint is checked against the store, not against fixed numbers.
"""

from __future__ import annotations

import csv
import io
import warnings

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kg.store import DataDir, open_store

CONCEPTS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label WHERE { ?c a skos:Concept ; skos:prefLabel ?label } ORDER BY ?c ?label"""


@pytest.fixture(scope="module")
def truth(built):
    """Rows of CONCEPTS computed by pyoxigraph straight on the published store."""
    store = open_store(DataDir(built.data_dir).current())
    rows = [(s["c"].value, s["label"].value) for s in store.query(CONCEPTS, use_default_graph_as_union=True)]
    assert rows, "the built store has SKOS concepts"
    return rows


def wrapper(live_server, fmt) -> SPARQLWrapper:
    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(live_server, truth):
    sw = wrapper(live_server, JSON)
    sw.setQuery(CONCEPTS)
    got = sw.query().convert()
    assert [(b["c"]["value"], b["label"]["value"]) for b in got["results"]["bindings"]] == truth


def test_sparqlwrapper_xml(live_server, truth):
    sw = wrapper(live_server, XML)
    sw.setQuery(CONCEPTS)
    doc = sw.query().convert()  # an xml.dom.minidom document
    rows = []
    for result in doc.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        rows.append((values["c"], values["label"]))
    assert rows == truth


def test_sparqlwrapper_csv(live_server, truth):
    sw = wrapper(live_server, CSV)
    sw.setQuery(CONCEPTS)
    data = sw.query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["c", "label"]
    assert [tuple(r) for r in rows[1:]] == truth


def test_sparqlwrapper_post(live_server, truth):
    sw = wrapper(live_server, JSON)
    sw.setMethod("POST")
    sw.setQuery(CONCEPTS)
    got = sw.query().convert()
    assert len(got["results"]["bindings"]) == len(truth)


def test_sparqlwrapper_ask(live_server):
    sw = wrapper(live_server, JSON)
    sw.setQuery("ASK { ?s a <http://www.w3.org/2004/02/skos/core#Concept> }")
    assert sw.query().convert()["boolean"] is True


def test_sparqlwrapper_construct_turtle(live_server, truth):
    sw = wrapper(live_server, TURTLE)
    sw.setQuery("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        CONSTRUCT { ?c skos:prefLabel ?label } WHERE { ?c a skos:Concept ; skos:prefLabel ?label }""")
    data = sw.query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert sorted((str(s), str(o)) for s, _, o in g) == sorted(truth)


def test_sparqlwrapper_refused_update(live_server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setMethod("POST")
    sw.setQuery("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore(live_server, truth):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server.url + "/sparql", returnFormat="xml")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        g = Graph(store=store)
        rows = [(str(r[0]), str(r[1])) for r in g.query(CONCEPTS)]
        assert rows == truth
        concepts = set(g.subjects(RDF.type, SKOS.Concept))
        assert concepts == {URIRef(c) for c, _ in truth}


def test_rdflib_sparqlstore_json(live_server, truth):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server.url + "/sparql", returnFormat="json")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        rows = [(str(r[0]), str(r[1])) for r in Graph(store=store).query(CONCEPTS)]
    assert rows == truth


def test_cors_over_http(live_server):
    r = requests.options(live_server.url + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"}, timeout=10)
    assert r.ok and r.headers["Access-Control-Allow-Origin"] == "*"
    r = requests.post(live_server.url + "/sparql", data={"query": "ASK {}"},
                      headers={"Origin": "https://example.org", "Accept": "application/sparql-results+json"},
                      timeout=10)
    assert r.json()["boolean"] is True and r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in r.headers
