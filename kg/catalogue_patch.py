"""Patch a copy of the browse catalogue (``search.sqlite``) when articles are added or withdrawn.

:func:`kg.search.build_index` writes the catalogue from a whole store; ``isnad add`` and
``isnad remove`` change a few articles only, so :func:`patch_catalogue` deletes the rows of
withdrawn (or replaced) articles, found in the catalogue itself, inserts the rows of new
articles, read from the store by quad patterns, and adjusts the counts (claims per
speaker, topic and outlet; articles per outlet; claims per speaker and topic). The labels
of every entity the change touched are read again from the store, and the full-text rows
of a speaker whose names changed are rewritten. The result has the same content as a
rebuild (row ids aside); tests compare the two table by table after add, remove and
replace sequences.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from kg.rdf import PREFIXES
from kg.search import KINDS, fold_query, label_rows

_I, _S = PREFIXES["isnad"], PREFIXES["schema"]
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass
class _ClaimRow:
    iri: str
    text: str
    speaker: str
    kind: str | None
    date: str | None
    start: str | None
    end: str | None
    confidence: str | None
    topics: list[str]


@dataclass
class _ArticleRows:
    iri: str
    headline: str
    date: str | None
    publisher: str | None
    outlets: list[tuple[str, str]]  # (outlet, role), publisher first
    claims: list[_ClaimRow] = field(default_factory=list)

    def entities(self) -> set[str]:
        return {c.speaker for c in self.claims} | {o for o, _ in self.outlets} | {t for c in self.claims
                                                                                for t in c.topics}


def patch_catalogue(con: sqlite3.Connection, store: ox.Store, base_iri: str, *, removed: Iterable[str] = (),
                    added: Iterable[str] = (), labels: Iterable[str] = ()) -> None:
    """Bring an open catalogue in line with ``store`` after articles were withdrawn and added.

    ``removed``: article IRIs no longer in the store (their rows are found in the catalogue);
    ``added``: article IRIs new in the store; ``labels``: other IRIs whose labels may have
    changed (the entities the change merged or dropped, the build run of an addition).
    """
    touched = set(labels)
    for article in removed:
        touched |= _remove_article(con, article)
    new = [rows for rows in (_read_article(store, a) for a in added) if rows is not None]
    for rows in new:
        touched |= rows.entities()
    refresh_labels(con, store, touched)
    next_id = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claim").fetchone()[0]
    for rows in new:
        next_id = _insert_article(con, base_iri, rows, next_id)
    _drop_empty(con, touched)
    stats = {"claims": "SELECT COUNT(*) FROM claim", "articles": "SELECT COUNT(*) FROM article",
             "speakers": "SELECT COUNT(DISTINCT speaker) FROM claim",
             "outlets": "SELECT COUNT(DISTINCT outlet) FROM article_outlet"}
    for key, sql in stats.items():
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(con.execute(sql).fetchone()[0])))


# -- labels --------------------------------------------------------------------------

def _label_row(store: ox.Store, iri: str) -> tuple | None:
    row = label_rows(store, iri=iri).get(iri)
    return None if row is None else (iri, *row)


def refresh_labels(con: sqlite3.Connection, store: ox.Store, iris: Iterable[str]) -> None:
    """Read the labels of ``iris`` from the store again; rewrite the full-text names of
    the claims of a speaker whose names changed."""
    for iri in sorted(iris):
        new = _label_row(store, iri)
        old = con.execute("SELECT iri, ar, en, names FROM label WHERE iri = ?", (iri,)).fetchone()
        if new == old:
            continue
        if new is None:
            con.execute("DELETE FROM label WHERE iri = ?", (iri,))
        else:
            con.execute("INSERT OR REPLACE INTO label VALUES (?, ?, ?, ?)", new)
        if (old[3] if old else "") != (new[3] if new else ""):
            con.execute("UPDATE claim_fts SET names = ? WHERE rowid IN (SELECT id FROM claim WHERE speaker = ?)",
                        (fold_query(new[3] if new else ""), iri))


# -- counts --------------------------------------------------------------------------

def _bump(con: sqlite3.Connection, iri: str, kind: str, *, claims: int = 0, articles: int = 0,
          published: int = 0, credited: int = 0) -> None:
    con.execute("INSERT INTO entity VALUES (?,?,?,?,?,?) ON CONFLICT(iri) DO UPDATE SET claims = claims + "
                "excluded.claims, articles = articles + excluded.articles, published = published + "
                "excluded.published, credited = credited + excluded.credited",
                (iri, kind, claims, articles, published, credited))


def _bump_pair(con: sqlite3.Connection, speaker: str, topic: str, by: int) -> None:
    con.execute("INSERT INTO speaker_topic VALUES (?, ?, ?) ON CONFLICT(speaker, topic) DO UPDATE SET n = n + "
                "excluded.n", (speaker, topic, by))


def _drop_empty(con: sqlite3.Connection, iris: set[str]) -> None:
    """Delete the count rows of touched entities that nothing counts any more (a rebuild has none)."""
    for iri in sorted(iris):
        con.execute("DELETE FROM entity WHERE iri = ? AND CASE kind WHEN 'outlet' THEN articles ELSE claims END <= 0",
                    (iri,))
        con.execute("DELETE FROM speaker_topic WHERE speaker = ? AND n <= 0", (iri,))


# -- withdrawing -----------------------------------------------------------------------

def _remove_article(con: sqlite3.Connection, article: str) -> set[str]:
    """Delete one article's rows and subtract what it counted; returns the entities it touched."""
    claims = con.execute("SELECT id, speaker FROM claim WHERE article = ?", (article,)).fetchall()
    links = con.execute("SELECT outlet, role FROM article_outlet WHERE article = ?", (article,)).fetchall()
    topics = con.execute("SELECT t.topic, c.speaker FROM claim c JOIN claim_topic t ON t.claim = c.id "
                         "WHERE c.article = ?", (article,)).fetchall()
    for outlet in {o for o, _ in links}:
        _bump(con, outlet, "outlet", claims=-len(claims), articles=-1)
    for outlet, role in links:
        _bump(con, outlet, "outlet", published=-(role == "publisher"), credited=-(role == "credit"))
    for _, speaker in claims:
        _bump(con, speaker, "speaker", claims=-1)
    for topic, speaker in topics:
        _bump(con, topic, "topic", claims=-1)
        _bump_pair(con, speaker, topic, -1)
    ids = [(i,) for i, _ in claims]
    con.executemany("DELETE FROM claim_fts WHERE rowid = ?", ids)
    for table in ("claim_text", "claim"):
        con.executemany(f"DELETE FROM {table} WHERE id = ?", ids)
    for table in ("claim_topic", "claim_outlet"):
        con.executemany(f"DELETE FROM {table} WHERE claim = ?", ids)
    con.executemany("DELETE FROM article_outlet WHERE outlet = ? AND article = ? AND role = ?",
                    [(o, article, r) for o, r in links])
    con.execute("DELETE FROM article WHERE iri = ?", (article,))
    return {s for _, s in claims} | {o for o, _ in links} | {t for t, _ in topics}


# -- adding --------------------------------------------------------------------------

def _first(store: ox.Store, s: ox.NamedNode, p: str):
    q = next(iter(store.quads_for_pattern(s, ox.NamedNode(p), None, None)), None)
    return None if q is None else q.object.value


def _all(store: ox.Store, s: ox.NamedNode, p: str) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(s, ox.NamedNode(p), None, None)]


def _read_article(store: ox.Store, article: str) -> _ArticleRows | None:
    """What the catalogue holds of one article in the store (None when it has no headline)."""
    an = ox.NamedNode(article)
    headline = _first(store, an, _S + "headline")
    if headline is None:
        return None
    date, pub = _first(store, an, _S + "datePublished"), _first(store, an, _S + "publisher")
    outlets = [(pub, "publisher")] if pub else []
    outlets += [(o, "credit") for o in dict.fromkeys(_all(store, an, _I + "credits")) if (o, "credit") not in outlets]
    rows = _ArticleRows(article, headline, date, pub, outlets)
    for c in sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_I + "reportedIn"), an, an)}):
        cn = ox.NamedNode(c)
        text, speaker = _first(store, cn, _I + "text"), _first(store, cn, _I + "speaker")
        types = {q.object.value for q in store.quads_for_pattern(cn, _TYPE, None, None)}
        if text is None or speaker is None or _I + "Claim" not in types:
            continue
        kind = next((k for cls, k in KINDS.items() if _I + cls in types), None)
        rows.claims.append(_ClaimRow(c, text, speaker, kind, _first(store, cn, _I + "statedOn") or date,
                                     _first(store, cn, _I + "charStart"), _first(store, cn, _I + "charEnd"),
                                     _first(store, cn, _I + "confidence"), sorted(set(_all(store, cn, _I + "topic")))))
    return rows


def _insert_article(con: sqlite3.Connection, base_iri: str, art: _ArticleRows, next_id: int) -> int:
    """Insert one article's rows and add what it counts; returns the next free claim id."""
    def lid(iri: str) -> str:
        return iri[len(base_iri):].partition("/")[2] if iri.startswith(base_iri) else iri

    con.execute("INSERT INTO article(iri, lid, headline, date, publisher, sortkey, claims) VALUES (?,?,?,?,?,?,?)",
                (art.iri, lid(art.iri), art.headline, art.date, art.publisher, art.date or "", len(art.claims)))
    con.executemany("INSERT OR IGNORE INTO article_outlet VALUES (?, ?, ?)", [(art.iri, o, r) for o, r in art.outlets])
    outlets = list(dict.fromkeys(o for o, _ in art.outlets))
    for o in outlets:
        _bump(con, o, "outlet", claims=len(art.claims), articles=1)
    for o, role in set(art.outlets):
        _bump(con, o, "outlet", published=role == "publisher", credited=role == "credit")
    for c in art.claims:
        n, next_id, d = next_id, next_id + 1, c.date
        con.execute("INSERT INTO claim VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (n, c.iri, lid(c.iri), c.kind, d, d or "", (d or "")[:4] or None, (d or "")[:7] or None,
                     c.speaker, art.iri, int(c.start) if c.start is not None else None,
                     int(c.end) if c.end is not None else None,
                     float(c.confidence) if c.confidence is not None else None))
        con.execute("INSERT INTO claim_text VALUES (?, ?)", (n, c.text))
        names = con.execute("SELECT names FROM label WHERE iri = ?", (c.speaker,)).fetchone()
        con.execute("INSERT INTO claim_fts(rowid, text, names) VALUES (?, ?, ?)",
                    (n, fold_query(c.text), fold_query(names[0] if names else "")))
        con.executemany("INSERT OR IGNORE INTO claim_outlet VALUES (?, ?, ?, ?)",
                        [(o, d or "", lid(c.iri), n) for o in outlets])
        con.executemany("INSERT OR IGNORE INTO claim_topic VALUES (?, ?, ?, ?)",
                        [(t, d or "", lid(c.iri), n) for t in c.topics])
        _bump(con, c.speaker, "speaker", claims=1)
        for t in c.topics:
            _bump(con, t, "topic", claims=1)
            _bump_pair(con, c.speaker, t, 1)
    return next_id
