"""Data twins of the pages: extensions and Accept on the same URL, parsed by two independent parsers."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from ui_synthetic import synth, synth_app, synth_client  # noqa: F401

ENTITY_PAGES = ["/speakers/sergey-lavrov", "/topics/libya", "/outlets/rt-arabic"]
LIST_PAGES = ["/claims", "/claims?speaker=sergey-lavrov", "/speakers", "/topics", "/outlets", "/articles"]


def first_ids(client) -> list[str]:
    claims = json.loads(client.get("/claims.json").data)["claims"]
    return [f"/claims/{claims[0]['id']}", f"/articles/{claims[0]['article_id']}"]


def with_ext(url: str, ext: str) -> str:
    path, _, qs = url.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.{ext}" + (f"?{qs}" if qs else "")


def both_parsers(data: bytes, fmt: str) -> tuple[set, int]:
    """Triples as parsed by rdflib and by pyoxigraph; their counts must agree."""
    g = rdflib.Graph()
    with warnings.catch_warnings():  # rdflib's JSON-LD parser builds a deprecated ConjunctiveGraph inside
        warnings.simplefilter("ignore", DeprecationWarning)
        g.parse(data=data, format={"ttl": "turtle", "jsonld": "json-ld"}[fmt])
    ox_fmt = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    triples = list(ox.parse(data, ox_fmt))
    assert len(g) == len(set(triples)) > 0
    return {str(s) for s in g.subjects()}, len(g)


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_rdf_twins_parse_with_rdflib_and_pyoxigraph(synth_client, fmt):
    for url in ["/"] + LIST_PAGES + ENTITY_PAGES + first_ids(synth_client):
        r = synth_client.get(with_ext(url, fmt))
        assert r.status_code == 200, url
        assert r.mimetype == {"ttl": "text/turtle", "jsonld": "application/ld+json"}[fmt]
        subjects, _ = both_parsers(r.data, fmt)
        if url in ENTITY_PAGES:
            kind = url.split("/")[1][:-1]
            assert f"https://w3id.org/isnad/id/{kind}/{url.rsplit('/', 1)[-1]}" in subjects


def test_entity_twin_describes_the_resource_and_labels_what_it_links(synth_client, synth):
    cid = first_ids(synth_client)[0].rsplit("/", 1)[-1]
    iri = f"https://w3id.org/isnad/id/claim/{cid}"
    g = rdflib.Graph().parse(data=synth_client.get(f"/claims/{cid}.ttl").data, format="turtle")
    from test_browse import store_of

    store = store_of(synth)
    own = {q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
    assert len(list(g.triples((rdflib.URIRef(iri), None, None)))) == len(own)
    speaker = g.value(rdflib.URIRef(iri), rdflib.URIRef("https://w3id.org/isnad/ontology#speaker"))
    assert list(g.objects(speaker, rdflib.SKOS.prefLabel))


def test_json_and_csv_twins_agree(synth_client):
    for url in LIST_PAGES:
        j = synth_client.get(with_ext(url, "json"))
        c = synth_client.get(with_ext(url, "csv"))
        assert j.status_code == c.status_code == 200
        assert c.mimetype == "text/csv"
        data = json.loads(j.data)
        rows = list(csv.DictReader(io.StringIO(c.data.decode("utf-8"))))
        listed = next(v for k, v in data.items() if isinstance(v, list))
        assert len(rows) == len(listed) > 0
        assert [r["id"] for r in rows] == [x["id"] for x in listed]


@pytest.mark.parametrize("accept,mimetype", [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/json", "application/json"), ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
    ("*/*", "text/html"), ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json")])
def test_accept_on_the_same_url(synth_client, accept, mimetype):
    for url in ENTITY_PAGES + first_ids(synth_client) + ["/claims", "/"]:
        r = synth_client.get(url, headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == mimetype, (url, accept)
        assert "Accept" in r.headers.get("Vary", "")


def test_csv_by_accept_for_lists_only_and_406_for_the_rest(synth_client):
    r = synth_client.get("/claims", headers={"Accept": "text/csv"})
    assert r.mimetype == "text/csv" and r.data.decode().startswith("id,")
    assert synth_client.get("/speakers/sergey-lavrov", headers={"Accept": "text/csv"}).status_code == 406
    assert synth_client.get("/claims", headers={"Accept": "image/png"}).status_code == 406


def test_alternate_links_in_head_resolve(synth_client):
    for url in LIST_PAGES + ENTITY_PAGES:
        html = synth_client.get(url).data.decode()
        head = html.split("</head>")[0]
        links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', head)
        assert {t for t, _ in links} >= {"text/turtle", "application/ld+json", "application/json"}
        for mimetype, href in links:
            r = synth_client.get(href.replace("&amp;", "&"))
            assert r.status_code == 200 and r.mimetype == mimetype, href
