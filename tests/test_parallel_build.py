"""A build on 2 worker processes publishes exactly the triples of a serial build."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph
from rdflib.compare import to_canonical_graph

from kg.build import build
from kg.rdf import ISNAD, BuildRun
from kg.settings import Settings
from kg.store import DataDir, open_store
from kg.synth import oracle_extract, write_corpus

pytestmark = pytest.mark.slow
RUN = BuildRun.create(version="test", started="2021-05-06T07:08:09+00:00")


def dataset(settings: Settings) -> set:
    """The published dataset, graph by graph, blank nodes canonicalised."""
    store = open_store(DataDir(settings.data_dir).current())
    by_graph: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return {(g, t) for g, lines in by_graph.items()
            for t in to_canonical_graph(Graph().parse(data="\n".join(lines), format="nt"))}


def build_into(corpus, data, **kwargs) -> set:
    settings = Settings.load(env={}, overrides={"corpus": str(corpus), "data": str(data)})
    report = build(settings, extractor=oracle_extract, build_run=RUN, log=lambda m: None, **kwargs)
    assert report.exit_code == 0, report.summary()
    assert len(report.published) == 20
    return dataset(settings)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("synth"), 20, seed=3)


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    return build_into(corpus, tmp_path_factory.mktemp("serial"), workers=1)


def test_two_workers_give_exactly_the_serial_triples(corpus, serial, tmp_path):
    parallel = build_into(corpus, tmp_path / "parallel", workers=2)
    claims = {t[0] for g, t in serial if t[1] == RDF.type and t[2] == ISNAD.Claim}
    assert len(serial) > 1000 and claims
    assert parallel == serial


def test_a_rejected_article_is_reported_alone_in_a_parallel_build(corpus, tmp_path):
    import shutil

    c = tmp_path / "c"
    shutil.copytree(corpus, c)
    (c / "zz-broken.txt").write_bytes(b"\x00\x01 not text")
    settings = Settings.load(env={}, overrides={"corpus": str(c), "data": str(tmp_path / "d")})
    report = build(settings, workers=2, extractor=oracle_extract, build_run=RUN, log=lambda m: None)
    assert [o.name for o in report.failed] == ["zz-broken.txt"]
    assert len(report.published) == 20
