"""The Flask application: SPARQL endpoint, browse pages, downloads, ops.

``create_app(settings)`` is the factory; ``server.py`` at the top level exposes ``app``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Flask

from kg.iris import Minter
from kg.rdf import PREFIXES
from kg.settings import Settings
from kg.sparql import QueryEngine, QueryLimits
from kg.store import STORE, DataDir, open_store


class Isnad:
    """Per-app state: the published build, a read-only store on it, the query engine."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.minter = Minter(settings.base_iri)
        self.data = DataDir(settings.data_dir)
        self._lock = threading.Lock()
        self._build: Path | None = None
        self._store: ox.Store | None = None
        self._checked = 0.0
        self.remote = None
        if settings.store:  # a remote SPARQL store: the pages and /sparql read from it
            from kg.backends.remote import RemoteEngine, RemoteStore

            self.remote = RemoteStore(settings.store, timeout=settings.query_timeout, prefixes=PREFIXES)
            self.engine = RemoteEngine(self.remote, limits=QueryLimits.from_settings(settings), prefixes=PREFIXES)
        else:
            self.engine = QueryEngine(self.store_dir, limits=QueryLimits.from_settings(settings), prefixes=PREFIXES)

    def build_dir(self) -> Path | None:
        """The published build folder (the pointer is re-read at most once a second)."""
        now = time.monotonic()
        if now - self._checked > 1.0 or self._build is None:
            self._checked = now
            current = self.data.current()
            with self._lock:
                if current != self._build:
                    self._build, self._store = current, None
        return self._build

    def store_dir(self) -> Path | None:
        build = self.build_dir()
        return build / STORE if build else None

    def store(self) -> ox.Store:
        """A read-only store on the published build (an empty one when nothing is published),
        or the remote store when the ``store`` setting is set."""
        if self.remote is not None:
            return self.remote
        build = self.build_dir()
        with self._lock:
            if self._store is None:
                self._store = open_store(build) if build else ox.Store()
            return self._store

    def query(self, sparql: str, **bindings: Any):
        """Run one of our own queries in-process, values bound in a VALUES block (terms written
        as N-Triples terms, never pasted). A VALUES block is joined first; pyoxigraph's
        ``substitutions`` were measured 9x slower on the claim page's statement query."""
        from kg.backends.remote import bind_values

        return self.store().query(bind_values(sparql, bindings), use_default_graph_as_union=True,
                                  prefixes=PREFIXES)


def create_app(settings: Settings | dict | None = None) -> Flask:
    """Application factory. ``settings`` may be a Settings or a dict of overrides."""
    if not isinstance(settings, Settings):
        settings = Settings.load(overrides=settings or {})
    app = Flask(__name__)
    app.config.update(ISNAD=settings, JSON_AS_ASCII=False, DEBUG=False)
    app.json.ensure_ascii = False
    app.extensions["isnad"] = Isnad(settings)

    from kg.server import browse, downloads, errors, ops, sparql_endpoint

    app.register_blueprint(sparql_endpoint.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(ops.bp)
    ops.install_headers(app)
    errors.install(app)
    return app


def isnad() -> Isnad:
    from flask import current_app

    return current_app.extensions["isnad"]
