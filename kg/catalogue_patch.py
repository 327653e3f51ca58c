"""Patch a copy of the browse catalogue (``search.sqlite``) with newly added articles.

:func:`kg.search.build_index` writes the catalogue from a whole store; after ``isnad
add`` only the new articles' rows change, so this inserts them (article, claims, texts,
full-text rows, topic and outlet links, labels) and bumps the counts, reading the new
articles by quad patterns. The result has the same content as a rebuild (row ids
aside); a test compares the two. Withdrawals rebuild the catalogue instead (the
contentless full-text index cannot forget a row without its exact original text).
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

import pyoxigraph as ox

from kg.rdf import PREFIXES
from kg.search import KINDS, fold_query

_I, _S = PREFIXES["isnad"], PREFIXES["schema"]
_SKOS = PREFIXES["skos"]
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _first(store: ox.Store, s: ox.NamedNode, p: str):
    q = next(iter(store.quads_for_pattern(s, ox.NamedNode(p), None, None)), None)
    return None if q is None else q.object.value


def _all(store: ox.Store, s: ox.NamedNode, p: str) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(s, ox.NamedNode(p), None, None)]


def _label_row(store: ox.Store, iri: str) -> tuple | None:
    node, ar, en, names = ox.NamedNode(iri), None, None, []
    for q in store.quads_for_pattern(node, ox.NamedNode(_SKOS + "prefLabel"), None, None):
        names.append(q.object.value)
        lang = q.object.language or ""
        if lang in ("ar", "en") and (ar if lang == "ar" else en) is None:
            ar, en = (q.object.value, en) if lang == "ar" else (ar, q.object.value)
        elif ar is None and lang not in ("ar", "en"):
            ar = q.object.value
    names += [q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(_SKOS + "altLabel"), None, None)]
    return (iri, ar, en, " ".join(dict.fromkeys(names))) if names else None


def add_articles(con: sqlite3.Connection, store: ox.Store, base_iri: str, articles: Iterable[str], *,
                 labels: Iterable[str] = ()) -> None:
    """Insert the rows of ``articles`` (already in ``store``) into an open catalogue.

    ``labels``: other IRIs whose labels are new (the build run of the addition).
    """
    for iri in labels:
        row = _label_row(store, iri)
        if row:
            con.execute("INSERT OR REPLACE INTO label VALUES (?, ?, ?, ?)", row)
    def lid(iri: str) -> str:
        return iri[len(base_iri):].partition("/")[2] if iri.startswith(base_iri) else iri

    def bump(iri: str, kind: str, claims=0, arts=0, published=0, credited=0) -> None:
        con.execute("INSERT INTO entity VALUES (?,?,?,?,?,?) ON CONFLICT(iri) DO UPDATE SET claims = claims + "
                    "excluded.claims, articles = articles + excluded.articles, published = published + "
                    "excluded.published, credited = credited + excluded.credited",
                    (iri, kind, claims, arts, published, credited))

    next_id = con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claim").fetchone()[0]
    for a in articles:
        an = ox.NamedNode(a)
        headline = _first(store, an, _S + "headline")
        if headline is None:
            continue
        date, pub = _first(store, an, _S + "datePublished"), _first(store, an, _S + "publisher")
        outlets = [(pub, "publisher")] if pub else []
        outlets += [(o, "credit") for o in dict.fromkeys(_all(store, an, _I + "credits")) if (o, "credit") not in outlets]
        claims = sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_I + "reportedIn"), an, an)})
        rows = []
        for c in claims:
            cn = ox.NamedNode(c)
            text, speaker = _first(store, cn, _I + "text"), _first(store, cn, _I + "speaker")
            if text is None or speaker is None:
                continue
            types = {q.object.value for q in store.quads_for_pattern(cn, _TYPE, None, None)}
            if _I + "Claim" not in types:
                continue
            kind = next((k for cls, k in KINDS.items() if _I + cls in types), None)
            rows.append((c, text, speaker, kind, _first(store, cn, _I + "statedOn") or date,
                         _first(store, cn, _I + "charStart"), _first(store, cn, _I + "charEnd"),
                         _first(store, cn, _I + "confidence"), sorted(set(_all(store, cn, _I + "topic")))))
        touched = {r[2] for r in rows} | {o for o, _ in outlets} | {t for r in rows for t in r[8]}
        for iri in touched:
            row = _label_row(store, iri)
            if row:
                con.execute("INSERT OR REPLACE INTO label VALUES (?, ?, ?, ?)", row)
        con.execute("INSERT INTO article(iri, lid, headline, date, publisher, sortkey, claims) VALUES (?,?,?,?,?,?,?)",
                    (a, lid(a), headline, date, pub, date or "", len(rows)))
        con.executemany("INSERT OR IGNORE INTO article_outlet VALUES (?, ?, ?)", [(a, o, r) for o, r in outlets])
        for o in {o for o, _ in outlets}:
            bump(o, "outlet", claims=len(rows), arts=1)
        for o, role in set(outlets):
            bump(o, "outlet", published=role == "publisher", credited=role == "credit")
        for c, text, speaker, kind, d, start, end, conf, topics in rows:
            n, next_id = next_id, next_id + 1
            con.execute("INSERT INTO claim VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (n, c, lid(c), kind, d, d or "", (d or "")[:4] or None, (d or "")[:7] or None, speaker, a,
                         int(start) if start is not None else None, int(end) if end is not None else None,
                         float(conf) if conf is not None else None))
            con.execute("INSERT INTO claim_text VALUES (?, ?)", (n, text))
            names = con.execute("SELECT names FROM label WHERE iri = ?", (speaker,)).fetchone()
            con.execute("INSERT INTO claim_fts(rowid, text, names) VALUES (?, ?, ?)",
                        (n, fold_query(text), fold_query(names[0] if names else "")))
            con.executemany("INSERT OR IGNORE INTO claim_outlet VALUES (?, ?, ?, ?)",
                            [(o, d or "", lid(c), n) for o in dict.fromkeys(o for o, _ in outlets)])
            con.executemany("INSERT OR IGNORE INTO claim_topic VALUES (?, ?, ?, ?)",
                            [(t, d or "", lid(c), n) for t in topics])
            bump(speaker, "speaker", claims=1)
            for t in topics:
                bump(t, "topic", claims=1)
                con.execute("INSERT INTO speaker_topic VALUES (?, ?, 1) ON CONFLICT(speaker, topic) "
                            "DO UPDATE SET n = n + 1", (speaker, t))
    stats = {"claims": "SELECT COUNT(*) FROM claim", "articles": "SELECT COUNT(*) FROM article",
             "speakers": "SELECT COUNT(DISTINCT speaker) FROM claim",
             "outlets": "SELECT COUNT(DISTINCT outlet) FROM article_outlet"}
    for key, sql in stats.items():
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(con.execute(sql).fetchone()[0])))
