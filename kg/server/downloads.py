"""Downloads of the published dataset."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort

from kg.export import FORMATS, write_dataset
from kg.server import isnad

bp = Blueprint("downloads", __name__)

MEDIA = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
         "trig": "application/trig", "nq": "application/n-quads"}


@bp.route("/download/isnad.<ext>")
def dataset(ext: str) -> Response:
    if ext not in FORMATS:
        abort(404)
    buf = io.BytesIO()
    write_dataset(isnad().store(), ext, buf)
    resp = Response(buf.getvalue(), content_type=f"{MEDIA[ext]}; charset=utf-8")
    resp.headers["Content-Disposition"] = f'attachment; filename="isnad.{ext}"'
    return resp
