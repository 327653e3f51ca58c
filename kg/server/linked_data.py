"""Linked Data: the entity IRIs ``{base_iri}{kind}/{id}`` dereference on the server path ``/id/{kind}/{id}``.

A browser (HTML) is sent on with 303 See Other to the page; RDF clients get a CBD-style
description (the resource's triples and the labels of what it links to) by ``Accept``
or by extension (``.ttl``, ``.jsonld``, ``.json``), with ``Vary: Accept``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request

from kg.server import entities as ent
from kg.server import isnad
from kg.server.browse import entity_iri
from kg.server.twins import MEDIA, negotiate, serialize_rdf, split_ext, twin_links

bp = Blueprint("linked_data", __name__)

PAGES = {"claim": "/claims", "speaker": "/speakers", "outlet": "/outlets", "topic": "/topics",
         "article": "/articles", "statement": "/statements"}
KINDS = set(PAGES) | {"run", "graph"}


@bp.route("/id/<kind>/<local>")
def dereference(kind: str, local: str) -> Response:
    if kind not in KINDS:
        abort(404)
    local, ext = split_ext(local)
    fmt = negotiate(ext)
    iri = entity_iri(kind, local)
    store = isnad().store()
    if not ent.exists(store, iri):
        abort(404)
    if fmt == "html":
        if kind in PAGES:
            resp = redirect(f"{PAGES[kind]}/{local}", code=303)
        else:
            resp = Response(render_template("resource.html", iri=iri, names=ent.labels(store, iri),
                                            statements=ent.statements(store, iri), twins=twin_links()),
                            mimetype="text/html")
    else:
        triples = ent.describe(store, iri)
        if fmt == "json":
            body = json.dumps({"iri": iri, "statements": [
                {"predicate": t.predicate.value, "object": t.object.value, "subject": t.subject.value}
                for t in triples]}, ensure_ascii=False, indent=1).encode()
        else:
            body = serialize_rdf(triples, fmt)
        resp = Response(body, content_type=f"{MEDIA[fmt]}; charset=utf-8")
        if ext is None:
            resp.headers["Content-Location"] = f"{request.path}.{fmt}"
    resp.vary.add("Accept")
    return resp
