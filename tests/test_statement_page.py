"""The page of one statement group: every report of it, earliest first, a page at a time, with twins."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kg.linking import write_links
from kg.server import create_app
from kg.statements import STATEMENT
from test_linking import ARTICLES, M, claim_of, extraction, load, published  # noqa: F401 (shared helpers)


@pytest.fixture()
def linked(tmp_path):
    s = ox.Store(str(tmp_path / "store"))
    arts = {k: load(s, extraction(*v)) for k, v in ARTICLES.items()}
    write_links(s, M)
    claims = {k: claim_of(a, s) for k, a in arts.items()}
    node = next(q.object.value for q in s.quads_for_pattern(ox.NamedNode(claims["a"]), STATEMENT, None, None))
    settings = published(tmp_path, s)
    return settings, claims, node


@pytest.fixture()
def client_for():
    """A test client of a new app over the published store; its query workers are stopped after the test."""
    apps = []

    def make(settings, **overrides):
        app = create_app(settings.with_(**overrides) if overrides else settings)
        apps.append(app)
        return app, app.test_client()

    yield make
    for app in apps:
        app.extensions["isnad"].engine.close()


def test_statement_page_lists_the_group_earliest_first(linked, client_for):
    settings, claims, node = linked
    app, client = client_for(settings)
    sid = node.rsplit("/", 1)[-1]
    data = client.get(f"/statements/{sid}.json").get_json()
    # a (4 March), b (5 March) are dated; f is undated and comes last; c, d and e (June) are not in the group
    assert [r["claim"] for r in data["reports"]] == [claims[k] for k in "abf"]
    assert data["reports_total"] == 3 and data["pages"] == 1
    assert data["reports"][0]["outlet_label"] == "وكالة تاس" and data["reports"][2]["date"] is None
    html = client.get(f"/statements/{sid}").get_data(as_text=True)
    assert "وكالة تاس" in html and "الصباحية" in html and "رويترز" not in html


def test_statement_pages_and_turtle_twin(linked, client_for):
    settings, claims, node = linked
    app, client = client_for(settings, page_size=2)
    sid = node.rsplit("/", 1)[-1]
    first = client.get(f"/statements/{sid}.json").get_json()
    second = client.get(f"/statements/{sid}.json?page=2").get_json()
    assert first["pages"] == 2 and len(first["reports"]) == 2 and len(second["reports"]) == 1
    assert [r["claim"] for r in first["reports"] + second["reports"]] == [claims[k] for k in "abf"]
    resp = client.get(f"/statements/{sid}", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    members = {str(c) for c in g.subjects(URIRef(STATEMENT.value), URIRef(node))}
    assert members == {claims[k] for k in "abf"}


def test_statement_iri_dereferences_and_unknown_is_404(linked, client_for):
    settings, claims, node = linked
    app, client = client_for(settings)
    sid = node.rsplit("/", 1)[-1]
    resp = client.get(f"/id/statement/{sid}", headers={"Accept": "text/html"})
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/statements/{sid}")
    assert client.get("/statements/0000000000000000-1-2").status_code == 404
    claim_page = client.get(f"/claims/{claims['a'].rsplit('/', 1)[-1]}").get_data(as_text=True)
    assert f"/statements/{sid}" in claim_page  # the claim page links to every report of its statement


def test_claim_page_shows_one_page_of_reports(linked, client_for):
    settings, claims, node = linked
    app, client = client_for(settings, page_size=2)
    data = client.get(f"/claims/{claims['b'].rsplit('/', 1)[-1]}.json").get_json()
    assert data["reports_total"] == 3 and len(data["reports"]) == 2  # b is linked directly to a and f
    assert data["statement"] == node
