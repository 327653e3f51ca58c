"""Downloads: dumps parsed back with pyoxigraph, SHA256SUMS, VoID + DCAT, whitelist of names."""

from __future__ import annotations

import gzip
import hashlib
import re

import pyoxigraph as ox
import pytest
from ui_synthetic import synth, synth_app, synth_client  # noqa: F401

from kg.server.dumps import DUMPS_DIR
from kg.store import DataDir, open_store

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


def fetch(client, url: str) -> bytes:
    r = client.get(url)
    assert r.status_code == 200, url
    data = r.get_data()
    r.close()
    return data


def distinct_triples(settings) -> set:
    store = open_store(DataDir(settings.data_dir).current())
    return {q.triple for q in store.quads_for_pattern(None, None, None, None)}


@pytest.fixture(params=["built", "synth"])
def target(request, client, synth_client):
    return (client, request.getfixturevalue("built")) if request.param == "built" else (synth_client,
                                                                                        request.getfixturevalue("synth"))


def test_downloads_page_links_every_file(target):
    client, _ = target
    html = fetch(client, "/downloads").decode()
    names = re.findall(r'href="/downloads/([^"]+)"', html)
    assert {"isnad.ttl", "isnad.ttl.gz", "isnad.nt.gz", "isnad.trig", "isnad.jsonld", "isnad-ontology.ttl",
            "isnad-topics.ttl", "shacl-report.ttl", "SHA256SUMS"} <= set(names)
    for name in names:
        assert fetch(client, f"/downloads/{name}")


def ground(triples) -> tuple[int, set]:
    """The number of triples and the set of those without blank nodes (their labels are not kept)."""
    triples = list(triples)
    return len(triples), {t for t in triples if not any(isinstance(x, ox.BlankNode) for x in t)}


def parsed(data: bytes, fmt) -> tuple[int, set]:
    return ground({q.triple for q in ox.parse(data, fmt)})


def test_dataset_dumps_parse_back_to_the_store(target):
    client, settings = target
    expected = ground(distinct_triples(settings))
    assert expected[0] > 0
    assert parsed(fetch(client, "/downloads/isnad.ttl"), ox.RdfFormat.TURTLE) == expected
    assert parsed(gzip.decompress(fetch(client, "/downloads/isnad.ttl.gz")), ox.RdfFormat.TURTLE) == expected
    assert parsed(gzip.decompress(fetch(client, "/downloads/isnad.nt.gz")), ox.RdfFormat.N_TRIPLES) == expected
    assert parsed(fetch(client, "/downloads/isnad.jsonld"), ox.RdfFormat.JSON_LD) == expected
    quads = list(ox.parse(fetch(client, "/downloads/isnad.trig"), ox.RdfFormat.TRIG))
    assert ground({q.triple for q in quads}) == expected
    articles = {t.subject for t in expected[1] if t.object == ox.NamedNode("https://w3id.org/isnad/ontology#Article")
                and t.predicate == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
    assert articles
    assert articles <= {q.graph_name for q in quads}  # a graph per article


def test_legacy_download_route_serves_the_same_dump(synth_client):
    assert fetch(synth_client, "/download/isnad.ttl") == fetch(synth_client, "/downloads/isnad.ttl")
    for ext, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)):
        assert list(ox.parse(fetch(synth_client, f"/download/isnad.{ext}"), fmt))


def test_dumps_are_made_once_and_kept_in_the_build(synth_client, synth):
    first = fetch(synth_client, "/downloads/isnad.ttl.gz")
    folder = DataDir(synth.data_dir).current() / DUMPS_DIR
    path = folder / "isnad.ttl.gz"
    mtime = path.stat().st_mtime_ns
    assert fetch(synth_client, "/downloads/isnad.ttl.gz") == first == path.read_bytes()
    assert path.stat().st_mtime_ns == mtime
    assert not list(folder.glob(".*.tmp"))


def test_sha256sums_match_the_files(target):
    client, _ = target
    sums = fetch(client, "/downloads/SHA256SUMS").decode().splitlines()
    assert len(sums) >= 8
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256(fetch(client, f"/downloads/{name}")).hexdigest() == digest, name


def test_void_and_dcat_description(target):
    client, settings = target
    r = client.get("/.well-known/void")
    assert r.mimetype == "text/turtle"
    g = list(ox.parse(r.data, ox.RdfFormat.TURTLE))

    def objects(s, p):
        return [t.object for t in g if (s is None or t.subject == s) and t.predicate == ox.NamedNode(p)]

    ds = next(t.subject for t in g if t.object == ox.NamedNode(VOID + "Dataset"))
    assert int(objects(ds, VOID + "triples")[0].value) == len(distinct_triples(settings))
    assert objects(ds, VOID + "sparqlEndpoint")[0].value.endswith("/sparql")
    dumps = objects(ds, VOID + "dataDump")
    assert len(dumps) == 5
    distributions = objects(ds, DCAT + "distribution")
    assert len(distributions) >= 8
    for d in distributions:
        url = objects(d, DCAT + "downloadURL")[0].value
        size = int(objects(d, DCAT + "byteSize")[0].value)
        assert objects(d, DCAT + "mediaType")
        assert len(fetch(client, url.replace("http://localhost", ""))) == size


@pytest.mark.parametrize("name", ["..%2F..%2Fstore", "report.json", ".lock", "..", "isnad.ttl%00.txt",
                                  "%2Fetc%2Fpasswd", "search.sqlite", "dumps"])
def test_names_outside_the_whitelist_are_404(synth_client, name):
    assert synth_client.get(f"/downloads/{name}").status_code == 404
    assert synth_client.get(f"/download/{name}").status_code == 404
