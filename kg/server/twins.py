"""Data twins of every page: the same URL as Turtle, JSON-LD, JSON (and CSV for lists).

A twin is asked for with an extension (``/claims/<id>.ttl``, ``/claims.csv?...``) or with
``Accept`` on the page's own URL; answers carry ``Vary: Accept``.

>>> split_ext("abc-1-2.ttl")
('abc-1-2', 'ttl')
>>> split_ext("sergey-lavrov")
('sergey-lavrov', None)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any, Callable, Iterable, Sequence

import pyoxigraph as ox
from flask import Response, abort, render_template, request

from kg.rdf import PREFIXES

MEDIA = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "json": "application/json",
    "csv": "text/csv",
}
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
LABELS = {"ttl": "Turtle", "jsonld": "JSON-LD", "json": "JSON", "csv": "CSV"}


def split_ext(value: str) -> tuple[str, str | None]:
    """``"x.ttl"`` -> ``("x", "ttl")``; a value without a twin extension is returned whole."""
    stem, dot, ext = value.rpartition(".")
    if dot and ext in MEDIA and ext != "html" and stem:
        return stem, ext
    return value, None


def negotiate(ext: str | None, *, lists: bool = False) -> str:
    """The format to answer with: the extension, else the best ``Accept`` match (HTML first); 406/404 otherwise."""
    offered = [k for k in MEDIA if lists or k != "csv"]
    if ext is not None:
        if ext not in offered:
            abort(404)
        return ext
    if not request.headers.get("Accept"):
        return "html"
    best = request.accept_mimetypes.best_match([MEDIA[k] for k in offered])
    if best is None:
        abort(406)
    return next(k for k in offered if MEDIA[k] == best)


def twin_links(*, lists: bool = False) -> list[dict[str, str]]:
    """``<link rel="alternate">`` targets for the current page (path + extension, same query string)."""
    path = request.path.rstrip("/") or "/index"
    qs = request.query_string.decode("ascii", "replace")
    out = []
    for ext in ("ttl", "jsonld", "json") + (("csv",) if lists else ()):
        out.append({"href": f"{path}.{ext}" + (f"?{qs}" if qs else ""), "type": MEDIA[ext], "label": LABELS[ext]})
    return out


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def serialize_rdf(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    return ox.serialize(list(triples), format=RDF_FORMATS[fmt],
                        prefixes=PREFIXES if fmt == "ttl" else None)


def csv_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return buf.getvalue().encode("utf-8")


def _ctype(fmt: str) -> str:
    return f"{MEDIA[fmt]}; charset=utf-8"


def respond(fmt: str, *, template: str, context: dict, data: Callable[[], Any],
            graph: Callable[[], Iterable[ox.Triple]], rows: Callable[[], Sequence[dict]] | None = None,
            columns: Sequence[str] = (), filename: str = "isnad") -> Response:
    """Render the page as ``fmt``: HTML from ``template``, or one of its twins."""
    if fmt == "html":
        body = render_template(template, twins=twin_links(lists=rows is not None), **context)
        resp = Response(body, mimetype="text/html")
    elif fmt == "json":
        resp = Response(json.dumps(to_jsonable(data()), ensure_ascii=False, indent=1), content_type=_ctype("json"))
    elif fmt == "csv" and rows is not None:
        resp = Response(csv_bytes(rows(), columns), content_type=_ctype("csv"))
        resp.headers["Content-Disposition"] = f'inline; filename="{filename}.csv"'
    elif fmt in RDF_FORMATS:
        resp = Response(serialize_rdf(graph(), fmt), content_type=_ctype(fmt))
    else:
        abort(404)
    resp.vary.add("Accept")
    return resp
