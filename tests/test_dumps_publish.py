"""Dataset dumps are written when a build, an add or a remove publishes: a download right after
publishing is served from disk, and what it holds is the store, read back with rdflib."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic
from webfixtures import LAVROV, article_html

from kg.cli import main
from kg.dumps import DUMPS_DIR, INDEX, SEGMENTED, write_dumps
from kg.server import create_app
from kg.settings import Settings
from kg.store import STORE, DataDir, open_store

UNION = {"isnad.nt.gz": "nt", "isnad.ttl.gz": "turtle"}


def cli(settings: Settings, *args: str) -> int:
    return main([*args, "--corpus", settings.corpus, "--data", settings.data])


def current(settings: Settings) -> Path:
    return DataDir(settings.data_dir).current()


def store_graph(build_dir: Path) -> rdflib.Graph:
    """The union of the store's graphs, as rdflib reads its N-Quads (each triple once)."""
    text = "".join(f"{q.triple} .\n" for q in open_store(build_dir).quads_for_pattern(None, None, None, None))
    return rdflib.Graph().parse(data=text, format="nt")


def dump_graph(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=gzip.decompress(path.read_bytes()).decode("utf-8"), format=fmt)


def assert_dumps_hold_the_store(build_dir: Path) -> None:
    expected = store_graph(build_dir)
    distinct = len({q.triple for q in open_store(build_dir).quads_for_pattern(None, None, None, None)})
    assert len(expected) == distinct > 0
    for name, fmt in UNION.items():
        got = dump_graph(build_dir / DUMPS_DIR / name, fmt)
        assert len(got) == distinct and isomorphic(got, expected), name
    lines = gzip.decompress((build_dir / DUMPS_DIR / "isnad.nt.gz").read_bytes()).decode().splitlines()
    assert len(lines) == distinct  # each triple written once
    quads = set(ox.parse(gzip.decompress((build_dir / DUMPS_DIR / "isnad.trig.gz").read_bytes()), ox.RdfFormat.TRIG))
    assert len(quads) == len(open_store(build_dir))  # a graph per article: every quad


def test_a_download_right_after_build_is_served_from_disk(settings):
    build_dir = current(settings)
    folder = build_dir / DUMPS_DIR
    on_disk = {name: ((folder / name).read_bytes(), (folder / name).stat().st_mtime_ns) for name in UNION}
    app = create_app(settings)
    try:
        client = app.test_client()
        for name, (data, mtime) in on_disk.items():
            r = client.get(f"/downloads/{name}")
            assert r.status_code == 200 and r.get_data() == data
            r.close()
            assert (folder / name).stat().st_mtime_ns == mtime  # not made again
        assert {p.name for p in folder.iterdir() if p.suffix == ".gz"} == set(SEGMENTED)  # nothing else made
        r = client.get("/downloads/isnad.ttl")  # made from isnad.ttl.gz on request
        assert r.get_data() == gzip.decompress(on_disk["isnad.ttl.gz"][0])
        r.close()
    finally:
        app.extensions["isnad"].engine.close()
    assert_dumps_hold_the_store(build_dir)


def test_add_remove_and_replace_publish_dumps_reusing_unchanged_buckets(settings, web, tmp_path):
    first = current(settings)
    shutil.rmtree(first / DUMPS_DIR)  # one graph per bucket, to see which buckets each change writes
    write_dumps(first, base_iri=settings.base_iri, graphs_per_bucket=1)
    url = web.page("/news/1.html", article_html("لافروف: روسيا وتركيا تواصلان العمل المشترك في ليبيا", LAVROV))
    steps = [("add", url), ("remove", url), ("add", url)]
    extra = tmp_path / "extra.txt"
    extra.write_text("خبر إضافي\nقال المتحدث باسم الأمم المتحدة إن الاجتماع سيعقد غدا في جنيف.\n", encoding="utf-8")
    steps.append(("add", str(extra)))
    for i, (command, ref) in enumerate(steps):
        if i == 2:
            web.page("/news/1.html", article_html("لافروف يبحث الملف السوري", [
                "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو تعارض أي عملية عسكرية جديدة في شمال سوريا."]))
        old = current(settings)
        assert cli(settings, command, ref) == 0
        new = current(settings)
        assert new != old
        index = json.loads((new / DUMPS_DIR / INDEX).read_text())
        old_index = json.loads((old / DUMPS_DIR / INDEX).read_text())
        assert index["base"] == old.name and index["buckets"] == old_index["buckets"] == 5
        assert 1 <= len(index["written"]) <= 2  # the buckets of the articles added or withdrawn
        for name in SEGMENTED:
            old_bytes, new_bytes = (old / DUMPS_DIR / name).read_bytes(), (new / DUMPS_DIR / name).read_bytes()
            for b in set(range(index["buckets"])) - set(index["written"]):
                (o, n), (p, m) = old_index["members"][name][b + 1], index["members"][name][b + 1]
                assert old_bytes[o:o + n] == new_bytes[p:p + m]
        assert_dumps_hold_the_store(new)


def _copy_build(settings: Settings, tmp_path: Path) -> tuple[Path, ox.Store]:
    work = tmp_path / "work"
    shutil.copytree(current(settings) / STORE, work / STORE)
    return work, open_store(work, read_only=False)


def test_triples_about_other_resources_in_an_article_graph_are_written_once(settings, tmp_path):
    work, store = _copy_build(settings, tmp_path)
    article = next(g for g in store.named_graphs() if "/article/" in g.value)
    speaker = next(q for q in store.quads_for_pattern(None, None, None, None) if "/speaker/" in q.subject.value)
    store.add(ox.Quad(speaker.subject, speaker.predicate, speaker.object, article))  # a copy in an article graph
    store.flush()
    del store
    write_dumps(work, base_iri=settings.base_iri)
    assert json.loads((work / DUMPS_DIR / INDEX).read_text())["shared_articles"] == [article.value]
    assert_dumps_hold_the_store(work)


def test_article_triples_repeated_in_a_shared_graph_are_written_once(settings, tmp_path):
    work, store = _copy_build(settings, tmp_path)
    article = next(g for g in store.named_graphs() if "/article/" in g.value)
    q = next(iter(store.quads_for_pattern(article, None, None, article)))
    entities = next(g for g in store.named_graphs() if g.value.endswith("graph/entities"))
    store.add(ox.Quad(q.subject, q.predicate, q.object, entities))
    store.flush()
    del store
    write_dumps(work, base_iri=settings.base_iri)
    assert json.loads((work / DUMPS_DIR / INDEX).read_text())["shared_articles"] == []
    assert_dumps_hold_the_store(work)


def test_a_changed_graph_is_written_again_and_the_others_are_copied(settings, tmp_path):
    base, store = _copy_build(settings, tmp_path)
    article = sorted((g for g in store.named_graphs() if "/article/" in g.value), key=lambda g: g.value)[0]
    del store
    write_dumps(base, base_iri=settings.base_iri, graphs_per_bucket=1)
    work = tmp_path / "changed"
    shutil.copytree(base / STORE, work / STORE)
    store = open_store(work, read_only=False)
    store.add(ox.Quad(article, ox.NamedNode("https://schema.org/keywords"), ox.Literal("كلمة"), article))
    store.flush()
    del store
    report = write_dumps(work, base_iri=settings.base_iri, base=base, changed={article.value})
    assert report.base == base.name and report.written == 1 < report.buckets
    assert_dumps_hold_the_store(work)


def test_worker_processes_write_the_same_bytes(settings, tmp_path):
    one, store = _copy_build(settings, tmp_path)
    del store
    two = tmp_path / "two"
    shutil.copytree(one / STORE, two / STORE)
    write_dumps(one, base_iri=settings.base_iri, graphs_per_bucket=1)
    write_dumps(two, base_iri=settings.base_iri, graphs_per_bucket=1, workers=2)
    for name in SEGMENTED:
        assert (one / DUMPS_DIR / name).read_bytes() == (two / DUMPS_DIR / name).read_bytes()
    assert_dumps_hold_the_store(two)


def test_damaged_dumps_of_the_old_build_are_not_copied(settings, tmp_path):
    old = current(settings)
    shutil.rmtree(old / DUMPS_DIR)  # one graph per bucket: most of them would be copied
    write_dumps(old, base_iri=settings.base_iri, graphs_per_bucket=1)
    path = old / DUMPS_DIR / "isnad.nt.gz"
    path.write_bytes(path.read_bytes()[:100])  # cut short: its members can no longer be copied
    extra = tmp_path / "extra.txt"
    extra.write_text("خبر إضافي\nقال المتحدث باسم الأمم المتحدة إن الاجتماع سيعقد غدا في جنيف.\n", encoding="utf-8")
    assert cli(settings, "add", str(extra)) == 0
    new = current(settings)
    assert json.loads((new / DUMPS_DIR / INDEX).read_text())["base"] is None  # written in full
    assert_dumps_hold_the_store(new)
