"""A remote SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, QLever) as the backend.

Reading: :class:`RemoteStore` answers ``query()`` like a pyoxigraph ``Store`` (the
endpoint's SPARQL JSON results are parsed with ``pyoxigraph.parse_query_results``), so
the pages and :class:`RemoteEngine` (the ``/sparql`` endpoint's engine) run unchanged.
Values are bound with a ``VALUES`` block built from pyoxigraph terms, whose ``str()`` is
their N-Triples form with every character escaped: user input is never pasted into a
query.

Publishing (:func:`publish`): every graph of a finished local build is uploaded with
``INSERT DATA`` into a staging graph, then ONE update request moves every staging graph
onto its real name and drops the graphs of the previous build. On stores that run one
update request as one transaction (Oxigraph, Fuseki/TDB2) readers see the old data or
the new, never a mix; a store without transactional updates (QLever, Virtuoso in
autocommit mode) can show a partly switched dataset while that one request runs. A
failed upload leaves only staging graphs, dropped by the next publish.

The store must use the union of its named graphs as the default graph, as the embedded
store does (``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``).
The store URL is the query endpoint; its update endpoint is the same URL with a final
``/query`` replaced by ``/update`` (Oxigraph, Fuseki), or the same URL (Virtuoso).

>>> import pyoxigraph as ox
>>> print(bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal('"} DROP ALL #\\n')}))
SELECT ?s WHERE { VALUES (?o) { ("\\"} DROP ALL #\\n") } ?s ?p ?o }
>>> update_url("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/update'
"""

from __future__ import annotations

import re
import secrets
import threading
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
import requests

from kg.sparql import (Busy, QueryFailed, QueryLimits, QueryRequest, QueryResult, QueryTimeout, _execute,
                       check_or_count, new_stats)
from kg.sparql_guard import QueryRefused, blank

STAGING = "urn:isnad:staging:"
BATCH_BYTES = 4_000_000
_WHERE = re.compile(r"\bWHERE\b", re.I)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


class RemoteError(RuntimeError):
    """The remote store refused or failed a request."""


def update_url(url: str) -> str:
    return url[: -len("/query")] + "/update" if url.endswith("/query") else url


def _term(value: Any) -> str:
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        if isinstance(value, ox.BlankNode):
            raise ValueError("a blank node cannot be bound in a remote query")
        return str(value)
    return str(ox.Literal(value))  # plain Python values become literals (escaped by pyoxigraph)


def bind_values(query: str, bindings: dict[str, Any]) -> str:
    """``query`` with a VALUES block binding ``bindings`` at the start of its WHERE group."""
    bindings = {k: v for k, v in bindings.items() if v is not None}
    if not bindings:
        return query
    for name in bindings:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"bad variable name {name!r}")
    values = "VALUES (" + " ".join(f"?{k}" for k in bindings) + ") { (" + \
        " ".join(_term(v) for v in bindings.values()) + ") } "
    masked = blank(query)
    where = _WHERE.search(masked)
    brace = masked.find("{", where.end() if where else 0)
    if brace < 0:
        raise ValueError("query has no group pattern to bind values in")
    return query[: brace + 1] + " " + values + query[brace + 1:].lstrip()


def with_prefixes(query: str, prefixes: dict[str, str] | None) -> str:
    """Declare the ``prefixes`` the query does not declare itself."""
    if not prefixes:
        return query
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(blank(query))}
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p not in declared)
    return head + query


class RemoteStore:
    """A SPARQL 1.1 endpoint with the part of pyoxigraph's ``Store`` interface Isnad uses."""

    def __init__(self, url: str, *, timeout: float = 30.0, prefixes: dict[str, str] | None = None,
                 session: requests.Session | None = None):
        self.url = url
        self.update_endpoint = update_url(url)
        self.timeout = timeout
        self.prefixes = prefixes or {}
        self.http = session or requests.Session()

    def _post(self, url: str, data: dict, accept: str, timeout: float | None) -> requests.Response:
        try:
            r = self.http.post(url, data=data, headers={"Accept": accept},
                               timeout=(5.0, timeout or self.timeout))
        except requests.Timeout:
            raise QueryTimeout(f"the store did not answer within {timeout or self.timeout:g} s") from None
        except requests.RequestException as exc:
            raise RemoteError(f"cannot reach the store at {url}: {exc}") from None
        if r.status_code == 400:
            raise QueryRefused(f"the store refused the query: {r.text[:500]}")
        if r.status_code >= 300:
            raise RemoteError(f"the store answered HTTP {r.status_code}: {r.text[:500]}")
        return r

    def query(self, sparql: str, *, substitutions: dict | None = None, prefixes: dict[str, str] | None = None,
              default_graph: list | None = None, named_graphs: list | None = None,
              use_default_graph_as_union: bool = False, timeout: float | None = None):
        """Run a query; SELECT/ASK give pyoxigraph results, CONSTRUCT/DESCRIBE a list of Triples."""
        del use_default_graph_as_union  # the store is configured with the union as default graph
        bindings = {(k.value if isinstance(k, ox.Variable) else k): v for k, v in (substitutions or {}).items()}
        text = with_prefixes(bind_values(sparql, bindings), prefixes if prefixes is not None else self.prefixes)
        data: dict[str, Any] = {"query": text}
        if default_graph:
            data["default-graph-uri"] = [g.value if isinstance(g, ox.NamedNode) else str(g) for g in default_graph]
        if named_graphs:
            data["named-graph-uri"] = [g.value if isinstance(g, ox.NamedNode) else str(g) for g in named_graphs]
        r = self._post(self.url, data, "application/sparql-results+json, application/n-triples;q=0.9", timeout)
        ctype = r.headers.get("Content-Type", "").split(";")[0].strip()
        if ctype in ("application/n-triples", "text/plain"):
            return list(ox.parse(r.content, ox.RdfFormat.N_TRIPLES))
        if ctype in ("text/turtle",):
            return list(ox.parse(r.content, ox.RdfFormat.TURTLE))
        return ox.parse_query_results(r.content, ox.QueryResultsFormat.JSON)

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        self._post(self.update_endpoint, {"update": sparql}, "*/*", timeout)

    def graphs(self) -> list[str]:
        return [s["g"].value for s in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def quads_for_pattern(self, subject=None, predicate=None, obj=None, graph_name=None) -> Iterator[ox.Quad]:
        """The quads matching a pattern (None: any; the default graph means: any graph)."""
        fixed = {"s": subject, "p": predicate, "o": obj}
        if isinstance(graph_name, ox.NamedNode):
            fixed["g"] = graph_name
        q = bind_values("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", fixed)
        for sol in self.query(q, prefixes={}):
            yield ox.Quad(sol["s"], sol["p"], sol["o"], sol["g"])

    def __len__(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(res))["n"].value)


def _batches(source: ox.Store, names: list[str], staging: dict[str, str], counter: list[int]) -> Iterator[str]:
    """INSERT DATA requests of about BATCH_BYTES, split only between graphs: a blank node
    label is scoped to one request, so a graph is never cut in two."""
    parts: list[str] = []
    size = 0
    for g in names:
        parts.append(f"GRAPH {ox.NamedNode(staging[g])} {{\n")
        for q in source.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            line = f"{q.subject} {q.predicate} {q.object} .\n"
            parts.append(line)
            size += len(line)
            counter[0] += 1
        parts.append("}\n")
        if size >= BATCH_BYTES:
            yield "INSERT DATA {\n" + "".join(parts) + "}"
            parts, size = [], 0
    if parts:
        yield "INSERT DATA {\n" + "".join(parts) + "}"


def publish(remote: RemoteStore, source: ox.Store, *, owned_prefix: str, timeout: float = 600.0) -> int:
    """Replace the graphs under ``owned_prefix`` in ``remote`` by the graphs of ``source``.

    Returns the number of quads uploaded. See the module docstring for atomicity.
    """
    token = secrets.token_hex(6)
    names = sorted({g.value for g in source.named_graphs()})
    staging = {g: f"{STAGING}{token}:{i}" for i, g in enumerate(names)}
    old = [g for g in remote.graphs() if g.startswith(owned_prefix) or g.startswith(STAGING)]
    leftovers = [g for g in old if g.startswith(STAGING)]
    if leftovers:
        remote.update(" ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in leftovers), timeout=timeout)
    counter = [0]
    for body in _batches(source, names, staging, counter):
        remote.update(body, timeout=timeout)
    ops = [f"MOVE SILENT GRAPH {ox.NamedNode(staging[g])} TO GRAPH {ox.NamedNode(g)}" for g in names]
    ops += [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in old if g not in staging and not g.startswith(STAGING)]
    if ops:
        remote.update(" ;\n".join(ops), timeout=timeout)
    return counter[0]


class RemoteEngine:
    """The ``/sparql`` engine over a remote store: same ``run(QueryRequest) -> QueryResult``."""

    def __init__(self, remote: RemoteStore, *, limits: QueryLimits = QueryLimits(),
                 prefixes: dict[str, str] | None = None):
        self.remote = remote
        self.limits = limits
        self.prefixes = prefixes or {}
        self._running = 0
        self._lock = threading.Lock()
        self.stats = new_stats()

    def run(self, req: QueryRequest) -> QueryResult:
        check_or_count(req.query, self.limits, self.stats)
        with self._lock:
            if self._running >= self.limits.max_concurrent:
                self.stats["busy"] += 1
                raise Busy(f"{self.limits.max_concurrent} queries are running; try again shortly")
            self._running += 1
            self.stats["queries"] += 1
        try:
            return _execute(_Bounded(self.remote, self.limits.timeout), req, self.limits.max_rows, self.prefixes)
        except QueryTimeout:
            self.stats["timeouts"] += 1
            raise
        except QueryRefused:
            self.stats["errors"] += 1
            raise
        except RemoteError as exc:
            self.stats["errors"] += 1
            raise QueryFailed(str(exc)) from None
        finally:
            with self._lock:
                self._running -= 1

    def close(self) -> None:
        self.remote.http.close()


class _Bounded:
    """The remote store with the engine's time limit and no extra prefixes (the user's query is sent as written)."""

    def __init__(self, remote: RemoteStore, timeout: float):
        self.remote, self.timeout = remote, timeout

    def query(self, sparql: str, **kwargs):
        return self.remote.query(sparql, prefixes={}, timeout=self.timeout, **kwargs)
