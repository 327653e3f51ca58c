"""Full-text search over claims, folded for Arabic, in SQLite FTS5.

The index is built from a finished store and kept beside it in the build folder, so it
is published atomically with the store.

>>> fold_query("الإرهاب") == fold_query("الارهاب")
True
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kg.store import SEARCH, open_store

_QUERY = """
PREFIX isnad: <https://w3id.org/isnad/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?claim ?text (SAMPLE(?label) AS ?speaker) (SAMPLE(?d) AS ?date) WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?s .
  OPTIONAL { ?claim isnad:statedOn ?d }
  OPTIONAL { GRAPH ?eg { ?s skos:prefLabel|skos:altLabel ?label } }
} GROUP BY ?claim ?text
"""
_TOKEN = re.compile(r"\w+", re.UNICODE)


def fold_query(text: str) -> str:
    from kg.normalize import fold

    return fold(text)


@dataclass(frozen=True)
class Hit:
    claim: str
    snippet: str


def build_index(build_dir: Path, base_iri: str) -> Path:
    """Write ``search.sqlite`` for the store in ``build_dir``."""
    path = build_dir / SEARCH
    store = open_store(build_dir, read_only=True)
    rows = []
    for sol in store.query(_QUERY, use_default_graph_as_union=True):
        speaker = sol["speaker"].value if sol["speaker"] is not None else ""
        rows.append((sol["claim"].value, fold_query(sol["text"].value), fold_query(speaker)))
    del store
    con = sqlite3.connect(path)
    try:
        con.execute("CREATE VIRTUAL TABLE claims USING fts5(iri UNINDEXED, text, speaker, tokenize='unicode61')")
        con.executemany("INSERT INTO claims VALUES (?, ?, ?)", rows)
        con.commit()
    finally:
        con.close()
    return path


def search(build_dir: Path, query: str, *, limit: int = 1000) -> list[str]:
    """Claim IRIs whose text or speaker contains every word of ``query`` (folded), best first."""
    words = _TOKEN.findall(fold_query(query))
    if not words or not (build_dir / SEARCH).exists():
        return []
    match = " AND ".join('"' + w.replace('"', '""') + '"*' for w in words[:20])
    con = sqlite3.connect(f"file:{build_dir / SEARCH}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT iri FROM claims WHERE claims MATCH ? ORDER BY rank LIMIT ?",
                                          (match, limit))]
    finally:
        con.close()
