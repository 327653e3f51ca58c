"""The claims list: filters, a small planner, keyset pages, counts and facets over the catalogue.

Each filter can drive the scan (walk its index in date order and stop after one page)
or be checked row by row; the planner lets the filter with the fewest claims drive,
using counts known from the build. Facets run under a time budget, as Datasette's do:
a facet that does not finish in time is left out rather than slowing the page.
Every value reaches SQLite as a bound parameter; SQL text comes only from the fragments here.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.search import fts_match
from kg.server.catalog import COLUMNS, ClaimRow, catalog, claim_row, entity_claims, stats, tail

FACETS = ("speaker", "topic", "outlet", "kind", "year")
_ID = re.compile(r"^[A-Za-z0-9%._~-]{1,300}$")
_YEAR = re.compile(r"^\d{4}$")
FTS_DRIVES_BELOW = 5000  # a search matching more claims than this walks the date index instead
FACET_BUDGET_S = 0.06


@dataclass(frozen=True)
class Filters:
    """What the claims list is narrowed to: local ids (speaker, topic, outlet, article), kind, year, words."""

    speaker: str | None = None
    topic: str | None = None
    outlet: str | None = None
    article: str | None = None
    kind: str | None = None
    year: str | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args) -> "Filters":
        return cls(**{k: (args.get(k) or "").strip() or None for k in cls.__dataclass_fields__})

    def active(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass
class Plan:
    source: str  # FROM, with the claim table as ``c`` and the driving table as ``d`` (``c`` itself or a link table)
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    total: int | None = None  # known without counting

    def cond(self) -> str:
        return " AND ".join(self.where) or "1"


@dataclass
class ClaimsPage:
    rows: list[ClaimRow]
    total: int
    next_cursor: str | None
    sort: str


@dataclass
class FacetValue:
    id: str
    label_ar: str | None
    label_en: str | None
    count: int
    selected: bool = False


@lru_cache(maxsize=64)
def _group_counts(build_dir: str, column: str) -> dict[str, int]:
    sql = {"kind": "SELECT kind, COUNT(*) FROM claim WHERE kind IS NOT NULL GROUP BY kind",
           "year": "SELECT year, COUNT(*) FROM claim WHERE year IS NOT NULL GROUP BY year"}[column]
    return dict(catalog(Path(build_dir)).execute(sql).fetchall())


@lru_cache(maxsize=1024)
def _fts_count_cached(build_dir: str, match: str) -> int:
    return _fts_count(catalog(Path(build_dir)), match)


def _fts_count(con: sqlite3.Connection, match: str) -> int:
    return con.execute("SELECT COUNT(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,)).fetchone()[0]


def plan(con: sqlite3.Connection, build_dir: Path, base: str, f: Filters) -> Plan:
    """Choose the driving filter and write the rest as row checks."""
    iri = {k: (f"{base}{k}/{v}" if _ID.match(v) else "") for k in ("speaker", "topic", "outlet", "article")
           if (v := getattr(f, k))}
    match = fts_match(f.q) if f.q else None
    if f.q and match is None or (f.year and not _YEAR.match(f.year)):
        return Plan("claim c", ["0"], [], 0)
    sizes: dict[str, int] = {}
    for k in ("speaker", "topic", "outlet"):
        if k in iri:
            sizes[k] = entity_claims(con, iri[k])
    if "article" in iri:
        sizes["article"] = 0  # a handful at most
    for k in ("kind", "year"):
        if getattr(f, k):
            sizes[k] = _group_counts(str(build_dir), k).get(getattr(f, k), 0)
    if match:
        sizes["q"] = _fts_count_cached(str(build_dir), match)
    driver = min(sizes, key=sizes.get) if sizes else None
    if driver == "q" and sizes["q"] >= FTS_DRIVES_BELOW:
        driver = None  # walk the date index, testing membership in the (large) match set
    p = Plan("claim c")
    if driver in ("topic", "outlet"):
        p.source = f"claim_{driver} d JOIN claim c ON c.id = d.claim"
        p.where.append(f"d.{driver} = ?")
        p.params.append(iri[driver])
    else:
        p.source = "claim c"
    checks = {
        "speaker": ("c.speaker = ?", "+c.speaker = ?"),
        "article": ("c.article = ?", "+c.article = ?"),
        "kind": ("c.kind = ?", "+c.kind = ?"),
        "year": ("c.year = ?", "+c.year = ?"),
        "topic": (None, "EXISTS (SELECT 1 FROM claim_topic t WHERE t.claim = c.id AND t.topic = ?)"),
        "outlet": (None, "EXISTS (SELECT 1 FROM claim_outlet o WHERE o.claim = c.id AND o.outlet = ?)"),
        "q": ("c.id IN (SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?)",
              "+c.id IN (SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?)"),
    }
    for k in sizes:
        drive, check = checks[k]
        if k == driver and drive is None:
            continue  # already the driving table
        p.where.append(drive if k == driver else check)
        p.params.append(iri.get(k) or (match if k == "q" else getattr(f, k)))
    if not sizes:
        p.total = stats(con).get("claims", 0)
    elif len(sizes) == 1 and "article" not in sizes:
        p.total = next(iter(sizes.values()))
    return p


def _order_alias(p: Plan) -> str:
    return "d" if p.source.startswith("claim_") else "c"


def claims_page(con: sqlite3.Connection, build_dir: Path, base: str, filters: Filters, *, sort: str = "-date",
                after: str | None = None, limit: int = 50) -> ClaimsPage:
    """One keyset page of claims (newest first by default; ``sort="date"`` for oldest first)."""
    sort = "date" if sort == "date" else "-date"
    p = plan(con, build_dir, base, filters)
    total = p.total
    if total is None:
        total = con.execute(f"SELECT COUNT(*) FROM {p.source} WHERE {p.cond()}", p.params).fetchone()[0]
    a = _order_alias(p)
    where, params = list(p.where), list(p.params)
    if after and "|" in after:
        key, _, lid = after.partition("|")
        where.append(f"({a}.sortkey, {a}.lid) {'>' if sort == 'date' else '<'} (?, ?)")
        params += [key, lid]
    direction = "" if sort == "date" else " DESC"
    sql = (f"SELECT {COLUMNS} FROM {p.source} JOIN claim_text ct ON ct.id = c.id "
           "LEFT JOIN label sl ON sl.iri = c.speaker "
           f"LEFT JOIN article a ON a.iri = c.article WHERE {' AND '.join(where) or '1'} "
           f"ORDER BY {a}.sortkey{direction}, {a}.lid{direction} LIMIT ?")
    rows = [claim_row(r) for r in con.execute(sql, params + [limit + 1])]
    more = len(rows) > limit
    rows = rows[:limit]
    return ClaimsPage(rows=rows, total=total, next_cursor=rows[-1].cursor if more and rows else None, sort=sort)


def facets(build_dir: Path, base: str, filters: Filters, *, limit: int = 12) -> dict[str, list[FacetValue]]:
    """For each facet, its most frequent values among the claims ``filters`` selects, with counts.

    Cached per build and filters (a published build never changes); a facet that runs past
    the time budget is left out.
    """
    key = (str(build_dir), base, filters, limit)
    if key in _cache:
        return _cache[key]
    out, _complete = _compute(catalog(build_dir), build_dir, base, filters, limit)
    if len(_cache) > 1024:
        _cache.clear()
    _cache[key] = out  # kept even when a facet ran out of time: it would again
    return out


_cache: dict = {}


def _facet_sql(name: str, p: Plan) -> str:
    join = {"topic": " JOIN claim_topic t ON t.claim = c.id", "outlet": " JOIN claim_outlet o ON o.claim = c.id"}
    column = {"speaker": "c.speaker", "topic": "t.topic", "outlet": "o.outlet", "kind": "c.kind", "year": "c.year"}
    return (f"SELECT {column[name]} AS v, COUNT(*) AS n FROM {p.source}{join.get(name, '')} "
            f"WHERE {p.cond()} AND {column[name]} IS NOT NULL GROUP BY v")


def _compute(con, build_dir: Path, base: str, filters: Filters, limit: int):
    p = plan(con, build_dir, base, filters)
    out: dict[str, list[FacetValue]] = {}
    deadline = time.monotonic() + FACET_BUDGET_S
    complete = True
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
    try:
        for name in FACETS:
            if not filters.active() and name in ("speaker", "topic", "outlet"):
                sql = "SELECT iri AS v, claims AS n FROM entity WHERE kind = ?"
                rows_sql, params = sql, [name]
            else:
                rows_sql, params = _facet_sql(name, p), list(p.params)
            order = "x.v DESC" if name == "year" else "x.n DESC, x.v"
            full = (f"SELECT x.v, x.n, l.ar, l.en FROM ({rows_sql}) x LEFT JOIN label l ON l.iri = x.v "
                    f"ORDER BY {order} LIMIT ?")
            try:
                rows = con.execute(full, params + [limit]).fetchall()
            except sqlite3.OperationalError as exc:
                if "interrupt" not in str(exc):
                    raise
                complete = False
                continue
            selected = getattr(filters, name)
            out[name] = [FacetValue(id=tail(v) if name in ("speaker", "topic", "outlet") else v, label_ar=ar,
                                    label_en=en, count=n, selected=(tail(v) if name in ("speaker", "topic", "outlet")
                                                                    else v) == selected)
                         for v, n, ar, en in rows]
    finally:
        con.set_progress_handler(None, 0)
    return out, complete
