"""Error answers that suit the client instead of Flask's bare HTML page.

Every HTTP error Flask or werkzeug raises (routing 404 and 405, ``abort(...)``, a malformed
request's 400, 406, 503 …) is answered either as problem details (RFC 9457,
``application/problem+json``) for API and data clients, or as a page in the site's own
template for browsers; a 405 always names the allowed methods in ``Allow``. The SPARQL
endpoint keeps answering its own protocol errors itself, in plain text.

The choice: a client that names HTML in ``Accept`` at least as high as any other type it
names gets the page; one that names other types gets problem details; one that names none
(no ``Accept``, or ``*/*`` only) gets the page for a GET, HEAD or POST of a page URL, and
problem details on data URLs (``/sparql``, ``/id/``, downloads, ops, and twins such as
``/claims.json``) and for methods no browser sends (PUT, DELETE, PATCH …).

>>> _is_data_path("/sparql"), _is_data_path("/claims.ttl"), _is_data_path("/claims/abc-1-2")
(True, True, False)
>>> _prefers_html([("text/html", 1), ("application/xml", 0.9), ("*/*", 0.8)], "/sparql")
True
>>> _prefers_html([("application/sparql-results+json", 1), ("*/*", 0.1)], "/claims")
False
>>> _prefers_html([("*/*", 1)], "/claims"), _prefers_html([], "/id/topic/libya")
(True, False)
>>> _prefers_html([("*/*", 1)], "/claims", "PUT"), _prefers_html([("text/html", 1)], "/claims", "PUT")
(False, True)
"""

from __future__ import annotations

import json
from typing import Iterable

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from kg.server.twins import split_ext

PROBLEM = "application/problem+json"
HTML_TYPES = ("text/html", "application/xhtml+xml")
BROWSER_METHODS = ("GET", "HEAD", "POST")
DATA_PREFIXES = ("/sparql", "/id/", "/downloads/", "/download/", "/.well-known/", "/healthz", "/readyz",
                 "/metrics")
ARABIC_TITLES = {
    400: "طلب غير صالح", 404: "غير موجود", 405: "الطريقة غير مسموح بها", 406: "الصيغة المطلوبة غير متاحة",
    413: "الطلب أكبر من المسموح", 414: "العنوان أطول من المسموح", 500: "خطأ في الخادم",
    503: "الخدمة غير متاحة الآن",
}


def _is_data_path(path: str) -> bool:
    last = path.rstrip("/").rpartition("/")[2]
    return path.startswith(DATA_PREFIXES) or split_ext(last)[1] is not None


def _prefers_html(accept: Iterable[tuple[str, float]], path: str, method: str = "GET") -> bool:
    named = [(value.lower(), q) for value, q in accept if value != "*/*" and q > 0]
    if not named:
        return method in BROWSER_METHODS and not _is_data_path(path)
    html = max((q for value, q in named if value in HTML_TYPES), default=0)
    other = max((q for value, q in named if value not in HTML_TYPES), default=0)
    return html > 0 and html >= other


def _allowed_methods() -> list[str]:
    try:
        adapter = current_app.url_map.bind_to_environ(request.environ)
        return sorted(adapter.allowed_methods())
    except HTTPException:
        return []


def error_response(e: HTTPException) -> Response:
    """``e`` as problem details or as an HTML page, by :func:`_prefers_html`."""
    status = e.code or 500
    headers = [(k, v) for k, v in e.get_headers() if k.lower() != "content-type"]
    if status == 405 and not any(k.lower() == "allow" for k, _ in headers):
        headers.append(("Allow", ", ".join(_allowed_methods())))
    title, detail = e.name, e.description or e.name
    if _prefers_html(request.accept_mimetypes, request.path, request.method):
        body = render_template("error.html", status=status, title=title, title_ar=ARABIC_TITLES.get(status),
                               detail=detail, twins=[])
        resp = Response(body, status=status, mimetype="text/html")
    else:
        problem = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                   "instance": request.path}
        resp = Response(json.dumps(problem, ensure_ascii=False), status=status, content_type=f"{PROBLEM}; charset=utf-8")
    for k, v in headers:
        resp.headers[k] = v
    resp.vary.add("Accept")
    return resp


def install(app: Flask) -> None:
    """Answer every HTTP error of ``app`` with :func:`error_response`."""
    app.register_error_handler(HTTPException, error_response)
