"""Fetching pages from a real local web server: charsets, time limits, size cap, redirects, retries."""

from __future__ import annotations

import pytest
from webfixtures import LAVROV, WebServer, article_html

from kg.archive import archive_page
from kg.corpus import read_corpus
from kg.fetch import FetchError, fetch
from kg.html import html_to_article

HEADLINE = "لافروف: روسيا وتركيا تواصلان العمل المشترك في ليبيا"


@pytest.fixture()
def web():
    with WebServer() as server:
        yield server


def test_arabic_page_text_and_metadata(web):
    url = web.page("/news/1.html", article_html(HEADLINE, LAVROV))
    page = fetch(url)
    assert page.encoding == "utf-8" and page.final_url == url and page.status == 200
    art = html_to_article(page.text, url=page.final_url)
    assert art.text.startswith(HEADLINE)
    assert "اتفقتا على مواصلة العمل" in art.text
    assert "الأكثر قراءة" not in art.text and "جميع الحقوق" not in art.text  # page furniture left out
    assert art.date.isoformat() == "2021-03-04" and art.date_source == "markup"
    assert art.site_name == "صحيفة الاختبار" and art.author == "سامي ناصر"


@pytest.mark.parametrize("where", ["header", "meta", "undeclared"])
def test_windows_1256_pages(web, where):
    page_text = article_html(HEADLINE, LAVROV, meta_charset="windows-1256" if where == "meta" else None)
    body = page_text.encode("cp1256")
    ctype = "text/html; charset=windows-1256" if where == "header" else "text/html"
    url = web.page("/cp.html", body, headers={"Content-Type": ctype})
    page = fetch(url)
    assert page.encoding == "cp1256"
    assert page.encoding_source == {"header": "header", "meta": "meta", "undeclared": "sniffed"}[where]
    assert "سيرغي لافروف" in page.text


def test_wrong_declared_charset_falls_back_to_sniffing(web):
    body = article_html(HEADLINE, LAVROV, meta_charset=None).encode("cp1256")
    url = web.page("/liar.html", body, headers={"Content-Type": "text/html; charset=utf-8"})
    page = fetch(url)
    assert page.encoding == "cp1256" and "لافروف" in page.text


def test_slow_server_times_out_with_a_clear_error(web):
    url = web.page("/slow.html", article_html(HEADLINE, LAVROV), delay=3)
    with pytest.raises(FetchError, match="timed out"):
        fetch(url, timeout=0.5, retries=0)


def test_not_found_is_an_error_and_not_retried(web):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(web.url + "/missing.html", retries=2, backoff=0.01)
    assert web.hits["/missing.html"] == 1


def test_redirect_followed_and_loop_refused(web):
    target = web.page("/final.html", article_html(HEADLINE, LAVROV))
    start = web.redirect("/old.html", "/final.html", status=301)
    assert fetch(start).final_url == target
    web.redirect("/loop-a", "/loop-b")
    web.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(web.url + "/loop-a", max_redirects=4)
    assert web.hits["/loop-a"] + web.hits["/loop-b"] <= 6


def test_huge_page_stops_reading_past_the_cap(web):
    chunk = ("<p>" + "كلام كثير " * 500 + "</p>").encode("utf-8")
    url = web.page("/huge.html", chunk, stream_chunks=2000)  # ~19 MB, no Content-Length
    with pytest.raises(FetchError, match="too large"):
        fetch(url, max_bytes=200_000)
    total = len(chunk) * 2000
    assert web.sent.get("/huge.html", 0) < total  # the client hung up: the rest was never sent


def test_announced_size_over_the_cap_is_refused_before_reading(web):
    body = b"<html><body>" + b"x" * 300_000 + b"</body></html>"
    url = web.page("/big.html", body)
    with pytest.raises(FetchError, match="announced"):
        fetch(url, max_bytes=100_000)


def test_5xx_is_retried_with_backoff(web):
    url = web.page("/flaky.html", article_html(HEADLINE, LAVROV), fail_first=2)
    assert "لافروف" in fetch(url, retries=2, backoff=0.01).text
    assert web.hits["/flaky.html"] == 3
    url = web.page("/down.html", b"", fail_first=100)
    with pytest.raises(FetchError, match="503"):
        fetch(url, retries=1, backoff=0.01)
    assert web.hits["/down.html"] == 2


def test_refuses_other_schemes_and_non_pages(web):
    with pytest.raises(FetchError, match="http"):
        fetch("file:///etc/passwd")
    url = web.page("/img.png", b"\x89PNG....", headers={"Content-Type": "image/png"})
    with pytest.raises(FetchError, match="not a web page"):
        fetch(url)


def test_connection_refused_is_an_error(web):
    port = web.httpd.server_port
    web.__exit__(None, None, None)
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/x.html", retries=1, backoff=0.01)


def test_archived_page_reads_back_as_the_same_article(web, tmp_path):
    url = web.page("/news/2.html", article_html(HEADLINE, LAVROV))
    page = fetch(url)
    archived = archive_page(tmp_path, page)
    assert not archived.errors and len(archived.docs) == 1
    doc = archived.docs[0]
    assert doc.url == url and doc.retrieved == page.retrieved and doc.date.isoformat() == "2021-03-04"
    assert (tmp_path / "raw" / (archived.path.stem + ".html")).read_bytes() == page.body
    again = [d for d in read_corpus(tmp_path)]
    assert [(d.sha256, d.url, d.retrieved, d.site_name) for d in again] == \
        [(doc.sha256, doc.url, doc.retrieved, doc.site_name)]
