"""`isnad add` / `isnad remove`: incremental publishing against a real store and a local web server."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from webfixtures import LAVROV, article_html

from kg.build import build
from kg.cli import main
from kg.corpus import read_bytes
from kg.extract import extract
from kg.iris import Minter
from kg.publish import add_documents, find_articles
from kg.rdf import ISNAD, BuildRun, article_rdf
from kg.settings import Settings
from kg.store import DataDir, open_store

HEADLINE = "لافروف: روسيا وتركيا تواصلان العمل المشترك في ليبيا"
M = Minter()


def cli(settings: Settings, *args: str) -> int:
    return main([*args, "--corpus", settings.corpus, "--data", settings.data])


def current(settings: Settings) -> Path:
    return DataDir(settings.data_dir).current()


def ask(settings: Settings, sparql: str, **bindings):
    store = open_store(current(settings))
    subs = {ox.Variable(k): v for k, v in bindings.items()}
    return list(store.query("PREFIX isnad: <https://w3id.org/isnad/ontology#> PREFIX schema: <https://schema.org/> "
                            + sparql, use_default_graph_as_union=True, substitutions=subs or None))


def articles(settings: Settings) -> set[str]:
    return {r["a"].value for r in ask(settings, "SELECT ?a WHERE { ?a a isnad:Article }")}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_add_urls_publishes_good_pages_and_reports_bad_ones(settings, web, capsys):
    good = web.page("/news/lavrov.html", article_html(HEADLINE, LAVROV))
    slow = web.page("/slow.html", article_html(HEADLINE, LAVROV), delay=3)
    missing = web.url + "/gone.html"
    before = articles(settings)
    old_build = current(settings)
    old_files = snapshot(old_build)

    assert cli(settings, "add", slow, good, missing, "--timeout", "0.5", "--retries", "0") == 1
    err = capsys.readouterr().err
    assert f"{slow}: not added: timed out" in err and f"{missing}: not added: HTTP 404" in err

    new_build = current(settings)
    assert new_build != old_build and snapshot(old_build) == old_files  # the served build was not touched
    added = articles(settings) - before
    assert len(added) == 1
    (art,) = added
    rows = ask(settings, "SELECT * WHERE { ?a schema:url ?url ; isnad:retrievedOn ?when ; "
                         "schema:articleBody ?body }", a=ox.NamedNode(art))
    assert [r["url"].value for r in rows] == [good]
    assert rows[0]["body"].value.startswith(HEADLINE) and "سيرغي لافروف" in rows[0]["body"].value
    assert not ask(settings, "SELECT * WHERE { ?a isnad:sourceFile ?f }", a=ox.NamedNode(art))

    # what extraction finds in the archived page is what the store holds for it
    (archived,) = settings.corpus_dir.glob("web_*.jsonl")
    (doc,) = read_bytes(archived.name, archived.read_bytes())
    expected = {str(c) for c in article_rdf(extract(doc), M, BuildRun.create(version="x")).graph.subjects(
        ISNAD.reportedIn, None)}
    stored = {r["c"].value for r in ask(settings, "SELECT * WHERE { ?c isnad:reportedIn ?a }", a=ox.NamedNode(art))}
    assert stored == expected
    texts = [r["t"].value for r in ask(settings, "SELECT * WHERE { ?c isnad:reportedIn ?a ; isnad:text ?t }",
                                       a=ox.NamedNode(art))]
    assert any("اتفقتا على مواصلة العمل" in t for t in texts)  # the reported statement is a claim


def test_same_statement_from_two_outlets_is_linked(settings, web):
    from kg.linking import statement_group

    first = web.page("/tass/1.html", article_html(HEADLINE, LAVROV, site="وكالة تاس", date="2021-03-04"))
    second = web.page("/jazeera/7.html", article_html(
        "موسكو وأنقرة تتفقان على مواصلة التنسيق بشأن ليبيا",
        ["أكد وزير الخارجية الروسي سيرغي لافروف، الجمعة، أن موسكو وأنقرة اتفقتا على مواصلة العمل المشترك "
         "لتسوية الأوضاع في ليبيا، وعلى دعم وقف إطلاق النار هناك."], site="الجزيرة", date="2021-03-05"))
    other = web.page("/other/3.html", article_html(
        "لافروف ينتقد الوجود الأمريكي في سوريا",
        ["قال وزير الخارجية الروسي سيرغي لافروف إن الوجود العسكري الأمريكي في شمال شرق سوريا غير شرعي "
         "ويعرقل عودة اللاجئين."], site="الشرق الأوسط", date="2021-03-05"))
    assert cli(settings, "add", first, other) == 0
    assert cli(settings, "add", second) == 0  # linked incrementally, against the published store
    q = ("SELECT * WHERE { ?c isnad:reportedIn ?a1 ; isnad:sameStatementAs ?d . ?d isnad:reportedIn ?a2 . "
         "?a1 schema:url ?u1 . ?a2 schema:url ?u2 }")
    pairs = {(r["u1"].value, r["u2"].value) for r in ask(settings, q)}
    assert (first, second) in pairs and (second, first) in pairs
    assert not any(other in p for p in pairs)
    link = next(r for r in ask(settings, q) if r["u1"].value == second)
    from kg.server import Isnad

    app = Isnad(settings)
    try:
        group = statement_group(app, link["c"].value)
    finally:
        app.engine.close()
    urls = [r.url for r in group]
    assert urls.index(first) < urls.index(second)  # earliest first
    from kg.server import create_app

    web_app = create_app(settings)
    try:  # the claim page lists every outlet's wording, earliest first, in HTML and in its JSON twin
        client = web_app.test_client()
        cid = link["c"].value.rsplit("/", 1)[-1]
        twin = client.get(f"/claims/{cid}.json").get_json()
        reports = twin["reports"]
        assert [r["url"] for r in reports].index(first) < [r["url"] for r in reports].index(second)
        assert {r["claim"] for r in reports} >= {link["c"].value, link["d"].value}
        page = client.get(f"/claims/{cid}").get_data(as_text=True)
        texts = [r["text"] for r in reports]
        assert 'class="reports"' in page
        listed = page[page.index('class="reports"'):]  # the claim's own passage is shown above it
        assert all(t in listed for t in texts) and listed.index(texts[0]) < listed.index(texts[-1])
    finally:
        web_app.extensions["isnad"].engine.close()
    assert build(settings, log=lambda m: None).exit_code == 0  # a full rebuild finds the same link
    assert {(r["u1"].value, r["u2"].value) for r in ask(settings, q)} == pairs


def test_archive_rebuilds_offline_to_the_same_article(settings, web):
    url = web.page("/news/a.html", article_html(HEADLINE, LAVROV))
    assert cli(settings, "add", url) == 0
    q = "SELECT * WHERE { ?a schema:url ?url ; isnad:retrievedOn ?when }"
    first = [(r["a"].value, r["when"].value) for r in ask(settings, q, url=ox.NamedNode(url))]
    web.__exit__(None, None, None)  # the web is gone: the rebuild reads the archive only
    report = build(settings, log=lambda m: None)
    assert report.exit_code == 0
    assert [(r["a"].value, r["when"].value) for r in ask(settings, q, url=ox.NamedNode(url))] == first
    jsonl = [p.name for p in settings.corpus_dir.glob("web_*.jsonl")]
    assert len(jsonl) == 1 and (settings.corpus_dir / "raw" / jsonl[0].replace(".jsonl", ".html")).exists()


def test_same_page_twice_is_unchanged_and_a_changed_page_replaces_it(settings, web, capsys):
    url = web.page("/news/b.html", article_html(HEADLINE, LAVROV))
    assert cli(settings, "add", url) == 0
    build_after_first = current(settings)
    assert cli(settings, "add", url) == 0
    assert "unchanged" in capsys.readouterr().out and current(settings) == build_after_first
    web.page("/news/b.html", article_html(HEADLINE + " (محدث)", LAVROV + ["وتابع لافروف أن الاتصالات ستستمر."]))
    assert cli(settings, "add", url) == 0
    rows = ask(settings, "SELECT * WHERE { ?a schema:url ?url ; schema:headline ?h }", url=ox.NamedNode(url))
    assert len(rows) == 1 and "محدث" in rows[0]["h"].value
    assert len(list(settings.corpus_dir.glob("web_*.jsonl"))) == 1


def test_add_file_copies_it_into_the_corpus(settings, tmp_path):
    outside = tmp_path / "elsewhere" / "new_article.txt"
    outside.parent.mkdir()
    outside.write_text(HEADLINE + "\n" + "\n".join(LAVROV) + "\n", encoding="utf-8")
    before = articles(settings)
    assert cli(settings, "add", str(outside)) == 0
    assert (settings.corpus_dir / "new_article.txt").read_bytes() == outside.read_bytes()
    (art,) = articles(settings) - before
    assert [r["f"].value for r in ask(settings, "SELECT * WHERE { ?a isnad:sourceFile ?f }", a=ox.NamedNode(art))] \
        == ["new_article.txt"]
    outside.write_text("نص آخر مختلف تماما\n", encoding="utf-8")  # same name, other text: refused
    assert cli(settings, "add", str(outside)) == 1
    assert cli(settings, "add", str(tmp_path / "nope.txt")) == 1


def test_remove_by_id_file_name_or_url(settings, web, tmp_path, capsys):
    url = web.page("/news/c.html", article_html(HEADLINE, LAVROV))
    f = tmp_path / "extra.txt"
    f.write_text("خبر إضافي\nقال المتحدث إن الاجتماع سيعقد غدا في جنيف.\n", encoding="utf-8")
    base = articles(settings)
    assert cli(settings, "add", url, str(f)) == 0
    added = articles(settings) - base
    assert len(added) == 2
    by_url = find_articles(settings, url)
    assert len(by_url) == 1
    assert cli(settings, "remove", url) == 0
    assert cli(settings, "remove", "extra.txt") == 0
    assert articles(settings) == base
    assert not list(settings.corpus_dir.glob("web_*.jsonl")) and not (settings.corpus_dir / "extra.txt").exists()
    assert (settings.corpus_dir / "removed" / "extra.txt").exists()  # nothing is lost
    build(settings, log=lambda m: None)
    assert articles(settings) == base  # a full rebuild agrees
    one = sorted(base)[0]
    assert cli(settings, "remove", M.local_id(one)[1]) == 0
    assert one not in articles(settings)
    assert cli(settings, "remove", "0123456789abcdef") == 1
    assert "no published article" in capsys.readouterr().err


def test_add_without_a_published_build_builds_everything(tmp_corpus, tmp_path):
    s = Settings.load(env={}, overrides={"corpus": str(tmp_corpus), "data": str(tmp_path / "data")})
    f = tmp_corpus / "zzz_new.txt"
    f.write_text(HEADLINE + "\n" + LAVROV[0] + "\n", encoding="utf-8")
    from kg.archive import archive_file

    report = add_documents(s, archive_file(tmp_corpus, f).docs, log=lambda m: None)
    assert report.build_id and [o.status for o in report.outcomes] == ["published"]
    assert len(articles(s)) == len([p for p in os.listdir(tmp_corpus) if p.endswith(".txt")])


def test_a_running_server_switches_to_the_new_build(settings, web):
    import time

    from kg.server import create_app

    app = create_app(settings)
    state = app.extensions["isnad"]
    count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a isnad:Article }"
    try:
        before = int(next(iter(state.query(count)))["n"].value)
        served = state.build_dir()
        url = web.page("/news/live.html", article_html(HEADLINE, LAVROV))
        assert cli(settings, "add", url) == 0
        deadline = time.monotonic() + 5
        while state.build_dir() == served and time.monotonic() < deadline:
            time.sleep(0.1)
        assert state.build_dir() != served
        assert int(next(iter(state.query(count)))["n"].value) == before + 1
    finally:
        state.engine.close()


def catalogue(path: Path) -> dict[str, set]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        claim = "(SELECT iri FROM claim WHERE id = {}.claim)"
        return {
            "article": set(con.execute("SELECT iri, lid, headline, date, publisher, sortkey, claims FROM article")),
            "claim": set(con.execute("SELECT iri, lid, kind, date, sortkey, year, month, speaker, article, start, "
                                     "end, confidence FROM claim")),
            "text": set(con.execute("SELECT c.iri, t.text FROM claim_text t JOIN claim c ON c.id = t.id")),
            "topic": set(con.execute(f"SELECT topic, sortkey, lid, {claim.format('claim_topic')} FROM claim_topic")),
            "outlet": set(con.execute(f"SELECT outlet, sortkey, lid, {claim.format('claim_outlet')} FROM claim_outlet")),
            "article_outlet": set(con.execute("SELECT * FROM article_outlet")),
            "entity": set(con.execute("SELECT * FROM entity")),
            "speaker_topic": set(con.execute("SELECT * FROM speaker_topic")),
            "meta": set(con.execute("SELECT * FROM meta")),
            "label": {(i, a, e, frozenset(n.split())) for i, a, e, n in con.execute("SELECT * FROM label")},
        }
    finally:
        con.close()


def test_patched_catalogue_equals_a_rebuilt_one(settings, web, tmp_path):
    import shutil

    from kg.search import build_index, search
    from kg.store import SEARCH, STORE

    url = web.page("/news/cat.html", article_html(HEADLINE, LAVROV, site="وكالة تاس"))
    assert cli(settings, "add", url) == 0
    build_dir = current(settings)
    fresh = tmp_path / "fresh"
    shutil.copytree(build_dir / STORE, fresh / STORE)
    build_index(fresh, settings.base_iri)
    patched, rebuilt = catalogue(build_dir / SEARCH), catalogue(fresh / SEARCH)
    assert len(patched["claim"]) > 0
    for table in rebuilt:
        assert patched[table] == rebuilt[table], table
    assert sorted(search(build_dir, "اتفقتا لافروف")) == sorted(search(fresh, "اتفقتا لافروف")) != []
