"""Reads of the browse catalogue (``search.sqlite``): claim lists with facets, keyset pages, counts.

Every value from a request reaches SQLite as a bound parameter; the SQL text is put
together only from the fixed fragments below.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.search import connect, fts_match

FACETS = ("speaker", "topic", "outlet", "kind", "year")
ENTITY_FACETS = ("speaker", "topic", "outlet", "article")
CLAIM_KINDS = ("direct", "indirect", "headline")
_ID = re.compile(r"^[A-Za-z0-9%._~-]{1,300}$")
_YEAR = re.compile(r"^\d{4}$")

_COLUMNS = """c.lid, c.iri, c.text, c.kind, c.date, c.sortkey, c.speaker, c.article, c.start, c.end, c.confidence,
  sl.ar AS speaker_ar, sl.en AS speaker_en, a.headline, a.lid AS article_lid"""
_FROM = """claim c LEFT JOIN label sl ON sl.iri = c.speaker LEFT JOIN article a ON a.iri = c.article"""


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

    def sql(self, base: str) -> tuple[list[str], list]:
        """WHERE fragments and their parameters (an invalid value matches nothing)."""
        where, params = [], []
        for name in ENTITY_FACETS:
            value = getattr(self, name)
            if value is None:
                continue
            iri = f"{base}{name}/{value}" if _ID.match(value) else ""
            if name == "speaker":
                where.append("c.speaker = ?")
            elif name == "article":
                where.append("c.article = ?")
            elif name == "topic":
                where.append("c.id IN (SELECT claim FROM claim_topic WHERE topic = ?)")
            else:
                where.append("c.id IN (SELECT claim FROM claim_outlet WHERE outlet = ?)")
            params.append(iri)
        if self.kind:
            where.append("c.kind = ?")
            params.append(self.kind)
        if self.year:
            where.append("c.year = ?")
            params.append(self.year if _YEAR.match(self.year) else "")
        if self.q:
            match = fts_match(self.q)
            where.append("c.id IN (SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?)" if match else "0")
            if match:
                params.append(match)
        return where, params


@dataclass
class ClaimRow:
    id: str
    iri: str
    text: str
    kind: str | None
    date: str | None
    speaker: str
    speaker_id: str
    speaker_ar: str | None
    speaker_en: str | None
    article: str
    article_id: str
    headline: str | None
    start: int | None
    end: int | None
    confidence: float | None
    cursor: str = ""


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


@dataclass
class EntityCount:
    id: str
    iri: str
    label_ar: str | None
    label_en: str | None
    count: int
    extra: dict = field(default_factory=dict)


_local = threading.local()


def catalog(build_dir: Path | None) -> sqlite3.Connection | None:
    """This thread's connection to the catalogue of ``build_dir`` (reopened when the build changes)."""
    if build_dir is None:
        return None
    cached = getattr(_local, "con", None)
    if cached and cached[0] == build_dir:
        return cached[1]
    con = connect(build_dir)
    if cached:
        cached[1].close()
    _local.con = (build_dir, con) if con is not None else None
    return con


def _tail(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def _claim_row(r: sqlite3.Row) -> ClaimRow:
    return ClaimRow(id=r["lid"], iri=r["iri"], text=r["text"], kind=r["kind"], date=r["date"], speaker=r["speaker"],
                    speaker_id=_tail(r["speaker"]), speaker_ar=r["speaker_ar"], speaker_en=r["speaker_en"],
                    article=r["article"], article_id=r["article_lid"] or _tail(r["article"]), headline=r["headline"],
                    start=r["start"], end=r["end"], confidence=r["confidence"], cursor=f"{r['sortkey']}|{r['lid']}")


def claims_page(con: sqlite3.Connection, base: str, filters: Filters, *, sort: str = "-date",
                after: str | None = None, limit: int = 50) -> ClaimsPage:
    """One keyset page of claims (newest first by default; ``sort="date"`` for oldest first)."""
    sort = "date" if sort == "date" else "-date"
    where, params = filters.sql(base)
    total = con.execute(f"SELECT COUNT(*) FROM claim c WHERE {' AND '.join(where) or '1'}", params).fetchone()[0]
    page_where, page_params = list(where), list(params)
    if after and "|" in after:
        key, _, lid = after.partition("|")
        page_where.append("(c.sortkey, c.lid) > (?, ?)" if sort == "date" else "(c.sortkey, c.lid) < (?, ?)")
        page_params += [key, lid]
    order = "c.sortkey, c.lid" if sort == "date" else "c.sortkey DESC, c.lid DESC"
    sql = (f"SELECT {_COLUMNS} FROM {_FROM} WHERE {' AND '.join(page_where) or '1'} ORDER BY {order} LIMIT ?")
    rows = [_claim_row(r) for r in con.execute(sql, page_params + [limit + 1])]
    more = len(rows) > limit
    rows = rows[:limit]
    return ClaimsPage(rows=rows, total=total, next_cursor=rows[-1].cursor if more and rows else None, sort=sort)


def claims_of_article(con: sqlite3.Connection, article_iri: str) -> list[ClaimRow]:
    sql = f"SELECT {_COLUMNS} FROM {_FROM} WHERE c.article = ? ORDER BY c.start, c.lid"
    return [_claim_row(r) for r in con.execute(sql, (article_iri,))]


def facets(build_dir: Path, base: str, filters: Filters, *, limit: int = 12) -> dict[str, list[FacetValue]]:
    """For each facet, its most frequent values among the claims ``filters`` selects, with counts.

    Cached per build and filters: a published build never changes.
    """
    return _facets_cached(str(build_dir), base, filters, limit)


@lru_cache(maxsize=512)
def _facets_cached(build_dir: str, base: str, filters: Filters, limit: int) -> dict[str, list[FacetValue]]:
    return _compute_facets(catalog(Path(build_dir)), base, filters, limit)


def _compute_facets(con: sqlite3.Connection, base: str, filters: Filters, limit: int) -> dict[str, list[FacetValue]]:
    where, params = filters.sql(base)
    cond = " AND ".join(where) or "1"
    queries = {
        "speaker": f"SELECT c.speaker AS v, COUNT(*) AS n FROM claim c WHERE {cond} GROUP BY v",
        "topic": f"SELECT t.topic AS v, COUNT(*) AS n FROM claim_topic t JOIN claim c ON c.id = t.claim "
                 f"WHERE {cond} GROUP BY v",
        "outlet": f"SELECT o.outlet AS v, COUNT(DISTINCT c.id) AS n FROM claim_outlet o JOIN claim c "
                  f"ON c.id = o.claim WHERE {cond} GROUP BY v",
        "kind": f"SELECT c.kind AS v, COUNT(*) AS n FROM claim c WHERE {cond} AND c.kind IS NOT NULL GROUP BY v",
        "year": f"SELECT c.year AS v, COUNT(*) AS n FROM claim c WHERE {cond} AND c.year IS NOT NULL GROUP BY v",
    }
    out: dict[str, list[FacetValue]] = {}
    for name, sql in queries.items():
        order = "v DESC" if name == "year" else "n DESC, v"
        full = (f"SELECT x.v, x.n, l.ar, l.en FROM ({sql}) x LEFT JOIN label l ON l.iri = x.v "
                f"ORDER BY {order} LIMIT ?")
        selected = getattr(filters, name)
        values = []
        for v, n, ar, en in con.execute(full, params + [limit]):
            vid = _tail(v) if name in ENTITY_FACETS else v
            values.append(FacetValue(id=vid, label_ar=ar, label_en=en, count=n, selected=vid == selected))
        out[name] = values
    return out


def stats(con: sqlite3.Connection) -> dict[str, int]:
    return {k: int(v) for k, v in con.execute("SELECT key, value FROM meta WHERE key != 'base_iri'")}


def _entities(con, sql: str, params=()) -> list[EntityCount]:
    return [EntityCount(id=_tail(r[0]), iri=r[0], label_ar=r[1], label_en=r[2], count=r[3]) for r in
            con.execute(sql, params)]


def speakers(con: sqlite3.Connection, *, limit: int = 1000, topic_iri: str | None = None) -> list[EntityCount]:
    """Speakers by number of claims (on ``topic_iri`` when given), from the counts made at build time."""
    if topic_iri:
        sql = ("SELECT st.speaker, l.ar, l.en, st.n FROM speaker_topic st LEFT JOIN label l ON l.iri = st.speaker "
               "WHERE st.topic = ? ORDER BY st.n DESC, st.speaker LIMIT ?")
        return _entities(con, sql, (topic_iri, limit))
    return _ranked(con, "speaker", limit)


def _ranked(con: sqlite3.Connection, kind: str, limit: int) -> list[EntityCount]:
    sql = ("SELECT e.iri, l.ar, l.en, e.claims, e.articles, e.published, e.credited FROM entity e "
           "LEFT JOIN label l ON l.iri = e.iri WHERE e.kind = ? ORDER BY e.claims DESC, e.iri LIMIT ?")
    out = []
    for r in con.execute(sql, (kind, limit)):
        e = EntityCount(id=_tail(r[0]), iri=r[0], label_ar=r[1], label_en=r[2], count=r[3])
        if kind == "outlet":
            e.extra = {"articles": r[4], "published": r[5], "credited": r[6], "claims": r[3]}
        out.append(e)
    return out


def topics(con: sqlite3.Connection, *, limit: int = 1000, speaker_iri: str | None = None) -> list[EntityCount]:
    """Topics by number of claims (by ``speaker_iri`` when given)."""
    if speaker_iri:
        sql = ("SELECT st.topic, l.ar, l.en, st.n FROM speaker_topic st LEFT JOIN label l ON l.iri = st.topic "
               "WHERE st.speaker = ? ORDER BY st.n DESC, st.topic LIMIT ?")
        return _entities(con, sql, (speaker_iri, limit))
    return _ranked(con, "topic", limit)


def outlets(con: sqlite3.Connection, *, limit: int = 1000) -> list[EntityCount]:
    """Outlets by claims carried, with the articles they published and were credited in."""
    return _ranked(con, "outlet", limit)


@dataclass
class ArticleRow:
    id: str
    iri: str
    headline: str
    date: str | None
    publisher: str | None
    publisher_id: str | None
    publisher_ar: str | None
    publisher_en: str | None
    claims: int
    role: str | None = None
    cursor: str = ""


def articles_page(con: sqlite3.Connection, *, after: str | None = None, limit: int = 50,
                  outlet_iri: str | None = None) -> tuple[list[ArticleRow], str | None, int]:
    """Articles newest first, one keyset page; those of ``outlet_iri`` (published or credited) when given."""
    where, params = [], []
    src = "article a"
    cols = "a.lid, a.iri, a.headline, a.date, a.publisher, a.claims, a.sortkey, l.ar, l.en, NULL AS role"
    if outlet_iri:
        src = "article_outlet o JOIN article a ON a.iri = o.article"
        cols = cols.replace("NULL AS role", "o.role AS role")
        where.append("o.outlet = ?")
        params.append(outlet_iri)
    total = con.execute(f"SELECT COUNT(*) FROM {src} WHERE {' AND '.join(where) or '1'}", params).fetchone()[0]
    if after and "|" in after:
        key, _, lid = after.partition("|")
        where.append("(a.sortkey, a.lid) < (?, ?)")
        params += [key, lid]
    sql = (f"SELECT {cols} FROM {src} LEFT JOIN label l ON l.iri = a.publisher WHERE {' AND '.join(where) or '1'} "
           "ORDER BY a.sortkey DESC, a.lid DESC LIMIT ?")
    rows = [ArticleRow(id=r[0], iri=r[1], headline=r[2], date=r[3], publisher=r[4], publisher_id=_tail(r[4]) or None,
                       publisher_ar=r[7], publisher_en=r[8], claims=r[5], role=r[9], cursor=f"{r[6]}|{r[0]}")
            for r in con.execute(sql, params + [limit + 1])]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].cursor if more and rows else None), total


def timeline(con: sqlite3.Connection, speaker_iri: str) -> list[tuple[str, str, str | None, int]]:
    """(month, topic IRI, topic label, claims) for one speaker's dated claims."""
    sql = ("SELECT c.month, t.topic, l.en, COUNT(*) FROM claim c JOIN claim_topic t ON t.claim = c.id "
           "LEFT JOIN label l ON l.iri = t.topic WHERE c.speaker = ? AND c.month IS NOT NULL "
           "GROUP BY c.month, t.topic ORDER BY c.month")
    return [tuple(r) for r in con.execute(sql, (speaker_iri,))]
