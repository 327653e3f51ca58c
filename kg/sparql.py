"""Runs SPARQL queries in killable worker processes, with a time limit and a row cap.

A query that passes :func:`kg.sparql_guard.check_query` is sent to an idle worker
process that holds the published store open read-only. If it has not answered within
the time limit the worker is killed (the work really stops) and a fresh one takes its
place; the caller gets :class:`QueryTimeout`, never a truncated answer. At most
``max_concurrent`` queries run at once; one more gets :class:`Busy`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable, Sequence

from kg.sparql_guard import QueryRefused, check_query

GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


class QueryFailed(Exception):
    """The store rejected or failed the query (syntax error: HTTP 400)."""


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped (HTTP 503)."""


class Busy(Exception):
    """Too many queries at once (HTTP 503 with Retry-After)."""


@dataclass(frozen=True)
class QueryRequest:
    query: str
    select_format: str = "json"  # json | xml | csv | tsv
    graph_format: str = "turtle"  # turtle | ntriples | jsonld | rdfxml
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    body: bytes
    kind: str  # select | ask | graph
    format: str
    rows: int
    truncated: bool


def _execute(store, req: QueryRequest, max_rows: int, prefixes: dict[str, str]) -> QueryResult:
    import pyoxigraph as ox

    from kg.results import write_ask, write_select

    kwargs: dict = {}
    if req.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if req.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    res = store.query(req.query, **kwargs)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(write_ask(bool(res), req.select_format), "ask", req.select_format, 1, False)
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows, truncated = [], False
        for sol in res:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append({v: sol[v] for v in variables})
        return QueryResult(write_select(variables, rows, req.select_format), "select", req.select_format,
                           len(rows), truncated)
    triples, truncated = [], False
    for t in res:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(t)
    fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
           "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[req.graph_format]
    body = ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
    return QueryResult(body, "graph", req.graph_format, len(triples), truncated)


def _worker_main(conn: Connection) -> None:
    """Worker loop: (store path, request, max_rows, prefixes) in, ("ok", result) or ("error", msg) out."""
    import pyoxigraph as ox

    stores: dict[str, object] = {}
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        path, req, max_rows, prefixes = msg
        try:
            if path not in stores:
                stores.clear()
                stores[path] = ox.Store.read_only(path) if path else ox.Store()
            conn.send(("ok", _execute(stores[path], req, max_rows, prefixes)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # the store's own errors: report, keep the worker
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self) -> None:
        ctx = get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True, name="isnad-sparql-worker")
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()


class QueryEngine:
    """A pool of killable query workers over the published store."""

    def __init__(self, store_path: Callable[[], Path | None], *, timeout: float = 10.0, max_rows: int = 10000,
                 max_concurrent: int = 4, max_query_bytes: int = 100_000, prefixes: dict[str, str] | None = None):
        self.store_path = store_path
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_concurrent = max_concurrent
        self.max_query_bytes = max_query_bytes
        self.prefixes = prefixes or {}
        self._idle: list[_Worker] = []
        self._running = 0
        self._lock = threading.Lock()
        self.stats = {"queries": 0, "timeouts": 0, "refused": 0, "busy": 0, "errors": 0}

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._running >= self.max_concurrent:
                self.stats["busy"] += 1
                raise Busy(f"{self.max_concurrent} queries are running; try again shortly")
            self._running += 1
            worker = self._idle.pop() if self._idle else None
        if worker is None or not worker.proc.is_alive():
            try:
                worker = _Worker()
            except Exception:
                with self._lock:
                    self._running -= 1
                raise
        return worker

    def _release(self, worker: _Worker | None) -> None:
        with self._lock:
            self._running -= 1
            if worker is not None:
                self._idle.append(worker)

    def run(self, req: QueryRequest) -> QueryResult:
        try:
            check_query(req.query, max_bytes=self.max_query_bytes)
        except QueryRefused:
            self.stats["refused"] += 1
            raise
        path = self.store_path()
        store_dir = str(path) if path else ""
        worker = self._acquire()
        self.stats["queries"] += 1
        try:
            worker.conn.send((store_dir, req, self.max_rows, self.prefixes))
            if not worker.conn.poll(self.timeout):
                self.stats["timeouts"] += 1
                worker.kill()
                worker = None
                raise QueryTimeout(f"query stopped after the {self.timeout:g} s time limit")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            if worker is not None:
                worker.kill()
                worker = None
            self.stats["errors"] += 1
            raise QueryFailed(f"query worker failed: {exc}") from None
        finally:
            self._release(worker)
        if status == "ok":
            return payload
        self.stats["errors"] += 1
        if status == "syntax":
            raise QueryRefused(f"syntax error: {payload}")
        raise QueryFailed(payload)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for w in idle:
            w.kill()


def run_query(store_dir: Path | None, query: str, *, formats: Sequence[str] = ("json", "turtle"),
              timeout: float = 10.0, max_rows: int = 10000) -> QueryResult:
    """One-off query through a fresh engine (for scripts and tests)."""
    engine = QueryEngine(lambda: store_dir, timeout=timeout, max_rows=max_rows, max_concurrent=1)
    try:
        return engine.run(QueryRequest(query, select_format=formats[0], graph_format=formats[1]))
    finally:
        engine.close()
