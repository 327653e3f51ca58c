"""`isnad add` / `remove` / replace patch the browse catalogue: after every step it must hold
exactly what a full `build_index` of the resulting store gives, table by table (row ids aside).
The same-statement links and the statement groups (graph/links) patched by each step must
be what a fresh `write_links` of the resulting store gives."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from webfixtures import LAVROV, article_html

from kg.cli import main
from kg.iris import Minter
from kg.linking import write_links
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


def links_graph(store: ox.Store, minter: Minter) -> set[tuple[str, str, str]]:
    g = ox.NamedNode(minter.graph("links"))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None, g)}


def statement_groups(links: set[tuple[str, str, str]]) -> dict[str, set[str]]:
    """Statement node -> its claims, from the triples of graph/links."""
    out: dict[str, set[str]] = {}
    for s, p, o in links:
        if p.endswith("#statement>"):
            out.setdefault(o, set()).add(s)
    return out


def assert_same_as_rebuild(settings: Settings, tmp_path: Path) -> dict[str, Counter]:
    build_dir = DataDir(settings.data_dir).current()
    fresh = tmp_path / f"fresh-{build_dir.name}"
    shutil.copytree(build_dir / STORE, fresh / STORE)
    build_index(fresh, settings.base_iri)
    minter = Minter(settings.base_iri)  # the links and statement groups, against a fresh computation
    patched_links = links_graph(open_store(build_dir), minter)
    store = open_store(fresh, read_only=False)
    write_links(store, minter)
    rebuilt_links = links_graph(store, minter)
    del store
    assert patched_links == rebuilt_links, (patched_links - rebuilt_links, rebuilt_links - patched_links)
    patched, rebuilt = catalogue(build_dir / SEARCH), catalogue(fresh / SEARCH)
    for table in rebuilt:
        assert patched[table] == rebuilt[table], (table, patched[table] - rebuilt[table],
                                                  rebuilt[table] - patched[table])
    for word in ("لافروف", "ليبيا", "قال"):  # and search answers alike
        assert sorted(search(build_dir, word)) == sorted(search(fresh, word))
    patched["statement groups"] = Counter(frozenset(m) for m in statement_groups(patched_links).values())
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
    jazeera = web.page("/jazeera/7.html", article_html(  # the same statement as tass, another outlet
        "موسكو وأنقرة تتفقان على مواصلة التنسيق بشأن ليبيا",
        ["أكد وزير الخارجية الروسي سيرغي لافروف، الجمعة، أن موسكو وأنقرة اتفقتا على مواصلة العمل المشترك "
         "لتسوية الأوضاع في ليبيا، وعلى دعم وقف إطلاق النار هناك."], site="الجزيرة", date="2021-03-05"))
    ria = web.page("/ria/2.html", article_html(  # and a third
        "لافروف يتحدث عن ليبيا",
        ["صرح وزير الخارجية الروسي سيرغي لافروف بأن روسيا وتركيا اتفقتا على مواصلة العمل المشترك "
         "من أجل تسوية الأوضاع في ليبيا."], site="ريا نوفوستي", date="2021-03-04"))
    assert cli(settings, "add", tass, str(lone)) == 0  # add
    added = assert_same_as_rebuild(settings, tmp_path)
    new_articles = articles(added) - articles(start)
    assert len(new_articles) == 2 and len(added["claim"]) > len(start["claim"])
    assert cli(settings, "add", jazeera) == 0  # a statement group forms incrementally
    assert cli(settings, "add", ria) == 0  # and grows
    grouped = assert_same_as_rebuild(settings, tmp_path)
    assert max(len(g) for g in grouped["statement groups"]) >= 3, grouped["statement groups"]

    assert cli(settings, "remove", "lone.txt") == 0  # remove: its own speaker disappears everywhere
    removed = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(removed)) == len(articles(grouped)) - 1
    gone = speakers(grouped) - speakers(removed)
    assert gone and not gone & {r[0] for r in removed["label"]}

    web.page("/tass/1.html", article_html("لافروف وجاويش أوغلو يبحثان الملف السوري", [  # replace: same URL
        "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو تعارض أي عملية عسكرية جديدة في شمال سوريا.",
        "وأكد وزير الخارجية التركي مولود جاويش أوغلو أن بلاده ستواصل التنسيق مع روسيا بشأن إدلب."],
        site="الجزيرة", date="2021-04-10"))
    assert cli(settings, "add", tass) == 0
    replaced = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(replaced)) == len(articles(removed)) and articles(replaced) != articles(removed)
    assert replaced["statement groups"] and replaced["statement groups"] != grouped["statement groups"]
    assert search(DataDir(settings.data_dir).current(), "إدلب")

    for article in sorted(articles(replaced)):  # remove everything, one article at a time
        assert cli(settings, "remove", article) == 0
        left = assert_same_as_rebuild(settings, tmp_path)
    assert not left["claim"] and not left["entity"] and not left["fts_index"] and not left["statement groups"]

    assert cli(settings, "add", tass, str(settings.corpus_dir / "removed" / "lone.txt")) == 0  # and back again
    again = assert_same_as_rebuild(settings, tmp_path)
    assert len(articles(again)) == 2 and not again["statement groups"]


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
