"""The SERVICE / update guard, checked against rdflib's SPARQL parser and a real listener.

For every query below, rdflib's parser says whether it holds a SERVICE pattern; the guard
must refuse every one that does, and accept those that only mention the word in a
string, an IRI, a comment or a prefixed name. A socket listening on 127.0.0.1 must never
receive a connection, whatever is sent to the endpoint.
"""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from kg.sparql import QueryEngine, QueryLimits, QueryRefused, QueryRequest, _Worker
from kg.sparql_guard import check_query

EP = "http://127.0.0.1:9/sparql"

WITH_SERVICE = [
    f"SELECT * WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE SILENT <{EP}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE { BIND(<%s> AS ?ep) SERVICE ?ep { ?s ?p ?o } }" % EP,
    "SELECT * WHERE { VALUES ?ep { <%s> } SERVICE SILENT ?ep { ?s ?p ?o } }" % EP,
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{EP}> {{ ?a ?b ?c }} }} }}",
    f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{EP}> {{ ?s ?p ?o }} }} }}",
    f"ASK {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"DESCRIBE ?s WHERE {{ SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"PREFIX s: <http://e/> SELECT * WHERE {{ SERVICE s:x {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE<{EP}>{{?s ?p ?o}} }}",
    f"SELECT * WHERE {{ # SERVICE in a comment\nSERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p 'SERVICE' . SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{\n\tSERVICE\n\tSILENT\n<{EP}>\n{{ ?s ?p ?o }} }}",
    # '<' as less-than followed by '#>' in a comment: a naive IRI scan would hide the keyword
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?x)SERVICE#>\n <{EP}> {{ ?s ?p ?o }} }}",
    f"PREFIX p:<http://a/#> SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?x)SERVICE#>\n <{EP}> {{ ?s ?p ?o }} }}",
    f"PREFIX p:<http://a/#> SELECT * WHERE {{ FILTER(?o<?x)SERVICE#>\n <{EP}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<3)SERVICE<{EP}>{{?s ?p ?o}} }}",
    f"SELECT * WHERE {{ FILTER(1<2) SERVICE ?x {{ ?s ?p ?o }} FILTER(2>1) }}",
    f"SELECT * WHERE {{ ?s ?p \"\"\"a\nb\"\"\" SERVICE <{EP}> {{ ?s ?p ?o }} }}",
    f"BASE <http://e/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
]

WITHOUT_SERVICE = [
    "SELECT * WHERE { ?s ?p 'SERVICE' }",
    'SELECT * WHERE { ?s ?p "a SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" }',
    "SELECT * WHERE { ?s ?p '''SERVICE\nSILENT''' }",
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
    "SELECT * WHERE { ?s <http://e/service#x> ?o }",
    "PREFIX service: <http://e/> SELECT * WHERE { ?s service:p ?o }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:SERVICE ?o }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:service ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT $service WHERE { $service ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "SELECT * WHERE { ?s ?p 'it\\'s a SERVICE'@en }",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(?o, \"service\")) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) } # service",
    "SELECT * WHERE { ?s ?p _:service }",
    "SELECT * WHERE { ?s ?p ?o FILTER(LANG(?o) = 'en-service') }",
]


def rdflib_has_service(query: str) -> bool:
    return "ServiceGraphPattern" in repr(parseQuery(query))


def parsers_see_service(query: str) -> bool:
    """rdflib's parse; when rdflib cannot parse the text, what oxigraph does with it.

    Oxigraph refuses HTTP to port 9 (discard) with an OSError before connecting, so the
    error shows that it would have called the endpoint, and nothing leaves the machine.
    """
    try:
        return rdflib_has_service(query)
    except Exception:
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(1)))
        try:
            list(store.query(query, use_default_graph_as_union=True))
        except OSError:
            return True
        except SyntaxError:
            return False
        return False


def refused(query: str) -> bool:
    try:
        check_query(query)
    except QueryRefused:
        return True
    return False


@pytest.mark.parametrize("query", WITH_SERVICE)
def test_every_service_query_is_refused(query):
    assert parsers_see_service(query), "the case itself must hold SERVICE for a real parser"
    assert refused(query)


@pytest.mark.parametrize("query", WITHOUT_SERVICE)
def test_the_word_elsewhere_is_accepted(query):
    assert not rdflib_has_service(query), "the case itself must be SERVICE-free for rdflib"
    assert not refused(query)


def test_codepoint_escapes_are_undone():
    assert refused(r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert refused(r"SELECT * WHERE { \U00000053ervice <http://127.0.0.1:9/> { ?s ?p ?o } }")


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://e/g>",
    "CLEAR DEFAULT", "DROP ALL", "CREATE SILENT GRAPH <http://e/g>",
    "COPY DEFAULT TO <http://e/g>", "MOVE <http://e/a> TO <http://e/b>", "ADD <http://e/a> TO <http://e/b>",
    "WITH <http://e/g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "PREFIX e: <http://e/>\n# comment\ninsert { ?s e:p 1 } where { ?s ?p ?o }",
    "BASE <http://e/> delete { ?s ?p ?o } where { ?s ?p ?o }",
])
def test_updates_are_refused(update):
    parseUpdate(update)  # a real update for rdflib
    with pytest.raises(QueryRefused, match="read-only"):
        check_query(update)


def test_refusals_are_fast_on_big_queries():
    """The rdflib cross-check runs only when the word appears; a 90 kB query is checked quickly."""
    filler = " ".join(f"?s{i} <http://e/p> ?o{i} ." for i in range(2000))
    big = f"SELECT * WHERE {{ {filler} }}"
    t0 = time.perf_counter()
    check_query(big)
    assert time.perf_counter() - t0 < 2.0


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection it receives."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(1)
            try:
                self.received.append(conn.recv(65536) or b"<connected>")
            except OSError:
                self.received.append(b"<connected>")
            conn.close()

    def close(self):
        time.sleep(0.3)
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture()
def listener():
    lst = Listener()
    yield lst
    lst.close()


def test_listener_itself_works(listener):
    """The listener does record a connection (so 'received nothing' below means something)."""
    with socket.create_connection(("127.0.0.1", listener.port)) as s:
        s.sendall(b"hello")
    time.sleep(0.5)
    assert listener.received == [b"hello"]


def test_endpoint_never_calls_out(client, listener):
    for template in WITH_SERVICE:
        q = template.replace(EP, listener.url).replace("<sparql>", f"<{listener.url}>")
        for r in (client.get("/sparql", query_string={"query": q}),
                  client.post("/sparql", data={"query": q}),
                  client.post("/sparql", data=q.encode(), content_type="application/sparql-query")):
            assert r.status_code == 400, q
            assert "SERVICE" in r.get_data(as_text=True)
    load = f"LOAD <{listener.url}>"
    assert client.post("/sparql", data=load.encode(), content_type="application/sparql-update").status_code == 400
    assert client.get("/sparql", query_string={"query": load}).status_code == 400
    listener.close()
    assert listener.received == []


def test_workers_have_no_network(tmp_path, listener):
    """Even a SERVICE query sent straight to a worker (past the guard) reaches nothing."""
    worker = _Worker()
    try:
        assert worker.warm("")
        if not worker.isolated:
            pytest.skip("this system does not allow a private network namespace")
        worker.send(("", QueryRequest(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"), 10, {}))
        assert worker.conn.poll(10)
        status, payload = worker.conn.recv()
        assert status == "error"
    finally:
        worker.kill()
    listener.close()
    assert listener.received == []


def test_engine_reports_isolation():
    engine = QueryEngine(lambda: None, limits=QueryLimits(max_concurrent=1))
    try:
        engine.run(QueryRequest("ASK {}"))
        deadline = time.monotonic() + 10
        while not engine._idle and time.monotonic() < deadline:
            time.sleep(0.05)
        assert isinstance(engine.network_isolated(), bool)
    finally:
        engine.close()
