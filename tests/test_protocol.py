"""The SPARQL 1.1 Protocol (queries), after the query tests of the W3C protocol suite.

The store holds tests/protocol/data1.nt–data3.nt, each as the named graph
``http://kasei.us/2009/09/sparql/data/dataN.rdf``; every answer is read back with
rdflib's own result and RDF parsers.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.query import Result

from kg.server import create_app
from kg.settings import Settings
from kg.store import STORE, DataDir

DATA = Path(__file__).parent / "protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
G1, G2, G3 = (f"{KASEI}data{n}.rdf" for n in (1, 2, 3))
DC_TITLE = "http://purl.org/dc/terms/title"
RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}


def make_protocol_store(root: Path) -> DataDir:
    """A published data folder whose store holds data1–data3 as named graphs."""
    data = DataDir(root)
    build = data.new_build()
    store = ox.Store(str(build / STORE))
    for n in (1, 2, 3):
        store.bulk_load(path=str(DATA / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(f"{KASEI}data{n}.rdf"))
    store.flush()
    del store
    data.publish(build)
    return data


@pytest.fixture(scope="module")
def proto_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("protocol-data")
    make_protocol_store(root)
    app = create_app(Settings.load(env={}, overrides={"data": str(root), "query_timeout": 5, "max_rows": 1000}))
    yield app
    app.extensions["isnad"].engine.close()


@pytest.fixture()
def pc(proto_app):
    return proto_app.test_client()


def parse_result(resp):
    """Parse a SPARQL results response with rdflib, by its content type."""
    assert resp.status_code == 200, resp.get_data(as_text=True)
    fmt = RESULT_TYPES[resp.mimetype]
    return Result.parse(io.BytesIO(resp.data), format=fmt)


def parse_graph(resp) -> Graph:
    assert resp.status_code == 200, resp.get_data(as_text=True)
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=resp.data, format=GRAPH_TYPES[resp.mimetype])


def titles(result) -> set[str]:
    return {str(row[0]) for row in result}


TITLES = "SELECT ?t WHERE { ?doc <http://purl.org/dc/terms/title> ?t }"
ALL_TITLES = {"Data one", "Data two", "Data three"}


# --- query operation: GET, POST form, POST direct -------------------------------------------------

def test_query_get(pc):
    r = pc.get("/sparql?" + urlencode({"query": TITLES}))
    assert titles(parse_result(r)) == ALL_TITLES


def test_query_post_form(pc):
    r = pc.post("/sparql", data={"query": TITLES})
    assert titles(parse_result(r)) == ALL_TITLES


def test_query_post_direct(pc):
    r = pc.post("/sparql", data=TITLES.encode(), content_type="application/sparql-query")
    assert titles(parse_result(r)) == ALL_TITLES


def test_query_post_direct_with_charset(pc):
    r = pc.post("/sparql", data=TITLES.encode(), content_type="application/sparql-query; charset=UTF-8")
    assert titles(parse_result(r)) == ALL_TITLES


# --- datasets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["get", "post_form", "post_direct"])
def test_query_dataset_default_graph(pc, method):
    ask = f"ASK {{ <{G1}> ?p ?o }}"
    r = _send(pc, method, ask, [("default-graph-uri", G1)])
    assert parse_result(r).askAnswer is True
    r = _send(pc, method, ask, [("default-graph-uri", G2)])
    assert parse_result(r).askAnswer is False


@pytest.mark.parametrize("method", ["get", "post_form", "post_direct"])
def test_query_dataset_default_graphs(pc, method):
    r = _send(pc, method, TITLES, [("default-graph-uri", G1), ("default-graph-uri", G2)])
    assert titles(parse_result(r)) == {"Data one", "Data two"}


@pytest.mark.parametrize("method", ["get", "post_form", "post_direct"])
def test_query_dataset_named_graphs(pc, method):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = _send(pc, method, q, [("named-graph-uri", G2), ("named-graph-uri", G3)])
    assert {str(row[0]) for row in parse_result(r)} == {G2, G3}
    r = _send(pc, method, TITLES, [("named-graph-uri", G2)])
    assert titles(parse_result(r)) == set(), "named graphs only: the default graph is empty"


def test_query_dataset_full(pc):
    q = ("SELECT ?where ?t WHERE { { ?d <%s> ?t BIND('default' AS ?where) } UNION "
         "{ GRAPH ?g { ?d <%s> ?t } BIND(STR(?g) AS ?where) } }" % (DC_TITLE, DC_TITLE))
    r = _send(pc, "get", q, [("default-graph-uri", G3), ("named-graph-uri", G1), ("named-graph-uri", G2)])
    got = {(str(a), str(b)) for a, b in parse_result(r)}
    assert got == {("default", "Data three"), (G1, "Data one"), (G2, "Data two")}


def test_query_multiple_dataset(pc):
    """The protocol's dataset wins over FROM in the query."""
    q = f"SELECT ?t FROM <{G1}> WHERE {{ ?d <{DC_TITLE}> ?t }}"
    assert titles(parse_result(_send(pc, "get", q, []))) == {"Data one"}
    assert titles(parse_result(_send(pc, "get", q, [("default-graph-uri", G2)]))) == {"Data two"}


def test_from_named_in_query(pc):
    q = f"SELECT ?t FROM NAMED <{G3}> WHERE {{ GRAPH ?g {{ ?d <{DC_TITLE}> ?t }} }}"
    assert titles(parse_result(_send(pc, "get", q, []))) == {"Data three"}


def test_no_dataset_means_union_of_graphs(pc):
    assert titles(parse_result(_send(pc, "get", TITLES, []))) == ALL_TITLES


def test_bad_graph_iri(pc):
    r = _send(pc, "get", TITLES, [("default-graph-uri", "not an iri")])
    assert r.status_code == 400 and "graph IRI" in r.get_data(as_text=True)


def _send(client, method, query, params):
    if method == "get":
        return client.get("/sparql?" + urlencode([("query", query)] + params))
    if method == "post_form":
        return client.post("/sparql", data=urlencode([("query", query)] + params),
                           content_type="application/x-www-form-urlencoded")
    return client.post("/sparql?" + urlencode(params), data=query.encode(), content_type="application/sparql-query")


# --- content types ----------------------------------------------------------------------------------

def test_query_content_type_select(pc):
    r = pc.get("/sparql", query_string={"query": TITLES})
    assert r.mimetype in RESULT_TYPES and r.mimetype_params.get("charset", "").lower() == "utf-8"


def test_query_content_type_ask(pc):
    r = pc.get("/sparql", query_string={"query": "ASK {}"})
    assert r.mimetype in RESULT_TYPES
    assert parse_result(r).askAnswer is True


def test_query_content_type_describe(pc):
    r = pc.get("/sparql", query_string={"query": "DESCRIBE <http://example.org/s1>"})
    assert r.mimetype in GRAPH_TYPES
    g = parse_graph(r)
    assert (URIRef("http://example.org/s1"), URIRef("http://example.org/p"), None) in g


def test_query_content_type_construct(pc):
    q = f"CONSTRUCT {{ ?d <{DC_TITLE}> ?t }} WHERE {{ ?d <{DC_TITLE}> ?t }}"
    r = pc.get("/sparql", query_string={"query": q})
    assert r.mimetype in GRAPH_TYPES
    assert {str(o) for o in parse_graph(r).objects()} == ALL_TITLES


@pytest.mark.parametrize("accept", list(RESULT_TYPES))
def test_select_every_results_format(pc, accept):
    q = "SELECT ?s ?name WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
    r = pc.get("/sparql", query_string={"query": q}, headers={"Accept": accept})
    assert r.mimetype == accept
    names = {str(row[1]) for row in parse_result(r)}
    assert names == {"Alice", "Bob", "بوب", 'Carol, "C"\tTab'}


@pytest.mark.parametrize("accept", list(GRAPH_TYPES))
def test_construct_every_rdf_format(pc, accept):
    q = "CONSTRUCT WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?name }"
    r = pc.get("/sparql", query_string={"query": q}, headers={"Accept": accept})
    assert r.mimetype == accept
    g = parse_graph(r)
    assert {str(o) for o in g.objects()} == {"Alice", "Bob", "بوب", 'Carol, "C"\tTab'}


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.5", "application/sparql-results+xml"),
    ("text/csv;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/html;q=1, */*;q=0.1", "application/sparql-results+json"),
])
def test_negotiation_q_values(pc, accept, expected):
    r = pc.get("/sparql", query_string={"query": TITLES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == expected


@pytest.mark.parametrize("query,accept", [
    (TITLES, "image/png"),
    (TITLES, "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    (TITLES, "application/sparql-results+json;q=0"),
])
def test_not_acceptable(pc, query, accept):
    r = pc.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406
    assert "available" in r.get_data(as_text=True)


# --- bad requests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_bad_query_method(pc, method):
    r = pc.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert r.status_code == 405
    assert "POST" in r.headers["Allow"]


def test_bad_multiple_queries(pc):
    assert pc.get("/sparql?" + urlencode([("query", "ASK {}"), ("query", "ASK {}")])).status_code == 400
    r = pc.post("/sparql", data=urlencode([("query", "ASK {}"), ("query", "ASK {}")]),
                content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    r = pc.post("/sparql?query=ASK%20%7B%7D", data=b"ASK {}", content_type="application/sparql-query")
    assert r.status_code == 400


def test_bad_query_wrong_media_type(pc):
    r = pc.post("/sparql", data=b"ASK {}", content_type="text/plain")
    assert r.status_code == 400 and "Content-Type" in r.get_data(as_text=True)


def test_bad_query_missing_form_type(pc):
    r = pc.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert r.status_code == 400 and "Content-Type" in r.get_data(as_text=True)


def test_bad_query_missing_direct_type(pc):
    r = pc.post("/sparql", data=b"ASK {}")
    assert r.status_code == 400


def test_bad_query_non_utf8(pc):
    latin1 = "ASK { ?s ?p 'café' }".encode("latin-1")
    r = pc.post("/sparql", data=latin1, content_type="application/sparql-query")
    assert r.status_code == 400 and "UTF-8" in r.get_data(as_text=True)
    r = pc.post("/sparql", data=b"query=" + quote(latin1).encode(), content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400 and "UTF-8" in r.get_data(as_text=True)
    r = pc.get("/sparql?query=" + quote(latin1))
    assert r.status_code == 400 and "UTF-8" in r.get_data(as_text=True)


def test_bad_query_syntax(pc):
    r = pc.get("/sparql", query_string={"query": "ASK {"})
    assert r.status_code == 400 and "syntax" in r.get_data(as_text=True)


def test_post_without_query(pc):
    assert pc.post("/sparql", data={"default-graph-uri": G1}).status_code == 400


UPDATES = [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    f"LOAD <{G1}>",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "CREATE GRAPH <http://e/g>",
    f"COPY <{G1}> TO <{G2}>",
    f"MOVE <{G1}> TO <{G2}>",
    f"ADD <{G1}> TO <{G2}>",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://e/> # a comment\n insert data { ex:a ex:b ex:c }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_bad_update_refused(pc, update):
    before = _count(pc)
    for r in (
        pc.get("/sparql", query_string={"update": update}),
        pc.post("/sparql", data={"update": update}),
        pc.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
        pc.get("/sparql", query_string={"query": update}),
        pc.post("/sparql", data=update.encode(), content_type="application/sparql-query"),
    ):
        assert r.status_code == 400, (update, r.status_code)
        assert "read-only" in r.get_data(as_text=True) or "syntax" in r.get_data(as_text=True)
    assert _count(pc) == before == 18


def _count(pc) -> int:
    r = pc.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    return int(next(iter(parse_result(r)))[0])


# --- CORS and the service description ----------------------------------------------------------------

def test_cors_on_answers_and_errors(pc):
    for r in (pc.get("/sparql", query_string={"query": "ASK {}"}), pc.get("/sparql", query_string={"query": "ASK {"})):
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in r.headers
        assert "X-Isnad-Truncated" in r.headers.get("Access-Control-Expose-Headers", "") or r.status_code != 200


def test_cors_preflight(pc):
    r = pc.open("/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in r.headers


@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "application/ld+json", "*/*"])
def test_service_description(pc, accept):
    r = pc.get("/sparql", headers={"Accept": accept})
    g = parse_graph(r)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sd + "Service")))
    assert len(services) == 1
    service = services.pop()
    assert str(g.value(service, URIRef(sd + "endpoint"))).endswith("/sparql")
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in g


# --- row cap ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def capped_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("capped-data")
    make_protocol_store(root)
    app = create_app(Settings.load(env={}, overrides={"data": str(root), "max_rows": 4}))
    yield app
    app.extensions["isnad"].engine.close()


@pytest.mark.parametrize("accept", list(RESULT_TYPES) + list(GRAPH_TYPES))
def test_row_cap_announced(capped_app, accept):
    c = capped_app.test_client()
    kind = "SELECT *" if accept in RESULT_TYPES else "CONSTRUCT"
    r = c.get("/sparql", query_string={"query": f"{kind} WHERE {{ ?s ?p ?o }}"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["X-Isnad-Row-Cap"] == "4" and r.headers["X-Isnad-Truncated"] == "true"
    n = len(list(parse_result(r))) if accept in RESULT_TYPES else len(parse_graph(r))
    assert n == 4
    r = c.get("/sparql", query_string={"query": f"{kind} WHERE {{ ?s <{DC_TITLE}> ?o }}"}, headers={"Accept": accept})
    assert r.headers["X-Isnad-Truncated"] == "false" and r.headers["X-Isnad-Rows"] == "3"
