"""One statement, every outlet's wording: the page of an ``isnad:Statement`` group.

A statement group (:mod:`kg.statements`) is a connected set of claims linked by
``isnad:sameStatementAs``. ``/statements/<id>`` lists its reports earliest first (undated
last), ``page_size`` a page (``?page=2`` …), with the same data twins as every page. The
dates of all members are read first (cheap), then the details of one page only, so a
statement carried by thousands of articles costs the same per page as a small one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pyoxigraph as ox
from flask import Blueprint, abort, request

from kg.server import entities as ent
from kg.server import isnad
from kg.server.browse import I, base, entity_iri
from kg.server.twins import negotiate, respond, split_ext

bp = Blueprint("statement_page", __name__)

_MEMBERS = """
SELECT ?claim ?stated ?published WHERE {
  ?claim isnad:statement ?statement ; isnad:reportedIn ?article .
  OPTIONAL { ?claim isnad:statedOn ?stated }
  OPTIONAL { ?article schema:datePublished ?published }
}
"""

_DETAILS = """
SELECT ?claim ?text ?article ?speaker ?outlet ?label ?headline WHERE {
  %s
  ?claim isnad:text ?text ; isnad:reportedIn ?article ; isnad:speaker ?speaker .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:publisher ?outlet .
             OPTIONAL { ?outlet skos:prefLabel ?label FILTER(langMatches(lang(?label), "ar")) } }
}
"""


@dataclass(frozen=True)
class StatementReport:
    """One member claim of a statement group, as the page lists it."""

    claim: str
    date: str | None
    text: str = ""
    article: str = ""
    speaker: str = ""
    outlet: str | None = None
    outlet_label: str | None = None
    headline: str | None = None


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None
    except ValueError:
        return None


def members(app, statement: str) -> list[tuple[str, dt.date | None]]:
    """(claim IRI, date) of every member of ``statement``, earliest first, undated last.
    A claim's date is its ``isnad:statedOn``, else its article's ``schema:datePublished``."""
    seen: dict[str, dt.date | None] = {}
    for r in app.query(_MEMBERS, statement=ox.NamedNode(statement)):
        iri = r["claim"].value
        day = _date(r["stated"]) or _date(r["published"])
        if iri not in seen or (seen[iri] is None and day is not None):
            seen[iri] = day
    return sorted(seen.items(), key=lambda x: (x[1] is None, x[1] or dt.date.min, x[0]))


def reports(app, page: list[tuple[str, dt.date | None]]) -> list[StatementReport]:
    """The details of ``page`` (claim, date) pairs, in their order. The claims come from the
    store and are written as N-Triples terms in a VALUES block."""
    if not page:
        return []
    values = "VALUES ?claim { " + " ".join(str(ox.NamedNode(c)) for c, _ in page) + " }"
    found: dict[str, dict] = {}
    for r in app.query(_DETAILS % values):
        val = (lambda k: r[k].value if r[k] is not None else None)
        found.setdefault(r["claim"].value, {k: val(k) for k in ("text", "article", "speaker", "outlet", "headline")}
                         | {"outlet_label": val("label")})
    return [StatementReport(c, d.isoformat() if d else None, **found[c]) for c, d in page if c in found]


@bp.route("/statements/<sid>")
def statement(sid: str):
    sid, ext = split_ext(sid)
    fmt = negotiate(ext)
    iri = entity_iri("statement", sid)
    app = isnad()
    everyone = members(app, iri)
    if not everyone:
        abort(404)
    size = app.settings.page_size
    pages = max(1, -(-len(everyone) // size))
    try:
        number = max(1, min(int(request.args.get("page", "1")), pages))
    except ValueError:
        number = 1
    rows = reports(app, everyone[(number - 1) * size: number * size])
    outlets = len({r.outlet for r in rows if r.outlet})
    data = {"iri": iri, "id": sid, "reports_total": len(everyone), "page": number, "pages": pages,
            "reports": [asdict(r) for r in rows]}
    store = app.store()

    def graph():
        node = ox.NamedNode(iri)
        out = list(ent.describe(store, iri))
        out += [ox.Triple(ox.NamedNode(c), ox.NamedNode(I + "statement"), node) for c, _ in everyone]
        return out

    def page_url(n: int) -> str | None:
        return f"/statements/{sid}?page={n}" if 1 <= n <= pages and n != number else None

    context = dict(s=data, outlets_on_page=outlets, prev_url=page_url(number - 1), next_url=page_url(number + 1),
                   tail=lambda x: x.rsplit("/", 1)[-1], base=base())
    return respond(fmt, template="statement.html", context=context, data=lambda: data, graph=graph)
