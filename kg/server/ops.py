"""Operations: health, readiness, metrics, and the headers every response carries."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify

from kg import __version__
from kg.server import isnad

bp = Blueprint("ops", __name__)

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def install_headers(app: Flask) -> None:
    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("Access-Control-Allow-Origin", "*")
        resp.headers.setdefault("Access-Control-Expose-Headers",
                                "X-Isnad-Row-Cap, X-Isnad-Rows, X-Isnad-Truncated, Retry-After")
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp


@bp.route("/healthz")
def healthz() -> Response:
    return jsonify(status="ok", version=__version__)


@bp.route("/readyz")
def readyz() -> Response:
    build = isnad().build_dir()
    if build is None:
        return jsonify(status="no published build"), 503
    return jsonify(status="ready", build=build.name)


@bp.route("/metrics")
def metrics() -> Response:
    app = isnad()
    lines = [f"# TYPE isnad_sparql_{k}_total counter\nisnad_sparql_{k}_total {v}" for k, v in app.engine.stats.items()]
    lines.append(f'# TYPE isnad_info gauge\nisnad_info{{version="{__version__}"}} 1')
    return Response("\n".join(lines) + "\n", mimetype="text/plain; version=0.0.4")
