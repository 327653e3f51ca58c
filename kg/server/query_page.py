"""``/query``: a SPARQL editor (plain HTML form) with results as a server-rendered table,
download links to ``/sparql`` in every results format, a permalink, and the example gallery."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from kg.server import isnad
from kg.server.queries_lib import compose, example, examples
from kg.sparql import Busy, QueryFailed, QueryRequest, QueryTimeout
from kg.sparql_guard import QueryRefused

bp = Blueprint("query_page", __name__)

MAX_SHOWN = 1000
PAGE_PATHS = {"claim": "/claims/", "speaker": "/speakers/", "outlet": "/outlets/", "topic": "/topics/",
              "article": "/articles/"}


@dataclass
class Cell:
    value: str
    type: str  # uri | literal | bnode | ""
    lang: str | None = None
    datatype: str | None = None
    href: str | None = None


@dataclass
class Outcome:
    kind: str = ""  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    total: int = 0
    truncated: bool = False
    boolean: bool | None = None
    graph_text: str = ""
    error: str | None = None
    status: int = 200


def _href(iri: str) -> str | None:
    base = isnad().settings.base_iri
    if not iri.startswith(base):
        return None
    kind, _, local = iri[len(base):].partition("/")
    if kind in PAGES_OR_ID and local and "/" not in local:
        return PAGE_PATHS.get(kind, f"/id/{kind}/") + local
    return None


PAGES_OR_ID = set(PAGE_PATHS) | {"run", "graph"}


def _cell(binding: dict | None) -> Cell:
    if not binding:
        return Cell("", "")
    value, kind = binding.get("value", ""), binding.get("type", "")
    if kind == "uri":
        return Cell(value, kind, href=_href(value))
    return Cell(value, kind, binding.get("xml:lang"), binding.get("datatype"))


def run(query: str) -> Outcome:
    """Run ``query`` through the app's engine (time limit, row cap, guard) and shape it for the page."""
    try:
        res = isnad().engine.run(QueryRequest(query, select_format="json", graph_format="turtle"))
    except QueryRefused as exc:
        return Outcome(error=f"Query refused · رُفض الاستعلام: {exc}", status=400)
    except QueryTimeout as exc:
        return Outcome(error=f"Time limit · انتهت المهلة: {exc}", status=503)
    except Busy as exc:
        return Outcome(error=f"Busy · مشغول: {exc}", status=503)
    except QueryFailed as exc:
        return Outcome(error=f"Query failed · فشل الاستعلام: {exc}", status=400)
    out = Outcome(kind=res.kind, total=res.rows, truncated=res.truncated)
    if res.kind == "graph":
        out.graph_text = res.body.decode("utf-8", "replace")
        return out
    doc = json.loads(res.body)
    if res.kind == "ask":
        out.boolean = bool(doc.get("boolean"))
        return out
    out.variables = doc["head"]["vars"]
    bindings = doc["results"]["bindings"]
    out.total = len(bindings)
    out.rows = [[_cell(b.get(v)) for v in out.variables] for b in bindings[:MAX_SHOWN]]
    return out


@bp.route("/query", methods=["GET", "POST"])
def query_page() -> Response:
    values = request.values
    gallery = examples()
    chosen = example(values.get("example", "")) if values.get("example") else None
    base = isnad().settings.base_iri
    query = values.get("query") or ""
    if not query and chosen is not None:
        query = compose(chosen, {p.name: values.get(p.name, "") for p in chosen.params}, base_iri=base)
    outcome = run(query) if query.strip() else None
    downloads, permalink = [], None
    if query.strip():
        permalink = "/query?" + urlencode({"query": query})
        kinds = (("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML"))
        if outcome is not None and outcome.kind == "graph":
            kinds = (("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"))
        downloads = [(label, "/sparql?" + urlencode({"query": query, "format": fmt})) for fmt, label in kinds]
    body = render_template("query.html", query=query, outcome=outcome, gallery=gallery, chosen=chosen,
                           downloads=downloads, permalink=permalink, base_iri=base,
                           default_query=DEFAULT_QUERY, compose=lambda ex: compose(ex, base_iri=base))
    return Response(body, status=outcome.status if outcome else 200, mimetype="text/html")


DEFAULT_QUERY = """PREFIX isnad: <https://w3id.org/isnad/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?claim ?text ?speaker WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?s .
  ?s skos:prefLabel ?speaker FILTER(lang(?speaker) = "ar")
} LIMIT 20"""
