"""A build published into a real Oxigraph server, and the app reading from it."""

from __future__ import annotations

import socket
import subprocess
import time

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from rdflib.compare import to_canonical_graph
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.backends.remote import STAGING, RemoteEngine, RemoteStore
from kg.build import build
from kg.rdf import BuildRun
from kg.server import create_app
from kg.settings import Settings
from kg.sparql import QueryLimits, QueryRequest, QueryTimeout
from kg.sparql_guard import QueryRefused
from kg.store import DataDir, open_store
from kg.synth import oracle_extract, write_corpus

from conftest import LiveServer

pytestmark = pytest.mark.slow
CLAIM_COUNT = "PREFIX isnad: <https://w3id.org/isnad/ontology#> SELECT (COUNT(?c) AS ?n) WHERE { ?c a isnad:Claim }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    port = _free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph server did not start: " + proc.stderr.read().decode())
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    proc.stderr.close()


@pytest.fixture(scope="module")
def published(oxigraph_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("remote")
    corpus = write_corpus(root / "corpus", 20, seed=5)
    settings = Settings.load(env={}, overrides={"data": str(root / "data"), "corpus": str(corpus),
                                                "store": oxigraph_url, "query_timeout": 5})
    report = build(settings, extractor=oracle_extract, log=lambda m: None)
    assert report.exit_code == 0, report.summary()
    return settings


def _quads(store) -> set:
    """Every graph's triples, blank nodes canonicalised (their labels differ between stores)."""
    by_graph: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    out = set()
    for g, lines in by_graph.items():
        graph = Graph().parse(data="\n".join(lines), format="nt")
        out |= {(g, t) for t in to_canonical_graph(graph)}
    return out


def test_remote_store_holds_exactly_the_local_build(published):
    local = _quads(open_store(DataDir(published.data_dir).current()))
    remote = _quads(RemoteStore(published.store))
    assert len(local) > 500
    assert remote == local


def test_pages_and_sparql_endpoint_read_from_the_remote_store(published, tmp_path):
    claims = [s["c"].value for s in RemoteStore(published.store).query(
        "PREFIX isnad: <https://w3id.org/isnad/ontology#> SELECT ?c ?t WHERE { ?c a isnad:Claim } LIMIT 3")]
    assert claims
    local_id = claims[0].rsplit("/", 1)[1]
    text = next(iter(RemoteStore(published.store).query(
        "SELECT ?t WHERE { ?c <https://w3id.org/isnad/ontology#text> ?t }",
        substitutions={ox.Variable("c"): ox.NamedNode(claims[0])})))["t"].value
    # lists and search read the build folder's catalogue; one resource's page reads the store:
    # with an empty data folder it can only come from the remote store
    empty = create_app(published.with_(data=str(tmp_path / "empty")))
    app = create_app(published)
    try:
        page = empty.test_client().get(f"/claims/{local_id}")
        assert page.status_code == 200 and text in page.get_data(as_text=True)
        assert empty.test_client().get("/claims/0000000000000000-1-2").status_code == 404
        assert app.test_client().get("/claims").status_code == 200
        with LiveServer(empty) as server:
            sw = SPARQLWrapper(f"{server.url}/sparql")
            sw.setQuery(CLAIM_COUNT)
            sw.setReturnFormat(JSON)
            n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
        local = open_store(DataDir(published.data_dir).current())
        expected = int(next(iter(local.query(CLAIM_COUNT, use_default_graph_as_union=True)))["n"].value)
        assert n == expected > 0
    finally:
        empty.extensions["isnad"].engine.close()
        app.extensions["isnad"].engine.close()


def test_pattern_lookups_match_the_local_store(published):
    local = open_store(DataDir(published.data_dir).current())
    remote = RemoteStore(published.store)
    claim = next(iter(local.query("SELECT ?c WHERE { ?c a <https://w3id.org/isnad/ontology#Claim> } LIMIT 1",
                                  use_default_graph_as_union=True)))["c"]
    for pattern in ((claim, None, None, None), (None, None, claim, None),
                    (claim, ox.NamedNode("https://w3id.org/isnad/ontology#text"), None, None)):
        assert {str(q) for q in remote.quads_for_pattern(*pattern)} == \
            {str(q) for q in local.quads_for_pattern(*pattern)}


def test_bound_values_are_escaped_not_pasted(published):
    remote = RemoteStore(published.store)
    before = len(remote)
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { ?s ?p "')
    rows = list(remote.query("SELECT ?s WHERE { ?s ?p ?o }", substitutions={ox.Variable("o"): hostile}))
    assert rows == [] and len(remote) == before
    iri = next(iter(remote.query("SELECT ?s WHERE { ?s a ?t } LIMIT 1")))["s"]
    bound = list(remote.query("SELECT ?t WHERE { ?s a ?t }", substitutions={ox.Variable("s"): iri}))
    assert bound


def test_remote_engine_refuses_updates_and_service_and_times_out(published):
    engine = RemoteEngine(RemoteStore(published.store), limits=QueryLimits(timeout=0.3))
    with pytest.raises(QueryRefused):
        engine.run(QueryRequest("DROP ALL"))
    with pytest.raises(QueryRefused):
        engine.run(QueryRequest("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))
    with pytest.raises(QueryTimeout):
        engine.run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"))
    ok = engine.run(QueryRequest(CLAIM_COUNT, select_format="csv"))
    assert ok.kind == "select" and ok.rows == 1 and ok.body.startswith(b"n")
    g = engine.run(QueryRequest("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5", graph_format="ntriples"))
    assert g.kind == "graph" and g.rows == 5
    assert len(Graph().parse(data=g.body.decode(), format="nt")) == 5


def test_republish_replaces_graphs_and_leaves_no_staging(published, tmp_path):
    smaller = write_corpus(tmp_path / "c", 5, seed=5)
    settings = published.with_(corpus=str(smaller), data=str(tmp_path / "d"))
    run = BuildRun.create(version="test", started="2020-01-01T00:00:00+00:00")
    assert build(settings, extractor=oracle_extract, build_run=run, log=lambda m: None).exit_code == 0
    remote = RemoteStore(published.store)
    graphs = remote.graphs()
    assert not [g for g in graphs if g.startswith(STAGING)]
    assert _quads(remote) == _quads(open_store(DataDir(settings.data_dir).current()))
