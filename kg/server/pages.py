"""Browse pages of speakers, topics and outlets (lists and one each)."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, request

from kg.server import catalog as cat
from kg.server import claim_query as cq
from kg.server import entities as ent
from kg.server import isnad
from kg.server.browse import I, K, S, base, claim_triples, con, entity_iri, entity_triples, next_page, page_size
from kg.server.charts import timeline_svg
from kg.server.twins import negotiate, respond, split_ext

bp = Blueprint("pages", __name__)

ENTITY_COLUMNS = ("id", "iri", "label_ar", "label_en", "count")


def _list(fmt: str, kind: str, *, template: str, cls: str, name: str, extra=()):
    try:
        limit = max(1, min(int(request.args.get("limit", "")), 1000))
    except ValueError:
        limit = 200
    rows, cursor = cat.ranked(con(), kind, limit=limit, after=request.args.get("after"))
    flat = [{k: v for k, v in (asdict(r) | r.extra).items() if k not in ("extra", "cursor")} for r in rows]
    next_url = next_page(cursor)
    return respond(fmt, template=template, context={"rows": rows, "next_url": next_url},
                   data=lambda: {name: flat, "next": next_url}, graph=lambda: entity_triples(rows, cls),
                   rows=lambda: flat, columns=ENTITY_COLUMNS + tuple(extra), filename=name)


@bp.route("/speakers")
@bp.route("/speakers.<ext>")
def speakers(ext: str | None = None):
    return _list(negotiate(ext, lists=True), "speaker", template="speakers.html", cls=S + "Person", name="speakers")


@bp.route("/topics")
@bp.route("/topics.<ext>")
def topics(ext: str | None = None):
    return _list(negotiate(ext, lists=True), "topic", template="topics.html", cls=K + "Concept", name="topics")


@bp.route("/outlets")
@bp.route("/outlets.<ext>")
def outlets(ext: str | None = None):
    return _list(negotiate(ext, lists=True), "outlet", template="outlets.html", cls=I + "Outlet", name="outlets",
                 extra=("articles", "published", "credited"))


def _entity(kind: str, local: str) -> tuple[str, str, str]:
    local, ext = split_ext(local)
    fmt = negotiate(ext)
    iri = entity_iri(kind, local)
    if not ent.exists(isnad().store(), iri):
        abort(404)
    return iri, local, fmt


def _claims(filters: cq.Filters) -> cq.ClaimsPage:
    return cq.claims_page(con(), isnad().build_dir(), base(), filters, after=request.args.get("after"), limit=page_size())


@bp.route("/speakers/<sid>")
def speaker(sid: str):
    iri, sid, fmt = _entity("speaker", sid)
    store = isnad().store()
    kinds = [t.value.rsplit("/", 1)[-1] for t in ent.values(store, iri, ent.RDF_TYPE.value)]
    data = {"iri": iri, "id": sid, "labels": ent.labels(store, iri), "types": kinds,
            "roles": [r.value for r in ent.values(store, iri, S + "jobTitle")],
            "country": ent.first(store, iri, I + "country")}
    page = _claims(cq.Filters(speaker=sid))
    months = cat.timeline(con(), iri)
    context = dict(e=data, page=page, chart=timeline_svg(months), topics=cat.topics(con(), speaker_iri=iri),
                   statements=ent.statements(store, iri))
    return respond(fmt, template="speaker.html", context=context,
                   data=lambda: data | {"claims": page.rows, "timeline": months},
                   graph=lambda: ent.describe(store, iri) + claim_triples(page.rows))


@bp.route("/topics/<tid>")
def topic(tid: str):
    iri, tid, fmt = _entity("topic", tid)
    store = isnad().store()
    data = {"iri": iri, "id": tid, "labels": ent.labels(store, iri),
            "definition": [d.value for d in ent.values(store, iri, K + "definition")
                           if getattr(d, "language", None) in ("ar", "en")]}
    page = _claims(cq.Filters(topic=tid))
    context = dict(e=data, page=page, speakers=cat.speakers(con(), topic_iri=iri, limit=20),
                   statements=ent.statements(store, iri, skip=(K + "hiddenLabel",)))
    return respond(fmt, template="topic.html", context=context, data=lambda: data | {"claims": page.rows},
                   graph=lambda: ent.describe(store, iri) + claim_triples(page.rows))


@bp.route("/outlets/<oid>")
def outlet(oid: str):
    iri, oid, fmt = _entity("outlet", oid)
    store = isnad().store()
    data = {"iri": iri, "id": oid, "labels": ent.labels(store, iri),
            "types": [t.value.rsplit("#", 1)[-1] for t in ent.values(store, iri, ent.RDF_TYPE.value)]}
    arts, cursor, total = cat.articles_page(con(), outlet_iri=iri, limit=page_size())
    page = _claims(cq.Filters(outlet=oid))
    context = dict(e=data, articles=arts, articles_total=total, page=page, statements=ent.statements(store, iri))
    return respond(fmt, template="outlet.html", context=context,
                   data=lambda: data | {"articles": arts, "claims": page.rows},
                   graph=lambda: ent.describe(store, iri) + claim_triples(page.rows))

