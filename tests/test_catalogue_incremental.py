"""`isnad add` / `remove` / replace patch the browse catalogue: after every step it must hold
exactly what a full `build_index` of the resulting store gives, table by table (row ids aside)."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from webfixtures import LAVROV, article_html

from kg.cli import main
from kg.search import build_index, search
from kg.settings import Settings
from kg.store import SEARCH, STORE, DataDir, open_store

# every table a catalogue has, each read without its row ids (claims named by IRI instead)
_CLAIM = "(SELECT iri FROM claim WHERE id = {})"
QUERIES = {
    "meta": "SELECT key, value FROM meta",
    "label": "SELECT iri, ar, en, names FROM label",
    "article": "SELECT iri, lid, headline, date, publisher, sortkey, claims FROM article",
    "claim": "SELECT iri, lid, kind, date, sortkey, year, month, speaker, article, start, end, confidence FROM claim",
    "claim_text": f"SELECT {_CLAIM.format('claim_text.id')}, text FROM claim_text",
    "claim_topic": f"SELECT topic, sortkey, lid, {_CLAIM.format('claim_topic.claim')} FROM claim_topic",
    "claim_outlet": f"SELECT outlet, sortkey, lid, {_CLAIM.format('claim_outlet.claim')} FROM claim_outlet",
    "article_outlet": "SELECT article, outlet, role FROM article_outlet",
    "entity": "SELECT iri, kind, claims, articles, published, credited FROM entity",
    "speaker_topic": "SELECT speaker, topic, n FROM speaker_topic",
    "claim_fts": f"SELECT {_CLAIM.format('claim_fts.rowid')}, text, names FROM claim_fts",
}


def catalogue(path: Path) -> dict[str, Counter]:
    """Every table's rows as a multiset, and the full-text index itself as (term, claim, column)
    entries read back with fts5vocab."""
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                            "'sqlite_%' AND name NOT LIKE 'claim_fts_%'")}
        assert tables == set(QUERIES), "a catalogue table this test does not compare"
        out = {}
        for table, sql in QUERIES.items():
            out[table] = Counter(con.execute(sql).fetchall())
        con.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, claim_fts, instance)")
        out["fts_index"] = Counter(con.execute(f"SELECT term, {_CLAIM.format('doc')}, col FROM temp.vocab"))
        return out
    finally:
        con.close()


def assert_same_as_rebuild(settings: Settings, tmp_path: Path) -> dict[str, Counter]:
    build_dir = DataDir(settings.data_dir).current()
    fresh = tmp_path / f"fresh-{build_dir.name}"
    shutil.copytree(build_dir / STORE, fresh / STORE)
    build_index(fresh, settings.base_iri)
    patched, rebuilt = catalogue(build_dir / SEARCH), catalogue(fresh / SEARCH)
    for table in rebuilt:
        assert patched[table] == rebuilt[table], (table, patched[table] - rebuilt[table],
                                                  rebuilt[table] - patched[table])
    for word in ("لافروف", "ليبيا", "قال"):  # and search answers alike
        assert sorted(search(build_dir, word)) == sorted(search(fresh, word))
    return patched


def cli(settings: Settings, *args: str) -> int:
    return main([*args, "--corpus", settings.corpus, "--data", settings.data])


def articles(cat: dict[str, Counter]) -> set[str]:
    return {r[0] for r in cat["article"]}


def speakers(cat: dict[str, Counter]) -> set[str]:
    return {r[0] for r in cat["entity"] if r[1] == "speaker"}


def test_add_remove_replace_sequences_keep_the_catalogue_equal_to_a_rebuild(settings, web, tmp_path):
    start = assert_same_as_rebuild(settings, tmp_path)
    tass = web.page("/tass/1.html", article_html("لافروف: روسيا وتركيا تواصلان العمل المشترك في ليبيا", LAVROV,
                                                 site="وكالة تاس", date="2021-03-04"))
    lone = tmp_path / "lone.txt"  # a speaker and an outlet no other article has
    lone.write_text("وزير الزراعة يفتتح معرضا للتمور\nوكالة الأنباء الزراعية\nقال وزير الزراعة المغربي محمد صديقي "
                    "إن إنتاج التمور ارتفع هذا العام بنسبة كبيرة بفضل الأمطار.\n", encoding="utf-8")
    assert cli(settings, "add", tass, str(lone)) == 0  # add
    added = assert_same_as_rebuild(settings, tmp_path)
    new_articles = articles(added) - articles(start)
    assert len(new_articles) == 2 and len(added["claim"]) > len(start["claim"])

    assert cli(settings, "remove", "lone.txt") == 0  # remove: its own speaker disappears everywhere
    removed = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(removed)) == len(articles(added)) - 1
    gone = speakers(added) - speakers(removed)
    assert gone and not gone & {r[0] for r in removed["label"]}

    web.page("/tass/1.html", article_html("لافروف وجاويش أوغلو يبحثان الملف السوري", [  # replace: same URL
        "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو تعارض أي عملية عسكرية جديدة في شمال سوريا.",
        "وأكد وزير الخارجية التركي مولود جاويش أوغلو أن بلاده ستواصل التنسيق مع روسيا بشأن إدلب."],
        site="الجزيرة", date="2021-04-10"))
    assert cli(settings, "add", tass) == 0
    replaced = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(replaced)) == len(articles(removed)) and articles(replaced) != articles(removed)
    assert search(DataDir(settings.data_dir).current(), "إدلب")

    for article in sorted(articles(replaced)):  # remove everything, one article at a time
        assert cli(settings, "remove", article) == 0
        left = assert_same_as_rebuild(settings, tmp_path)
    assert not left["claim"] and not left["entity"] and not left["fts_index"]

    assert cli(settings, "add", tass, str(settings.corpus_dir / "removed" / "lone.txt")) == 0  # and back again
    again = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(again)) == 2


def test_changed_speaker_names_are_rewritten_in_the_full_text_index(settings, tmp_path):
    """A merge that gives a speaker another name must reach the full-text rows of its older claims."""
    from kg.catalogue_patch import patch_catalogue
    from kg.vocab import ISNAD

    build_dir = DataDir(settings.data_dir).current()
    work = tmp_path / "work"
    shutil.copytree(build_dir / STORE, work / STORE)
    shutil.copyfile(build_dir / SEARCH, work / SEARCH)
    store = open_store(work, read_only=False)
    speaker = next(iter(store.quads_for_pattern(None, ox.NamedNode(ISNAD + "speaker"), None, None))).object
    entities = next(iter(store.quads_for_pattern(speaker, None, None, None))).graph_name
    store.add(ox.Quad(speaker, ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
                      ox.Literal("زعيمطويلالاسم", language="ar"), entities))
    con = sqlite3.connect(work / SEARCH)
    patch_catalogue(con, store, settings.base_iri, labels={speaker.value})
    con.commit()
    con.close()
    store.flush()
    del store
    assert search(work, "زعيمطويلالاسم")  # found by the new name
    fresh = tmp_path / "fresh"
    shutil.copytree(work / STORE, fresh / STORE)
    build_index(fresh, settings.base_iri)
    patched, rebuilt = catalogue(work / SEARCH), catalogue(fresh / SEARCH)
    for table in rebuilt:
        assert patched[table] == rebuilt[table], table
