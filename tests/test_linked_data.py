"""Linked Data: entity IRIs dereference on /id/<kind>/<id> (303 to the page, or RDF by Accept/extension)."""

from __future__ import annotations

import json
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from ui_synthetic import build_synthetic, synth, synth_app, synth_client  # noqa: F401

from kg.server import create_app

BASE = "https://w3id.org/isnad/id/"
PAGES = {"claim": "/claims", "speaker": "/speakers", "outlet": "/outlets", "topic": "/topics", "article": "/articles"}


def some_ids(client) -> dict[str, str]:
    c = json.loads(client.get("/claims.json").data)["claims"][0]
    return {"claim": c["id"], "speaker": c["speaker_id"], "article": c["article_id"], "topic": "libya",
            "outlet": "tass"}


def test_html_gets_303_to_the_page(synth_client):
    for kind, local in some_ids(synth_client).items():
        r = synth_client.get(f"/id/{kind}/{local}", headers={"Accept": "text/html"})
        assert r.status_code == 303 and r.headers["Location"].endswith(f"{PAGES[kind]}/{local}")
        assert "Accept" in r.headers["Vary"]
        assert synth_client.get(r.headers["Location"]).status_code == 200


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_rdf_by_accept_is_a_cbd_with_linked_labels(synth_client, synth, accept, fmt):
    from test_browse import store_of

    store = store_of(synth)
    for kind, local in some_ids(synth_client).items():
        iri = f"{BASE}{kind}/{local}"
        r = synth_client.get(f"/id/{kind}/{local}", headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == accept and "Accept" in r.headers["Vary"]
        assert r.headers["Content-Location"].startswith(f"/id/{kind}/{local}.")
        g = rdflib.Graph()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            g.parse(data=r.data, format=fmt)
        own = {q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
        assert len(list(g.triples((rdflib.URIRef(iri), None, None)))) == len(own) > 0
        linked = {o for o in g.objects(rdflib.URIRef(iri)) if isinstance(o, rdflib.URIRef)
                  and str(o).startswith(BASE) and "/run/" not in str(o)}
        for o in linked:  # every minted resource it links to comes with a label or headline
            assert list(g.objects(o, rdflib.SKOS.prefLabel)) or list(g.objects(o, rdflib.SDO.headline)), o


def test_extensions_and_pyoxigraph_parse(synth_client):
    ids = some_ids(synth_client)
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        r = synth_client.get(f"/id/speaker/{ids['speaker']}.{ext}")
        assert r.status_code == 200
        subjects = {t.subject.value for t in ox.parse(r.data, fmt)}
        assert f"{BASE}speaker/{ids['speaker']}" in subjects
    j = json.loads(synth_client.get(f"/id/claim/{ids['claim']}.json").data)
    assert j["iri"] == f"{BASE}claim/{ids['claim']}" and j["statements"]


def test_runs_and_graph_names_render_as_resources(synth_client, synth):
    from test_browse import sparql

    run = sparql(synth, "SELECT ?r WHERE { ?c prov:wasGeneratedBy ?r } LIMIT 1")[0]["r"].value
    r = synth_client.get("/id/run/" + run.rsplit("/", 1)[-1])
    assert r.status_code == 200 and "prov:startedAtTime" in r.data.decode()


@pytest.mark.parametrize("url", ["/id/claim/0000000000000000-0-1", "/id/nokind/x", "/id/speaker/..",
                                 "/id/speaker/..%2F..%2Fetc", "/id/speaker/sergey-lavrov.exe", "/id/graph/nothing"])
def test_unknown_is_404(synth_client, url):
    assert synth_client.get(url, headers={"Accept": "text/turtle"}).status_code == 404


def test_base_iri_is_a_setting(tmp_path):
    base = "http://example.org/isnad/"
    app = create_app(build_synthetic(tmp_path, base_iri=base))
    try:
        client = app.test_client()
        r = client.get("/id/speaker/sergey-lavrov.ttl")
        assert r.status_code == 200
        subjects = {t.subject.value for t in ox.parse(r.data, ox.RdfFormat.TURTLE)}
        assert f"{base}speaker/sergey-lavrov" in subjects and not any(s.startswith(BASE) for s in subjects)
        assert client.get("/speakers/sergey-lavrov").status_code == 200
    finally:
        app.extensions["isnad"].engine.close()
