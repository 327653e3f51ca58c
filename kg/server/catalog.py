"""Reads of the browse catalogue (``search.sqlite``): entity lists and counts, articles, timelines.

The claims list (filters, facets, keyset pages) is in :mod:`kg.server.claim_query`.

Every value from a request reaches SQLite as a bound parameter; the SQL text is put
together only from the fixed fragments below.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kg.search import connect

COLUMNS = """c.lid, c.iri, ct.text, c.kind, c.date, c.sortkey, c.speaker, c.article, c.start, c.end, c.confidence,
  sl.ar AS speaker_ar, sl.en AS speaker_en, a.headline, a.lid AS article_lid"""
FROM = """claim c JOIN claim_text ct ON ct.id = c.id LEFT JOIN label sl ON sl.iri = c.speaker LEFT JOIN article a ON a.iri = c.article"""


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
class EntityCount:
    id: str
    iri: str
    label_ar: str | None
    label_en: str | None
    count: int
    extra: dict = field(default_factory=dict)


_local = threading.local()


def catalog(build_dir: Path | None, base_iri: str | None = None) -> sqlite3.Connection | None:
    """This thread's connection to the catalogue of ``build_dir`` (reopened when the build changes)."""
    if build_dir is None:
        return None
    cached = getattr(_local, "con", None)
    if cached and cached[0] == build_dir:
        return cached[1]
    con = connect(build_dir, base_iri=base_iri)
    if cached:
        cached[1].close()
    _local.con = (build_dir, con) if con is not None else None
    return con


def tail(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def claim_row(r: sqlite3.Row) -> ClaimRow:
    return ClaimRow(id=r["lid"], iri=r["iri"], text=r["text"], kind=r["kind"], date=r["date"], speaker=r["speaker"],
                    speaker_id=tail(r["speaker"]), speaker_ar=r["speaker_ar"], speaker_en=r["speaker_en"],
                    article=r["article"], article_id=r["article_lid"] or tail(r["article"]), headline=r["headline"],
                    start=r["start"], end=r["end"], confidence=r["confidence"], cursor=f"{r['sortkey']}|{r['lid']}")


def claims_of_article(con: sqlite3.Connection, article_iri: str) -> list[ClaimRow]:
    sql = f"SELECT {COLUMNS} FROM {FROM} WHERE c.article = ? ORDER BY c.start, c.lid"
    return [claim_row(r) for r in con.execute(sql, (article_iri,))]


def stats(con: sqlite3.Connection) -> dict[str, int]:
    return {k: int(v) for k, v in con.execute("SELECT key, value FROM meta WHERE key != 'base_iri'")}


def _entities(con, sql: str, params=()) -> list[EntityCount]:
    return [EntityCount(id=tail(r[0]), iri=r[0], label_ar=r[1], label_en=r[2], count=r[3]) for r in
            con.execute(sql, params)]


def speakers(con: sqlite3.Connection, *, limit: int = 1000, topic_iri: str | None = None) -> list[EntityCount]:
    """Speakers by number of claims (on ``topic_iri`` when given), from the counts made at build time."""
    if topic_iri:
        sql = ("SELECT st.speaker, l.ar, l.en, st.n FROM speaker_topic st LEFT JOIN label l ON l.iri = st.speaker "
               "WHERE st.topic = ? ORDER BY st.n DESC, st.speaker LIMIT ?")
        return _entities(con, sql, (topic_iri, limit))
    return _ranked(con, "speaker", limit)


def _ranked(con: sqlite3.Connection, kind: str, limit: int, after: str | None = None) -> list[EntityCount]:
    """Entities of ``kind`` by claims, most first; ``after`` is the cursor of the last one seen."""
    where, params = "e.kind = ?", [kind]
    if after and "|" in after:
        n, _, iri = after.partition("|")
        where += " AND (e.claims < ? OR (e.claims = ? AND e.iri > ?))"
        params += [int(n) if n.isdigit() else 0] * 2 + [iri]
    sql = ("SELECT e.iri, l.ar, l.en, e.claims, e.articles, e.published, e.credited FROM entity e "
           f"LEFT JOIN label l ON l.iri = e.iri WHERE {where} ORDER BY e.claims DESC, e.iri LIMIT ?")
    out = []
    for r in con.execute(sql, params + [limit]):
        e = EntityCount(id=tail(r[0]), iri=r[0], label_ar=r[1], label_en=r[2], count=r[3])
        e.extra = {"cursor": f"{r[3]}|{r[0]}"}
        if kind == "outlet":
            e.extra |= {"articles": r[4], "published": r[5], "credited": r[6], "claims": r[3]}
        out.append(e)
    return out


def ranked(con: sqlite3.Connection, kind: str, *, limit: int, after: str | None = None
           ) -> tuple[list[EntityCount], str | None]:
    """One keyset page of speakers, topics or outlets by claims, and the cursor of the next page."""
    rows = _ranked(con, kind, limit + 1, after)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].extra["cursor"] if more and rows else None)


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
    rows = [ArticleRow(id=r[0], iri=r[1], headline=r[2], date=r[3], publisher=r[4], publisher_id=tail(r[4]) or None,
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


def entity_claims(con: sqlite3.Connection, iri: str) -> int:
    """Claims of a speaker or on a topic, or carried by an outlet (counted at build time)."""
    row = con.execute("SELECT claims FROM entity WHERE iri = ?", (iri,)).fetchone()
    return row[0] if row else 0
