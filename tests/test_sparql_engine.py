"""The query engine: pyoxigraph's own writers under the row cap give the same answers as ours."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib.query import Result

from kg.results import write_select
from kg.sparql import QueryRequest, _execute
from kg.sparql_guard import with_row_limit

NT = "".join(f'<http://e/s{i}> <http://e/p{i % 3}> "v{i}\\n\\"x\\",\\ty"@ar .\n<http://e/s{i}> <http://e/n> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
             for i in range(30))

QUERIES = [
    "SELECT ?s ?o WHERE { ?s <http://e/p1> ?o } ORDER BY ?s",
    "SELECT ?o ?s WHERE { ?s ?p ?o } ORDER BY ?o ?s",
    "SELECT (COUNT(*) AS ?n) ?p WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "SELECT * WHERE { ?s <http://e/n> ?n OPTIONAL { ?s <http://e/p0> ?o } } ORDER BY ?n",
    "SELECT ?s WHERE { ?s <http://e/n> ?n } ORDER BY ?n LIMIT 5",
    "SELECT ?s WHERE { ?s <http://e/n> ?n } ORDER BY ?n OFFSET 25",
    "SELECT ?s ?n WHERE { ?s <http://e/n> ?n } ORDER BY ?n VALUES ?n { 1 2 3 }",
    "PREFIX e: <http://e/> SELECT ?s WHERE { { SELECT ?s WHERE { ?s e:n ?n } LIMIT 50 } } ORDER BY ?s # end",
]


@pytest.fixture(scope="module")
def store():
    st = ox.Store()
    st.bulk_load(NT.encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("http://e/g"))
    return st


def rows(body: bytes, fmt: str):
    res = Result.parse(io.BytesIO(body), format=fmt)
    return res.vars, [tuple(r) for r in res]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("cap", [1000, 7])
def test_native_and_python_writers_agree(store, query, fmt, cap):
    fast = _execute(store, QueryRequest(query, select_format=fmt), cap, {})
    res = store.query(query, use_default_graph_as_union=True)  # the reference: our own writers, capped
    variables = [v.value for v in res.variables]
    expected_rows = [{v: s[v] for v in variables} for s in res]
    truncated = len(expected_rows) > cap
    expected = write_select(variables, expected_rows[:cap], fmt)
    assert fast.truncated == truncated and fast.rows == min(cap, len(expected_rows))
    assert rows(fast.body, fmt) == rows(expected, fmt)


@pytest.mark.parametrize("query,bounded", [
    ("SELECT * WHERE { ?s ?p ?o }", True),
    ("select * where { ?s ?p ?o } order by ?s", True),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 3", True),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 300000", False),
    ("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://e/s1> }", False),
    ("ASK { ?s ?p ?o }", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { ?s ?p 'LIMIT 3' }", True),
])
def test_with_row_limit(query, bounded):
    out = with_row_limit(query, 100)
    assert (out is not None) == bounded
    if out is not None:
        ox.Store().query(out)  # still valid SPARQL
