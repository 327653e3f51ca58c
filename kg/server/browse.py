"""Browse pages: home, the claims list (facets, search, keyset pages), a claim, articles.

Speakers, topics and outlets are in :mod:`kg.server.pages`; Linked Data in
:mod:`kg.server.linked_data`; the query editor in :mod:`kg.server.query_page`. Every page
also answers as data (see :mod:`kg.server.twins`).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, abort, request

from kg.server import catalog as cat
from kg.server import claim_query as cq
from kg.server import entities as ent
from kg.server import isnad
from kg.server.twins import negotiate, respond, split_ext

bp = Blueprint("browse", __name__)

_ID = re.compile(r"^[A-Za-z0-9%._~-]{1,300}$")
T = ox.Triple
N = ox.NamedNode
RDF_TYPE = ent.RDF_TYPE
I, S, K = ent.ISNAD, ent.SCHEMA, ent.SKOS
CLAIM_COLUMNS = ("id", "iri", "date", "kind", "speaker", "speaker_ar", "speaker_en", "text", "article", "headline",
                 "confidence")


# The SPARQL of the pages, for benchmarks that run them on other engines (kg/bench.py). The claim page
# runs CLAIM as is; the lists read the same rows from the catalogue (kg/search.py), CLAIMS is their
# SPARQL equivalent; the speaker page reads the speaker's own triples (SPEAKER) by pattern.
CLAIM = ent.CLAIM_QUERY
CLAIMS = """
SELECT ?claim ?text ?kind ?date ?speaker WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?speaker ; isnad:reportedIn ?article ; a ?kind .
  FILTER(?kind != isnad:Claim)
  OPTIONAL { ?claim isnad:statedOn ?stated }
  OPTIONAL { ?article schema:datePublished ?published }
  BIND(COALESCE(?stated, ?published) AS ?date)
} ORDER BY DESC(?date) DESC(?claim) LIMIT 50
"""
SPEAKER = "SELECT ?speaker ?p ?o WHERE { ?speaker ?p ?o }"


def base() -> str:
    return isnad().settings.base_iri


def entity_iri(kind: str, local: str) -> str:
    """The IRI of ``{kind}/{local}``; 404 for an id that could not have been minted here."""
    if not _ID.match(local) or local in (".", ".."):
        abort(404)
    return f"{base()}{kind}/{local}"


def con():
    """The catalogue of the published build (404 page when nothing is published)."""
    c = cat.catalog(isnad().build_dir(), isnad().settings.base_iri)
    if c is None:
        abort(503, "no published build")
    return c


def page_size() -> int:
    try:
        return max(1, min(int(request.args.get("limit", "")), 500))
    except ValueError:
        return isnad().settings.page_size


def lit(value, *, lang: str | None = None, dtype: str | None = None) -> ox.Literal:
    if dtype:
        return ox.Literal(str(value), datatype=N(dtype))
    return ox.Literal(str(value), language=lang) if lang else ox.Literal(str(value))


def claim_triples(rows: list[cat.ClaimRow]) -> list[ox.Triple]:
    """A short description of each listed claim (the full one is at the claim's own URL)."""
    out = []
    for r in rows:
        c = N(r.iri)
        out += [T(c, RDF_TYPE, N(I + "Claim")), T(c, N(I + "text"), lit(r.text, lang="ar")),
                T(c, N(I + "speaker"), N(r.speaker)), T(c, N(I + "reportedIn"), N(r.article))]
        if r.kind:
            out.append(T(c, RDF_TYPE, N(I + {"direct": "DirectQuote", "indirect": "IndirectQuote",
                                             "headline": "HeadlineClaim"}[r.kind])))
        if r.date:
            out.append(T(c, N(I + "statedOn"), lit(r.date, dtype=PREFIXES_XSD + "date")))
        if r.speaker_ar:
            out.append(T(N(r.speaker), N(K + "prefLabel"), lit(r.speaker_ar, lang="ar")))
        if r.speaker_en:
            out.append(T(N(r.speaker), N(K + "prefLabel"), lit(r.speaker_en, lang="en")))
    return out


PREFIXES_XSD = "http://www.w3.org/2001/XMLSchema#"


def entity_triples(rows: list[cat.EntityCount], cls: str) -> list[ox.Triple]:
    out = []
    for r in rows:
        s = N(r.iri)
        out.append(T(s, RDF_TYPE, N(cls)))
        if r.label_ar:
            out.append(T(s, N(K + "prefLabel"), lit(r.label_ar, lang="ar")))
        if r.label_en:
            out.append(T(s, N(K + "prefLabel"), lit(r.label_en, lang="en")))
    return out


def next_page(cursor: str | None) -> str | None:
    """This URL (same format and arguments) from ``cursor`` on."""
    if not cursor:
        return None
    args = {k: v for k, v in request.args.items() if k != "after"}
    return f"{request.path}?{urlencode(args | {'after': cursor})}"


def claim_dicts(rows: list[cat.ClaimRow]) -> list[dict]:
    return [asdict(r) for r in rows]


@bp.route("/")
@bp.route("/index.<ext>")
def home(ext: str | None = None):
    fmt = negotiate(ext)
    c = con()
    latest = cq.claims_page(c, isnad().build_dir(), base(), cq.Filters(), limit=10).rows
    context = dict(stats=cat.stats(c), latest=latest, speakers=cat.speakers(c, limit=12), topics=cat.topics(c),
                   outlets=cat.outlets(c, limit=12))

    def graph():
        from kg.server.downloads import void_triples

        return void_triples(counts_only=True)

    return respond(fmt, template="home.html", context=context, data=lambda: context, graph=graph)


@bp.route("/claims")
@bp.route("/claims.<ext>")
def claims(ext: str | None = None):
    fmt = negotiate(ext, lists=True)
    filters = cq.Filters.from_args(request.args)
    sort = request.args.get("sort", "-date")
    page = cq.claims_page(con(), isnad().build_dir(), base(), filters, sort=sort, after=request.args.get("after"), limit=page_size())
    facet_values = cq.facets(isnad().build_dir(), base(), filters) if fmt in ("html", "json") else {}
    args = {k: v for k, v in request.args.items() if k != "after"}
    next_url = next_page(page.next_cursor)
    context = dict(page=page, facets=facet_values, filters=filters, active=filters.active(), args=args,
                   next_url=next_url, sort=page.sort)
    data = lambda: {"total": page.total, "sort": page.sort, "filters": filters.active(), "next": next_url,  # noqa: E731
                    "claims": page.rows, "facets": facet_values}
    return respond(fmt, template="claims.html", context=context, data=data, graph=lambda: claim_triples(page.rows),
                   rows=lambda: claim_dicts(page.rows), columns=CLAIM_COLUMNS, filename="claims")


@bp.route("/claims/<cid>")
def claim(cid: str):
    cid, ext = split_ext(cid)
    fmt = negotiate(ext)
    iri = entity_iri("claim", cid)
    app = isnad()
    store = app.store()
    sol = next(iter(app.query(ent.CLAIM_QUERY, claim=N(iri))), None)
    if sol is None:
        abort(404)
    v = {k: (sol[k].value if sol[k] is not None else None) for k in
         ("text", "speaker", "article", "date", "start", "end", "confidence", "mention", "run", "body",
          "headline", "published")}
    kinds = [ent.KIND_NAMES[t.value] for t in ent.values(store, iri, RDF_TYPE.value) if t.value in ent.KIND_NAMES]
    topics = [{"iri": t.value, "id": t.value.rsplit("/", 1)[-1], **asdict(ent.labels(store, t.value))}
              for t in ent.values(store, iri, I + "topic")]
    same = [t.value for t in ent.values(store, iri, I + "sameStatementAs")]
    group = ent.first(store, iri, I + "statement")
    publisher = ent.first(store, v["article"], S + "publisher")
    credits = [o.value for o in ent.values(store, v["article"], I + "credits")]
    outlets = [{"iri": o, "id": o.rsplit("/", 1)[-1], "role": role, **asdict(ent.labels(store, o))}
               for o, role in ([(publisher, "publisher")] if publisher else []) + [(o, "credit") for o in credits]]
    start, end = (int(v["start"]) if v["start"] else None), (int(v["end"]) if v["end"] else None)
    span = ent.passage(v["body"] or "", start, end) if start is not None and end is not None else None
    data = {"iri": iri, "id": cid, "kind": kinds[0] if kinds else None, **{k: v[k] for k in v if k != "body"},
            "speaker_labels": ent.labels(store, v["speaker"]), "topics": topics, "outlets": outlets,
            "same_statement_as": same, "statement": group, "passage": span}
    reports = []
    if same:  # every outlet's wording of the same statement, earliest first (a page of them)
        from kg.linking import statement_group

        reports = [asdict(r) | {"date": r.date.isoformat() if r.date else None} for r in statement_group(app, iri)]
    data["reports_total"] = len(reports)
    data["reports"] = reports[:app.settings.page_size]
    context = dict(c=data, statements=ent.statements(store, iri, skip=(I + "sameStatementAs",)), tail=lambda x: x.rsplit("/", 1)[-1])
    return respond(fmt, template="claim.html", context=context, data=lambda: data,
                   graph=lambda: ent.describe(store, iri))


@bp.route("/articles")
@bp.route("/articles.<ext>")
def articles(ext: str | None = None):
    fmt = negotiate(ext, lists=True)
    rows, cursor, total = cat.articles_page(con(), after=request.args.get("after"), limit=page_size())
    next_url = next_page(cursor)

    def graph():
        out = []
        for r in rows:
            a = N(r.iri)
            out += [T(a, RDF_TYPE, N(I + "Article")), T(a, N(S + "headline"), lit(r.headline))]
            if r.date:
                out.append(T(a, N(S + "datePublished"), lit(r.date, dtype=PREFIXES_XSD + "date")))
            if r.publisher:
                out.append(T(a, N(S + "publisher"), N(r.publisher)))
        return out

    context = dict(rows=rows, total=total, next_url=next_url)
    return respond(fmt, template="articles.html", context=context,
                   data=lambda: {"total": total, "next": next_url, "articles": rows}, graph=graph,
                   rows=lambda: [asdict(r) for r in rows],
                   columns=("id", "iri", "date", "headline", "publisher", "claims"), filename="articles")


@bp.route("/articles/<aid>")
def article(aid: str):
    aid, ext = split_ext(aid)
    fmt = negotiate(ext)
    iri = entity_iri("article", aid)
    store = isnad().store()
    body = ent.first(store, iri, S + "articleBody")
    if body is None:
        abort(404)
    claims_here = cat.claims_of_article(con(), iri)
    spans = [(r.start, r.end, r.id) for r in claims_here if r.start is not None and r.end is not None]
    publisher = ent.first(store, iri, S + "publisher")
    outlets = [{"iri": o, "id": o.rsplit("/", 1)[-1], "role": role, **asdict(ent.labels(store, o))}
               for o, role in ([(publisher, "publisher")] if publisher else [])
               + [(x.value, "credit") for x in ent.values(store, iri, I + "credits")]]
    data = {"iri": iri, "id": aid, "headline": ent.first(store, iri, S + "headline"), "body": body,
            "date": ent.first(store, iri, S + "datePublished"), "dateline": ent.first(store, iri, S + "dateline"),
            "source_file": ent.first(store, iri, I + "sourceFile"), "url": ent.first(store, iri, S + "url"),
            "outlets": outlets, "claims": claims_here}
    context = dict(a=data, segments=ent.segments(body, spans),
                   statements=ent.statements(store, iri, skip=(S + "articleBody",)))
    return respond(fmt, template="article.html", context=context, data=lambda: data,
                   graph=lambda: ent.describe(store, iri))


@bp.app_template_global()
def claims_url(args: dict, name: str | None = None, value: str | None = None) -> str:
    """``/claims`` with ``args``, ``name`` set to ``value`` (or dropped when no value), from the first page."""
    params = {k: v for k, v in args.items() if k not in ("after", name)}
    if name and value is not None:
        params[name] = value
    elif name is None and value is None and "after" in args:
        params["after"] = args["after"]
    return "/claims" + ("?" + urlencode(params) if params else "")


@bp.app_template_filter()
def local_href(iri: str) -> str:
    """The page of an IRI minted here, the IRI itself for http(s), else nothing clickable."""
    b = base()
    if iri.startswith(b):
        kind, _, local = iri[len(b):].partition("/")
        return f"/id/{kind}/{local}"
    return iri if iri.startswith(("http://", "https://")) else "#"


def _register_children() -> None:
    from kg.server import linked_data, pages, query_page, statement_page

    for child in (pages.bp, linked_data.bp, query_page.bp, statement_page.bp):
        bp.register_blueprint(child)


_register_children()
