"""``/sparql``: the SPARQL 1.1 Protocol for queries (read-only).

GET with ``query``, POST urlencoded, POST ``application/sparql-query``;
``default-graph-uri`` and ``named-graph-uri``; results by content negotiation
(q-values honoured; 406 when nothing fits) or ``format=``; a Service Description on a
GET without a query.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request, url_for

from kg.results import SELECT_TYPES
from kg.server import isnad
from kg.sparql import GRAPH_TYPES, Busy, QueryFailed, QueryRequest, QueryTimeout
from kg.sparql_guard import QueryRefused, query_form

bp = Blueprint("sparql", __name__)

SELECT_BY_TYPE = {v: k for k, v in SELECT_TYPES.items()} | {"application/json": "json", "text/xml": "xml",
                                                              "application/xml": "xml"}
GRAPH_BY_TYPE = {v: k for k, v in GRAPH_TYPES.items()} | {"application/x-turtle": "turtle", "text/plain": "ntriples",
                                                            "application/json": "jsonld"}
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml",
                  "ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                  "jsonld": "jsonld", "json-ld": "jsonld", "rdf": "rdfxml", "rdfxml": "rdfxml", "xml-rdf": "rdfxml"}


def _error(status: int, message: str, **headers: str) -> Response:
    resp = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    for k, v in headers.items():
        resp.headers[k.replace("_", "-")] = v
    return resp


def _negotiate(kind: str) -> str | None:
    """The format key to answer with, from ``format=`` or Accept; None means 406."""
    table = SELECT_BY_TYPE if kind != "graph" else GRAPH_BY_TYPE
    default = "json" if kind != "graph" else "turtle"
    explicit = request.values.get("format")
    if explicit:
        key = FORMAT_ALIASES.get(explicit.lower()) or table.get(explicit.lower())
        return key if key in set(table.values()) else None
    accept = request.accept_mimetypes
    if not accept or not request.headers.get("Accept"):
        return default
    offered = [SELECT_TYPES[default] if kind != "graph" else GRAPH_TYPES[default]] + list(table)
    best = accept.best_match(offered)
    return table.get(best) if best else None


def _is_utf8_form(raw: bytes) -> bool:
    """True when every name and value of an urlencoded string is UTF-8 once percent-decoded."""
    try:
        for part in raw.split(b"&"):
            for piece in part.split(b"=", 1):
                unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


READ_ONLY = "SPARQL Update is not accepted: this endpoint is read-only"


def _read_query() -> tuple[str | None, Response | None]:
    """The query text of a protocol request, or an error response."""
    if not _is_utf8_form(request.query_string):
        return None, _error(400, "the query string is not UTF-8")
    if request.method == "GET":
        if "update" in request.args:
            return None, _error(400, READ_ONLY)
        queries = request.args.getlist("query")
    else:
        ctype = (request.mimetype or "").lower()
        if request.content_length and request.content_length > 4 * isnad().settings.max_query_bytes:
            return None, _error(413, f"request body too large (limit {4 * isnad().settings.max_query_bytes} bytes)")
        if ctype == "application/x-www-form-urlencoded":
            if not _is_utf8_form(request.get_data(cache=True)):
                return None, _error(400, "the request body is not UTF-8")
            if "update" in request.form:
                return None, _error(400, READ_ONLY)
            queries = request.form.getlist("query") + request.args.getlist("query")
        elif ctype == "application/sparql-query":
            try:
                queries = [request.get_data().decode("utf-8")] + request.args.getlist("query")
            except UnicodeDecodeError:
                return None, _error(400, "the request body is not UTF-8")
        elif ctype == "application/sparql-update":
            return None, _error(400, READ_ONLY)
        elif not ctype:
            return None, _error(400, "missing Content-Type: use application/x-www-form-urlencoded or application/sparql-query")
        else:
            return None, _error(400, f"unsupported Content-Type {ctype}: use "
                                "application/x-www-form-urlencoded or application/sparql-query")
    if len(queries) > 1:
        return None, _error(400, "more than one query parameter")
    if not queries:
        return None, None
    return queries[0], None


def _graph_params() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """default-graph-uri and named-graph-uri values; ValueError names a bad IRI."""
    default, named = tuple(request.values.getlist("default-graph-uri")), tuple(request.values.getlist("named-graph-uri"))
    for iri in default + named:
        ox.NamedNode(iri)  # raises ValueError on a malformed IRI
    return default, named


@bp.route("/sparql", methods=["OPTIONS"], provide_automatic_options=False)
def preflight() -> Response:
    """CORS preflight: any origin may query (no credentials)."""
    resp = Response(status=204)
    resp.headers["Allow"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def sparql() -> Response:
    query, error = _read_query()
    if error is not None:
        return error
    if query is None:
        if request.method == "GET":
            return service_description()
        return _error(400, "missing query parameter")
    form = query_form(query)
    kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "select"
    fmt = _negotiate(kind)
    if fmt is None:
        offered = ", ".join(SELECT_TYPES.values() if kind == "select" else GRAPH_TYPES.values())
        return _error(406, f"cannot answer in the requested format; available: {offered}")
    try:
        default_graphs, named_graphs = _graph_params()
    except ValueError as exc:
        return _error(400, f"bad graph IRI: {exc}")
    req = QueryRequest(query, select_format=fmt if kind == "select" else "json",
                       graph_format=fmt if kind == "graph" else "turtle",
                       default_graphs=default_graphs, named_graphs=named_graphs)
    app = isnad()
    try:
        result = app.engine.run(req)
    except QueryRefused as exc:
        return _error(400, str(exc))
    except Busy as exc:
        return _error(503, str(exc), Retry_After="1")
    except QueryTimeout as exc:
        return _error(503, str(exc), Retry_After="5")
    except QueryFailed as exc:
        return _error(500, f"query failed: {exc}")
    ctype = SELECT_TYPES[result.format] if result.kind in ("select", "ask") else GRAPH_TYPES[result.format]
    resp = Response(result.body, status=200, content_type=f"{ctype}; charset=utf-8")
    resp.headers["X-Isnad-Row-Cap"] = str(app.settings.max_rows)
    resp.headers["X-Isnad-Rows"] = str(result.rows)
    resp.headers["X-Isnad-Truncated"] = "true" if result.truncated else "false"
    resp.headers["Vary"] = "Accept"
    return resp


def service_description() -> Response:
    best = request.accept_mimetypes.best_match(["text/turtle", "text/html"] + list(GRAPH_BY_TYPE))
    if best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]:
        return redirect(url_for("browse.query_page"))
    fmt = GRAPH_BY_TYPE.get(best or "text/turtle", "turtle")
    endpoint = ox.NamedNode(request.base_url)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    bnode, dataset, graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    t = ox.Triple
    n = ox.NamedNode
    triples = [
        t(bnode, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(sd + "Service")),
        t(bnode, n(sd + "endpoint"), endpoint),
        t(bnode, n(sd + "supportedLanguage"), n(sd + "SPARQL11Query")),
        t(bnode, n(sd + "feature"), n(sd + "UnionDefaultGraph")),
        t(bnode, n(sd + "defaultDataset"), dataset),
        t(dataset, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(sd + "Dataset")),
        t(dataset, n(sd + "defaultGraph"), graph),
        t(graph, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(sd + "Graph")),
        t(bnode, n("http://purl.org/dc/terms/title"), ox.Literal("Isnad SPARQL endpoint", language="en")),
    ]
    for key in ("json", "xml", "csv", "tsv"):
        triples.append(t(bnode, n(sd + "resultFormat"),
                         n({"json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
                            "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
                            "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
                            "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV"}[key])))
    for key in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(t(bnode, n(sd + "resultFormat"), n(f"http://www.w3.org/ns/formats/{key}")))
    rdf_fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    body = ox.serialize(triples, format=rdf_fmt)
    resp = Response(body, content_type=f"{GRAPH_TYPES[fmt]}; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    return resp
