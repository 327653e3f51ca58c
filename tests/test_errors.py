"""Error answers negotiate: problem details (application/problem+json) for API and data
clients, a page in the site's own template for browsers, ``Allow`` on every 405.

Over real HTTP (the live_server fixture and a second server on an empty data folder),
with requests.
"""

from __future__ import annotations

import pytest
import requests

from conftest import LiveServer
from kg.server import create_app
from kg.settings import Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
API = "application/json"
SPARQL_CLIENT = "application/sparql-results+json,application/sparql-results+xml;q=0.9"

WRONG_METHODS = [("PUT", "/claims"), ("DELETE", "/sparql"), ("PATCH", "/speakers"), ("POST", "/claims"),
                 ("DELETE", "/downloads/isnad.ttl"), ("PUT", "/id/topic/libya")]


def _problem(r: requests.Response, status: int) -> dict:
    assert r.status_code == status
    assert r.headers["Content-Type"].startswith("application/problem+json"), r.headers["Content-Type"]
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"] == "about:blank"
    assert "<html" not in r.text.lower()
    return body


def _page(r: requests.Response, status: int) -> str:
    assert r.status_code == status
    assert r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert 'href="/static/isnad.css"' in html and 'href="/claims"' in html  # the site's own layout
    assert f"{status}" in html and 'class="error"' in html
    return html


def _allow(r: requests.Response, method: str) -> set[str]:
    allowed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert method not in allowed and "GET" in allowed
    return allowed


# (a POST naming no type may come from a browser form: it gets the page, see below)
API_CASES = [(m, p, a) for m, p in WRONG_METHODS for a in (API, SPARQL_CLIENT, "*/*") if not (m == "POST" and a == "*/*")]


@pytest.mark.parametrize("method,path,accept", API_CASES)
def test_405_for_api_clients_is_problem_json_with_allow(live_server, method, path, accept):
    r = requests.request(method, live_server.url + path, headers={"Accept": accept}, timeout=20)
    body = _problem(r, 405)
    assert body["instance"] == path and body["title"] == "Method Not Allowed"
    allowed = _allow(r, method)
    if path == "/sparql":
        assert "POST" in allowed


@pytest.mark.parametrize("method,path", WRONG_METHODS)
def test_405_for_browsers_is_the_site_page_with_allow(live_server, method, path):
    r = requests.request(method, live_server.url + path, headers={"Accept": BROWSER}, timeout=20)
    html = _page(r, 405)
    assert "Method Not Allowed" in html
    _allow(r, method)
    assert "Accept" in r.headers.get("Vary", "")


def test_a_form_post_that_names_no_type_gets_the_page(live_server):
    r = requests.post(live_server.url + "/claims", data={"q": "x"}, headers={"Accept": "*/*"}, timeout=20)
    _page(r, 405)
    _allow(r, "POST")


@pytest.mark.parametrize("path", ["/no-such-page", "/claims/0000000000000000-1-2", "/speakers/nobody-at-all"])
def test_404_pages_negotiate(live_server, path):
    _page(requests.get(live_server.url + path, headers={"Accept": BROWSER}, timeout=20), 404)
    _page(requests.get(live_server.url + path, headers={"Accept": "*/*"}, timeout=20), 404)
    assert _problem(requests.get(live_server.url + path, headers={"Accept": API}, timeout=20), 404)["instance"] == path


@pytest.mark.parametrize("path", ["/id/topic/no-such-topic", "/downloads/no-such-file", "/claims/0000000000000000-1-2.json"])
def test_404_on_data_urls_is_problem_json_unless_html_is_asked_for(live_server, path):
    _problem(requests.get(live_server.url + path, timeout=20), 404)  # requests sends Accept: */*
    _page(requests.get(live_server.url + path, headers={"Accept": BROWSER}, timeout=20), 404)


def test_406_of_a_page_names_the_problem(live_server):
    r = requests.get(live_server.url + "/claims", headers={"Accept": "image/png"}, timeout=20)
    _problem(r, 406)


def test_the_sparql_protocol_keeps_its_own_plain_text_errors(live_server):
    r = requests.get(live_server.url + "/sparql", params={"query": "SELECT * WHERE {"}, timeout=20)
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/plain")


def test_503_without_a_published_build(tmp_path):
    app = create_app(Settings.load(env={}, overrides={"data": str(tmp_path / "empty")}))
    try:
        with LiveServer(app) as server:
            body = _problem(requests.get(server.url + "/downloads/isnad.ttl", timeout=20), 503)
            assert "no published build" in body["detail"]
            html = _page(requests.get(server.url + "/downloads", headers={"Accept": BROWSER}, timeout=20), 503)
            assert "no published build" in html
    finally:
        app.extensions["isnad"].engine.close()
