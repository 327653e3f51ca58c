"""The browse catalogue: SQLite tables and an FTS5 index over the claims, folded for Arabic.

Built once from a finished store and kept beside it in the build folder (``search.sqlite``),
so it is published atomically with the store. It holds what the list pages need to be
fast at a million triples: one row per claim and article, the claim/topic and
claim/outlet links for facets, preferred labels, counts, and a full-text index over the
folded claim text and speaker names (alef forms, ya/alef maqsura, ta marbuta,
diacritics and tatweel folded by :func:`kg.normalize.fold`). The full-text table keeps
the folded text it indexed, so that :mod:`kg.catalogue_patch` can delete a claim's row
when an article is withdrawn or replaced.

>>> fold_query("الإرهاب") == fold_query("الارهاب")
True
>>> fts_match("الإرهاب  قال")
'"الارهاب"* AND "قال"*'
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import PREFIXES
from kg.iris import DEFAULT_BASE
from kg.store import SEARCH, STORE, first_objects, open_store

KINDS = {"DirectQuote": "direct", "IndirectQuote": "indirect", "HeadlineClaim": "headline"}

_LABELS = """
SELECT ?s ?l ?alt WHERE {
  { ?s skos:prefLabel ?l } UNION { ?s skos:altLabel ?alt }
  FILTER(isIRI(?s))
} ORDER BY ?s ?l ?alt"""  # a fixed order: the catalogue must not depend on how a store iterates

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE label(iri TEXT PRIMARY KEY, ar TEXT, en TEXT, names TEXT);
CREATE TABLE article(id INTEGER PRIMARY KEY, iri TEXT UNIQUE, lid TEXT, headline TEXT, date TEXT, publisher TEXT,
                     sortkey TEXT, claims INTEGER DEFAULT 0);
CREATE TABLE claim(id INTEGER PRIMARY KEY, iri TEXT UNIQUE, lid TEXT, kind TEXT, date TEXT,
                   sortkey TEXT, year TEXT, month TEXT, speaker TEXT, article TEXT, start INTEGER, end INTEGER,
                   confidence REAL);
CREATE TABLE claim_text(id INTEGER PRIMARY KEY, text TEXT);
CREATE TABLE claim_topic(topic TEXT, sortkey TEXT, lid TEXT, claim INTEGER, PRIMARY KEY(topic, sortkey, lid))
  WITHOUT ROWID;
CREATE TABLE claim_outlet(outlet TEXT, sortkey TEXT, lid TEXT, claim INTEGER, PRIMARY KEY(outlet, sortkey, lid))
  WITHOUT ROWID;
CREATE TABLE article_outlet(article TEXT, outlet TEXT, role TEXT, PRIMARY KEY(outlet, article, role)) WITHOUT ROWID;
CREATE TABLE entity(iri TEXT PRIMARY KEY, kind TEXT, claims INTEGER, articles INTEGER DEFAULT 0,
                    published INTEGER DEFAULT 0, credited INTEGER DEFAULT 0);
CREATE TABLE speaker_topic(speaker TEXT, topic TEXT, n INTEGER, PRIMARY KEY(speaker, topic)) WITHOUT ROWID;
CREATE VIRTUAL TABLE claim_fts USING fts5(text, names, tokenize='unicode61 remove_diacritics 0');
"""
INDEXES = """
CREATE INDEX claim_sort ON claim(sortkey, lid);
CREATE INDEX claim_speaker ON claim(speaker, sortkey, lid);
CREATE INDEX claim_article ON claim(article);
CREATE INDEX claim_kind ON claim(kind, sortkey, lid);
CREATE INDEX claim_year ON claim(year, sortkey, lid);
CREATE INDEX claim_topic_claim ON claim_topic(claim, topic);
CREATE INDEX claim_outlet_claim ON claim_outlet(claim, outlet);
CREATE INDEX article_sort ON article(sortkey, lid);
CREATE INDEX entity_kind ON entity(kind, claims);
CREATE INDEX speaker_topic_topic ON speaker_topic(topic, n);
"""

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CATALOGUE_VERSION = 3  # bump when the tables change: older catalogues are rebuilt on first use
_TOKEN = re.compile(r"\w+", re.UNICODE)


def fold_query(text: str) -> str:
    """Fold text the way the index is folded (see :func:`kg.normalize.fold`)."""
    from kg.normalize import fold

    return fold(text)


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every folded word of ``query`` as a quoted prefix, ANDed."""
    words = _TOKEN.findall(fold_query(query))
    if not words:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words[:20])


def _v(term):
    return None if term is None else term.value


def _typed(store: ox.Store, cls: str) -> set[str]:
    return {quad.subject.value for quad in store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(cls), None)}


def label_rows(store: ox.Store, *, iri: str | None = None) -> dict[str, tuple[str | None, str | None, str]]:
    """IRI -> (Arabic label, English label, every name) of each labelled IRI in ``store`` (or of ``iri``
    only), as the catalogue's ``label`` table holds them."""
    subs = {ox.Variable("s"): ox.NamedNode(iri)} if iri is not None else None
    labels: dict[str, dict] = {}
    for sol in store.query(_LABELS, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=subs):
        entry = labels.setdefault(sol["s"].value, {"ar": None, "en": None, "names": []})
        term = sol["l"] or sol["alt"]
        entry["names"].append(term.value)
        if sol["l"] is not None:
            lang = term.language or ""
            if lang in ("ar", "en") and entry[lang] is None:
                entry[lang] = term.value
            elif entry["ar"] is None and lang not in ("ar", "en"):
                entry["ar"] = term.value
    return {s: (e["ar"], e["en"], " ".join(dict.fromkeys(e["names"]))) for s, e in labels.items()}


def build_index(build_dir: Path, base_iri: str, *, source: ox.Store | None = None) -> Path:
    """Write ``search.sqlite`` (the catalogue) for the store in ``build_dir``, reading it
    from ``source`` when given (a copy of that store; article bodies are not needed)."""
    path = build_dir / SEARCH
    store = source if source is not None else open_store(build_dir, read_only=True)

    labels = label_rows(store)
    isnad, schema = PREFIXES["isnad"], PREFIXES["schema"]

    def objects(prop: str) -> dict[str, ox.Term]:
        return first_objects(store, prop)

    def typed(cls: str) -> set[str]:
        return _typed(store, cls)

    headline, published, publisher = objects(schema + "headline"), objects(schema + "datePublished"), \
        objects(schema + "publisher")
    articles: dict[str, tuple] = {a: (headline[a].value, _v(published.get(a)), _v(publisher.get(a)))
                                  for a in sorted(typed(isnad + "Article")) if a in headline}
    outlets_of: dict[str, list[tuple[str, str]]] = {}
    for a, (_, _, pub) in articles.items():
        if pub:
            outlets_of.setdefault(a, []).append((pub, "publisher"))
    for quad in store.quads_for_pattern(None, ox.NamedNode(isnad + "credits"), None, None):
        pair = (quad.object.value, "credit")
        if quad.subject.value in articles and pair not in outlets_of.get(quad.subject.value, []):
            outlets_of.setdefault(quad.subject.value, []).append(pair)
    text, speaker, article = objects(isnad + "text"), objects(isnad + "speaker"), objects(isnad + "reportedIn")
    stated, start, end = objects(isnad + "statedOn"), objects(isnad + "charStart"), objects(isnad + "charEnd")
    confidence = objects(isnad + "confidence")
    kind_of = {c: kind for cls, kind in KINDS.items() for c in typed(isnad + cls)}
    claims: dict[str, dict] = {}
    for c in typed(isnad + "Claim"):
        if c in text and c in speaker and c in article:
            claims[c] = {"text": text[c].value, "kind": kind_of.get(c), "date": _v(stated.get(c)),
                         "speaker": speaker[c].value, "article": article[c].value, "start": _v(start.get(c)),
                         "end": _v(end.get(c)), "confidence": _v(confidence.get(c))}
    topics = sorted({(quad.subject.value, quad.object.value)
                     for quad in store.quads_for_pattern(None, ox.NamedNode(isnad + "topic"), None, None)
                     if quad.subject.value in claims})
    store = None  # close it before writing

    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        con.executemany("INSERT INTO label VALUES (?, ?, ?, ?)", [(iri, *row) for iri, row in labels.items()])

        def lid(iri: str) -> str:
            return iri[len(base_iri):].partition("/")[2] if iri.startswith(base_iri) else iri

        art_rows = []
        for a, (headline, date, pub) in articles.items():
            art_rows.append((a, lid(a), headline, date, pub, date or ""))
        con.executemany("INSERT INTO article(iri, lid, headline, date, publisher, sortkey) VALUES (?,?,?,?,?,?)",
                        art_rows)
        con.executemany("INSERT OR IGNORE INTO article_outlet VALUES (?, ?, ?)",
                        [(a, o, role) for a, pairs in outlets_of.items() for o, role in pairs])
        rowid_of: dict[str, int] = {}
        fts, claim_rows, claim_outlets, texts = [], [], [], []
        per_article: dict[str, int] = {}
        sort_of: dict[str, tuple[str, str]] = {}
        for n, (iri, c) in enumerate(sorted(claims.items()), start=1):
            rowid_of[iri] = n
            date = c["date"] or articles.get(c["article"], (None, None))[1]
            texts.append((n, c["text"]))
            claim_rows.append((n, iri, lid(iri), c["kind"], date, date or "", (date or "")[:4] or None,
                               (date or "")[:7] or None, c["speaker"], c["article"],
                               int(c["start"]) if c["start"] is not None else None,
                               int(c["end"]) if c["end"] is not None else None,
                               float(c["confidence"]) if c["confidence"] is not None else None))
            fts.append((n, fold_query(c["text"]), fold_query(labels.get(c["speaker"], (None, None, ""))[2])))
            per_article[c["article"]] = per_article.get(c["article"], 0) + 1
            claim_outlets += [(outlet, date or "", lid(iri), n) for outlet in
                              dict.fromkeys(o for o, _ in outlets_of.get(c["article"], []))]
            sort_of[iri] = (date or "", lid(iri))
        con.executemany("INSERT INTO claim VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", claim_rows)
        con.executemany("INSERT INTO claim_text VALUES (?, ?)", texts)
        con.executemany("INSERT OR IGNORE INTO claim_outlet VALUES (?, ?, ?, ?)", claim_outlets)
        con.executemany("INSERT INTO claim_fts(rowid, text, names) VALUES (?, ?, ?)", fts)
        con.executemany("INSERT OR IGNORE INTO claim_topic VALUES (?, ?, ?, ?)",
                        [(t, *sort_of[c], rowid_of[c]) for c, t in topics if c in rowid_of])
        con.executemany("UPDATE article SET claims = ? WHERE iri = ?", [(n, a) for a, n in per_article.items()])
        _write_aggregates(con, claims, topics, outlets_of, per_article)
        con.executescript(INDEXES)
        stats = {
            "claims": len(claims),
            "speakers": len({c["speaker"] for c in claims.values()}),
            "articles": len(articles),
            "outlets": len({o for pairs in outlets_of.values() for o, _ in pairs}),
            "base_iri": base_iri,
            "catalogue_version": CATALOGUE_VERSION,
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in stats.items()])
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()
    tmp.replace(path)
    return path


def _write_aggregates(con: sqlite3.Connection, claims: dict, topics: list[tuple[str, str]],
                      outlets_of: dict[str, list[tuple[str, str]]], per_article: dict[str, int]) -> None:
    """Counts the list pages show, computed once: claims per speaker, topic and outlet; articles per
    outlet (published, credited); claims per speaker and topic."""
    counts: dict[tuple[str, str], list[int]] = {}  # (kind, iri) -> [claims, articles, published, credited]

    def bump(kind: str, iri: str, i: int, by: int = 1) -> None:
        counts.setdefault((kind, iri), [0, 0, 0, 0])[i] += by

    speaker_of = {iri: c["speaker"] for iri, c in claims.items()}
    for c in claims.values():
        bump("speaker", c["speaker"], 0)
    pairs: dict[tuple[str, str], int] = {}
    for claim, topic in set(topics):
        if claim in speaker_of:
            bump("topic", topic, 0)
            key = (speaker_of[claim], topic)
            pairs[key] = pairs.get(key, 0) + 1
    for article, links in outlets_of.items():
        for outlet in {o for o, _ in links}:
            bump("outlet", outlet, 1)
            bump("outlet", outlet, 0, per_article.get(article, 0))
        for outlet, role in set(links):
            bump("outlet", outlet, 2 if role == "publisher" else 3)
    con.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)",
                    [(iri, kind, *v) for (kind, iri), v in counts.items()])
    con.executemany("INSERT INTO speaker_topic VALUES (?, ?, ?)", [(s, t, n) for (s, t), n in pairs.items()])


_rebuild_lock = threading.Lock()


def _meta(path: Path, key: str) -> str | None:
    """One value of a catalogue's ``meta`` table (None when the file or the key is missing)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
        return row[0] if row else None
    except sqlite3.Error:
        return None


def catalogue_version(path: Path) -> int | None:
    """The table layout a catalogue file was written with (None when missing or unreadable)."""
    value = _meta(path, "catalogue_version")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def connect(build_dir: Path, *, base_iri: str | None = None) -> sqlite3.Connection | None:
    """A read-only connection to a build's catalogue (None when the build has no store).

    A catalogue missing or written by an older version is (re)built first, from the store.
    """
    path = build_dir / SEARCH
    if catalogue_version(path) != CATALOGUE_VERSION:
        if not (build_dir / STORE).exists():
            return None
        with _rebuild_lock:
            if catalogue_version(path) != CATALOGUE_VERSION:
                build_index(build_dir, base_iri or _meta(path, "base_iri") or DEFAULT_BASE)
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    con.row_factory = sqlite3.Row
    return con


def search(build_dir: Path, query: str, *, limit: int = 1000) -> list[str]:
    """Claim IRIs whose text or speaker names contain every word of ``query`` (folded), best first."""
    match = fts_match(query)
    con = connect(build_dir) if match else None
    if con is None:
        return []
    try:
        sql = ("SELECT c.iri FROM claim_fts f JOIN claim c ON c.id = f.rowid WHERE claim_fts MATCH ? "
               "ORDER BY f.rank LIMIT ?")
        return [r[0] for r in con.execute(sql, (match, limit))]
    finally:
        con.close()
