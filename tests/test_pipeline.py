"""Issue 2 end to end: corpus -> validated graph -> store -> SPARQL, pages and Turtle."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build import build
from kg.export import write_dataset
from kg.settings import Settings
from kg.store import DataDir, open_store
from kg.validate import ontology_graph, shapes_graph, topics_graph

ISNAD = "https://w3id.org/isnad/ontology#"


def test_every_corpus_article_is_published_in_its_own_named_graph(built, build_report):
    names = {o["name"] for o in build_report["outcomes"] if o["status"] == "published"}
    assert names == {p.name for p in (built.corpus_dir).glob("*.txt")}
    store = open_store(DataDir(built.data_dir).current())
    graphs = {g.value for g in store.named_graphs()}
    for o in build_report["outcomes"]:
        assert o["article"] in graphs
        assert bool(store.query("ASK { GRAPH ?g { ?g a isnad:Article } }", prefixes={"isnad": ISNAD},
                                substitutions={ox.Variable("g"): ox.NamedNode(o["article"])}))


def test_exported_turtle_conforms_to_the_shapes_with_pyshacl(built):
    import pyshacl

    buf = io.BytesIO()
    write_dataset(open_store(DataDir(built.data_dir).current()), "ttl", buf)
    data = Graph().parse(data=buf.getvalue(), format="turtle")
    assert len(data) > 500 and len(data) > len(topics_graph())
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                         inference="none", advanced=True)
    assert conforms, text


def test_rebuild_gives_the_same_iris_and_triples(built, tmp_path):
    again = Settings.load(env={}, overrides={"data": str(tmp_path / "again"), "corpus": built.corpus})
    build(again, log=lambda m: None)

    def claims_and_articles(settings):
        store = open_store(DataDir(settings.data_dir).current())
        q = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o . ?g a isnad:Article } FILTER(?p != prov:wasGeneratedBy) }"
        return {(r["s"].value, r["p"].value, str(r["o"])) for r in
                store.query(q, prefixes={"isnad": ISNAD, "prov": "http://www.w3.org/ns/prov#"},
                            use_default_graph_as_union=False)}

    first, second = claims_and_articles(built), claims_and_articles(again)
    assert first and first == second


def test_trig_download_keeps_a_graph_per_article(client, build_report):
    with client.get("/download/isnad.trig") as resp:
        assert resp.status_code == 200
        body = resp.get_data()
    quads = list(ox.parse(body, format=ox.RdfFormat.TRIG))
    graph_names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert all(o["article"] in graph_names for o in build_report["outcomes"])


def test_turtle_download_parses_in_an_independent_parser(client):
    with client.get("/download/isnad.ttl") as resp:
        assert resp.status_code == 200 and resp.mimetype == "text/turtle"
        triples = list(ox.parse(resp.get_data(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == ISNAD + "reportedIn" for t in triples) or len(triples) > 500


def test_sparql_select_through_flask(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a isnad:Article }"
    resp = client.get("/sparql", query_string={"query": "PREFIX isnad: <%s> %s" % (ISNAD, q)})
    assert resp.status_code == 200
    assert resp.json["results"]["bindings"][0]["n"]["value"] == "5"


def test_sparqlwrapper_against_a_real_server(live_server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(live_server.url + "/sparql")
    sw.setQuery(f"PREFIX isnad: <{ISNAD}> SELECT ?a ?h WHERE {{ ?a a isnad:Article ; <https://schema.org/headline> ?h }}")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert len(rows) == 5 and all(r["h"]["value"] for r in rows)


@pytest.mark.parametrize("path", ["/claims", "/"])
def test_pages_answer(client, path):
    resp = client.get(path)
    assert resp.status_code == 200 and b'dir="rtl"' in resp.data


def _graph_predictions(built):
    from kg.evaluation_cli import predictions_from_store
    from kg.iris import Minter

    return predictions_from_store(open_store(DataDir(built.data_dir).current()), Minter(built.base_iri))


def test_article_000_direct_quotes_come_out_with_their_speakers(built):
    import yaml

    from conftest import gold_path
    from kg.evaluate import overlap

    gold = yaml.safe_load(gold_path().read_text(encoding="utf-8"))
    art = next(a for a in gold["articles"] if a["file"].startswith("000_"))
    directs = [c for c in art["claims"] if c["kind"] == "direct"]
    claims, _ = _graph_predictions(built)
    mine = [p for p in claims if p.file == art["file"] and p.kind == "direct"]
    found = [g for g in directs if any(overlap(g["text"], p.text) >= 0.5 and p.speaker == g["speaker"] for p in mine)]
    assert len(found) == len(directs), [g["id"] for g in directs if g not in found]


def test_isnad_eval_scores_the_published_graph(built, capsys):
    from conftest import gold_path
    from kg.cli import main

    assert main(["eval", str(gold_path()), "--data", built.data, "--quiet"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    f1 = float(first.split("F1=")[1].split()[0])
    assert f1 >= 0.90, first
