"""Runs SPARQL queries in killable worker processes, with a time limit and a row cap.

A query that passes :func:`kg.sparql_guard.check_query` is sent to an idle worker
process that holds the published store open read-only. If it has not answered within
the time limit the worker is killed (the work really stops) and a fresh one takes its
place; the caller gets :class:`QueryTimeout`, never a truncated answer. At most
``max_concurrent`` queries run at once; one more waits briefly, then gets :class:`Busy`.

Workers are fresh interpreters (nothing inherited from the server process, so they are
fine under gunicorn), started when the engine is made (warm, store open) and replaced in
the background after a kill. Each worker dies with its parent and leaves the host's network
(a new network namespace) when the system allows it: even a query that slipped past
the guard could not reach any address. An engine notices it was inherited by a forked
process (gunicorn ``--preload``) and starts its own workers there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

from kg.sparql_guard import QueryRefused, check_query, keywords, with_row_limit

GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


class QueryFailed(Exception):
    """The store failed the query for another reason than its text (HTTP 500)."""


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


@dataclass(frozen=True)
class QueryLimits:
    """What an engine (embedded or remote) allows: time limit (s), rows, queries at once, query size."""

    timeout: float = 10.0
    max_rows: int = 10000
    max_concurrent: int = 4
    max_query_bytes: int = 100_000

    @classmethod
    def from_settings(cls, settings) -> "QueryLimits":
        """The limits of a :class:`kg.settings.Settings`."""
        return cls(timeout=settings.query_timeout, max_rows=settings.max_rows,
                   max_concurrent=settings.max_concurrent_queries, max_query_bytes=settings.max_query_bytes)


STAT_NAMES = ("queries", "timeouts", "refused", "busy", "errors")  # the /metrics counters of every engine


def new_stats() -> dict[str, int]:
    return dict.fromkeys(STAT_NAMES, 0)


def check_or_count(query: str, limits: QueryLimits, stats: dict[str, int]) -> None:
    """:func:`kg.sparql_guard.check_query` under ``limits``, counting a refusal in ``stats``."""
    try:
        check_query(query, max_bytes=limits.max_query_bytes)
    except QueryRefused:
        stats["refused"] += 1
        raise


def _execute(store, req: QueryRequest, max_rows: int, prefixes: dict[str, str]) -> QueryResult:
    import pyoxigraph as ox

    from kg.results import count_rows, write_ask, write_select

    _NATIVE = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}

    kwargs: dict = {}
    if req.default_graphs or req.named_graphs:  # the protocol's dataset wins over FROM / FROM NAMED
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    elif "FROM" not in keywords(req.query):  # no dataset given anywhere: every graph is the default graph
        kwargs["use_default_graph_as_union"] = True
    bounded = with_row_limit(req.query, max_rows + 1)
    if bounded is not None:  # the common case: pyoxigraph writes the results itself
        try:
            body = store.query(bounded, **kwargs).serialize(format=_NATIVE[req.select_format])
        except SyntaxError:
            body = None  # let the query as sent report its own error below
        if body is not None:
            rows = count_rows(body, req.select_format)
            if rows <= max_rows:
                return QueryResult(body, "select", req.select_format, rows, False)
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


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (Linux); False when not allowed."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(clone_newnet) == 0:
            return True
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return False
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as fh:
                fh.write(text)
        return True
    except (OSError, AttributeError):
        return False


def _die_with_parent() -> None:
    """Exit as soon as the parent process is gone (a thread watches the parent id)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="isnad-parent-watch").start()


def _worker_main(conn: Connection, out: Connection) -> None:
    """Worker loop: (store path, request | None, max_rows, prefixes) in; ("ok", result) or an error out."""
    isolated = isolate_network()  # before any thread starts (user namespaces need one thread)
    _die_with_parent()
    import pyoxigraph as ox

    stores: dict[str, object] = {}
    while True:
        try:
            path, req, max_rows, prefixes = conn.recv()
        except (EOFError, OSError):
            return  # the engine is gone
        try:
            if path not in stores:
                stores.clear()
                stores[path] = ox.Store.read_only(path) if path else ox.Store()
            if req is None:  # warm-up: open the store, load the writers, run a first query
                _execute(stores[path], QueryRequest("ASK { ?s ?p ?o }"), 1, {})
                answer = ("ready", isolated)
            else:
                answer = ("ok", _execute(stores[path], req, max_rows, prefixes))
        except SyntaxError as exc:
            answer = ("syntax", str(exc))
        except Exception as exc:  # the store's own errors: report, keep the worker
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            out.send(answer)
        except OSError:
            return


def _serve_fds(read_fd: int, write_fd: int) -> None:
    """Entry point of a worker process started by :class:`_Worker` (pipe fds given on the command line)."""
    _worker_main(Connection(read_fd, writable=False), Connection(write_fd, readable=False))


_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class _Worker:
    """A worker process: a fresh interpreter (nothing inherited, no main module re-run) fed through two pipes."""

    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")])))
        code = f"from kg.sparql import _serve_fds; _serve_fds({to_child_r}, {from_child_w})"
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=(to_child_r, from_child_w),
                                         stdin=subprocess.DEVNULL, env=env, close_fds=True)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.send_conn = Connection(to_child_w, readable=False)
        self.conn = Connection(from_child_r, writable=False)
        self.isolated = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, msg) -> None:
        self.send_conn.send(msg)

    def warm(self, store_dir: str, timeout: float = 30.0) -> bool:
        """Open the store before the first query; True when the worker answered."""
        try:
            self.send((store_dir, None, 0, {}))
            if self.conn.poll(timeout):
                status, payload = self.conn.recv()
                self.isolated = status == "ready" and bool(payload)
                return status == "ready"
        except (EOFError, OSError):
            pass
        return False

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.send_conn.close()
        self.conn.close()


class QueryEngine:
    """A pool of killable query workers over the published store."""

    def __init__(self, store_path: Callable[[], Path | None], *, limits: QueryLimits = QueryLimits(),
                 prefixes: dict[str, str] | None = None, queue_wait: float = 0.5, prespawn: bool = True):
        self.store_path = store_path
        self.limits = limits
        self.prefixes = prefixes or {}
        self.queue_wait = queue_wait
        self.stats = new_stats()
        self._prespawn = prespawn
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._idle: list[_Worker] = []
        self._running = 0
        self._starting = 0
        self._cond = threading.Condition()
        self._closed = False
        if self._prespawn:
            threading.Thread(target=self._fill, daemon=True, name="isnad-sparql-prespawn").start()

    def _store_dir(self) -> str:
        path = self.store_path()
        return str(path) if path else ""

    def _fill(self) -> None:
        """Start workers (store open) until idle + running reaches max_concurrent."""
        while True:
            with self._cond:
                if self._closed or len(self._idle) + self._running + self._starting >= self.limits.max_concurrent:
                    return
                self._starting += 1
            worker = None
            try:
                worker = _Worker()
                worker.warm(self._store_dir())
            except Exception:
                worker = None
            with self._cond:
                self._starting -= 1
                if worker is not None and not self._closed and len(self._idle) + self._running < self.limits.max_concurrent:
                    self._idle.append(worker)
                    worker = None
                    self._cond.notify()
                elif worker is None:
                    return
            if worker is not None:  # not needed any more (closed, or a query started its own)
                worker.kill()
                return

    def _acquire(self) -> _Worker:
        if os.getpid() != self._pid:  # inherited through fork: the pipes belong to the parent
            self._reset()
        deadline = time.monotonic() + self.queue_wait
        with self._cond:
            while self._running >= self.limits.max_concurrent:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stats["busy"] += 1
                    raise Busy(f"{self.limits.max_concurrent} queries are running; try again shortly")
                self._cond.wait(left)
            self._running += 1
            worker = self._idle.pop() if self._idle else None
        if worker is None or not worker.alive():
            try:
                worker = _Worker()
            except Exception:
                self._release(None)
                raise
        return worker

    def _release(self, worker: _Worker | None) -> None:
        with self._cond:
            self._running -= 1
            if worker is not None and not self._closed and len(self._idle) + self._running < self.limits.max_concurrent:
                self._idle.append(worker)
                worker = False  # kept
            self._cond.notify()
        if worker:  # surplus (or the engine closed): stop it
            worker.kill()
            return
        if worker is None and self._prespawn:  # a worker was killed: start its replacement now
            threading.Thread(target=self._fill, daemon=True, name="isnad-sparql-refill").start()

    def run(self, req: QueryRequest) -> QueryResult:
        check_or_count(req.query, self.limits, self.stats)
        store_dir = self._store_dir()
        worker = self._acquire()
        self.stats["queries"] += 1
        try:
            worker.send((store_dir, req, self.limits.max_rows, self.prefixes))
            if not worker.conn.poll(self.limits.timeout):
                self.stats["timeouts"] += 1
                worker.kill()
                worker = None
                raise QueryTimeout(f"query stopped after the {self.limits.timeout:g} s time limit")
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
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

    def network_isolated(self) -> bool:
        """True when the idle workers run without network access."""
        with self._cond:
            return bool(self._idle) and all(w.isolated for w in self._idle)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            w.kill()
