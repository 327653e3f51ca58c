"""`isnad watch`: RSS/Atom feeds from a local web server, duplicates added once."""

from __future__ import annotations

import json

import pytest
from webfixtures import LAVROV, WebServer, article_html

from kg.build import build
from kg.cli import main
from kg.feeds import STATE_FILE, parse_feed, poll
from kg.settings import Settings
from kg.store import DataDir, open_store


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link>"
                      f"<pubDate>Thu, 04 Mar 2021 09:00:00 GMT</pubDate></item>" for t, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
            f"<link>http://example.org/</link><description>آخر الأخبار</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str]]) -> str:
    entries = "".join(f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id>'
                      f"<updated>2021-03-04T09:00:00Z</updated></entry>" for t, link in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>أخبار</title><id>urn:x</id><updated>2021-03-04T09:00:00Z</updated>{entries}</feed>")


STORIES = {
    "/s/1.html": ("روسيا وتركيا تواصلان العمل في ليبيا", LAVROV),
    "/s/2.html": ("أنقرة تدعم جهود الأمم المتحدة", ["قال جاويش أوغلو إن أنقرة تدعم جهود الأمم المتحدة للوصول إلى حل "
                                                 "دائم في ليبيا، مؤكدا أهمية الحوار بين الأطراف كافة."]),
}


@pytest.fixture()
def web():
    with WebServer() as server:
        for path, (headline, paras) in STORIES.items():
            server.page(path, article_html(headline, paras))
        server.page("/copy/1.html", article_html(*STORIES["/s/1.html"]))  # same story, another URL
        yield server


@pytest.fixture()
def settings(tmp_corpus, tmp_path) -> Settings:
    s = Settings.load(env={}, overrides={"corpus": str(tmp_corpus), "data": str(tmp_path / "data")})
    build(s, log=lambda m: None)
    return s


def urls_in_store(settings: Settings) -> list[str]:
    store = open_store(DataDir(settings.data_dir).current())
    return sorted(r["u"].value for r in store.query(
        "SELECT ?u WHERE { ?a <https://schema.org/url> ?u }", use_default_graph_as_union=True))


def test_parse_rss_and_atom_relative_links_and_duplicates():
    items = [("أ", "/s/1.html"), ("أ", "/s/1.html"), ("ب", "/s/2.html?utm_source=rss"), ("ب", "/s/2.html")]
    for feed in (rss(items), atom(items)):
        got = parse_feed(feed.encode("utf-8"), "http://news.test/feed.xml")
        assert [i.url for i in got] == ["http://news.test/s/1.html", "http://news.test/s/2.html?utm_source=rss"]
    with pytest.raises(ValueError, match="not an RSS/Atom feed"):
        parse_feed(b"<html><body>hello</body></html>", "http://news.test/")


def test_poll_adds_each_story_once_and_remembers(settings, web):
    items = [("1", "/s/1.html"), ("1 again", "/s/1.html#comments"), ("2", "/s/2.html?utm_medium=feed"),
             ("copy of 1", "/copy/1.html"), ("broken", "/s/missing.html")]
    feed = web.page("/feed.xml", rss(items), headers={"Content-Type": "application/rss+xml"})
    report = poll(settings, [feed], retries=0)
    assert sorted(report.added) == [web.url + "/s/1.html", web.url + "/s/2.html?utm_medium=feed"]
    assert report.items == 4  # the #fragment link is the same item
    assert report.duplicates == [web.url + "/copy/1.html"]  # the same story under another URL
    assert len(report.errors) == 1 and "missing.html" in report.errors[0] and "404" in report.errors[0]
    assert urls_in_store(settings) == sorted(report.added)
    state = json.loads((settings.data_dir / STATE_FILE).read_text())
    assert len(state["hashes"]) == 2
    published = DataDir(settings.data_dir).current()

    hits = dict(web.hits)
    again = poll(settings, [feed], retries=0)
    assert again.added == [] and again.publish is None and DataDir(settings.data_dir).current() == published
    assert web.hits["/s/1.html"] == hits["/s/1.html"]  # seen URLs are not fetched again
    assert web.hits["/s/missing.html"] == hits["/s/missing.html"] + 1  # failures are retried

    web.page("/s/3.html", article_html("خبر جديد", ["قال المتحدث باسم الكرملين إن الرئيس سيزور أنقرة الشهر المقبل "
                                                     "لبحث ملفات ليبيا وسوريا."]))
    feed = web.page("/feed.xml", atom(items + [("3", "/s/3.html")]), headers={"Content-Type": "application/atom+xml"})
    third = poll(settings, [feed], retries=0)
    assert third.added == [web.url + "/s/3.html"]
    assert len(urls_in_store(settings)) == 3


def test_watch_once_command(settings, web, capsys):
    feed = web.page("/feed.xml", rss([("1", "/s/1.html")]), headers={"Content-Type": "application/rss+xml"})
    assert main(["watch", feed, "--once", "--corpus", settings.corpus, "--data", settings.data]) == 0
    assert "1 new" in capsys.readouterr().out
    assert main(["watch", web.url + "/nofeed.xml", "--once", "--retries", "0",
                 "--corpus", settings.corpus, "--data", settings.data]) == 1
