"""Crash safety of the build: kill -9 midway leaves the published store intact; builds are serialised.

A real ``python -m kg build`` runs in a subprocess over a corpus made of many edited
copies of the project's articles, and is killed with SIGKILL while it works.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.server import create_app
from kg.settings import PROJECT_ROOT, Settings
from kg.store import STORE, DataDir, open_store

COUNTS = """SELECT ?articles ?triples WHERE {
  { SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a <https://w3id.org/isnad/ontology#Article> } }
  { SELECT (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } } }"""

pytestmark = pytest.mark.slow

# copies of each corpus article in the builds that get interrupted or raced: enough for a
# build of several seconds, so that a kill or a second build lands while it works
COPIES = 150


def big_corpus(src: Path, dest: Path, copies: int) -> Path:
    """``copies`` edited copies of every article in ``src`` (each text differs, so none is a duplicate)."""
    dest.mkdir()
    for i in range(copies):
        for p in sorted(src.glob("*.txt")):
            (dest / f"{i:03d}_{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n\nتحديث رقم {i}\n",
                                                    encoding="utf-8")
    return dest


def counts(data_dir: Path) -> tuple[int, int]:
    store = open_store(DataDir(data_dir).current())
    row = next(iter(store.query(COUNTS, use_default_graph_as_union=True)))
    return int(row["articles"].value), int(row["triples"].value)


def start_build(corpus: Path, data: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.Popen([sys.executable, "-m", "kg", "build", "--corpus", str(corpus), "--data", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def wait_for(predicate, timeout: float = 120.0, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def unpublished(data: DataDir) -> list[Path]:
    current = data.current()
    if not data.builds.is_dir():
        return []
    return [p for p in data.builds.iterdir() if p.is_dir() and p != current and (current is None or p.name > current.name)]


@pytest.fixture()
def published_once(tmp_path, tmp_corpus):
    settings = Settings.load(env={}, overrides={"data": str(tmp_path / "data"), "corpus": str(tmp_corpus)})
    assert build(settings, log=lambda m: None).exit_code == 0
    return settings


@pytest.mark.parametrize("phase", ["reading", "writing the store"])
def test_kill_9_midway_keeps_the_published_store(tmp_path, tmp_corpus, published_once, phase):
    data = DataDir(published_once.data_dir)
    before_build = data.current()
    before = counts(published_once.data_dir)
    corpus = big_corpus(tmp_corpus, tmp_path / "big", copies=COPIES)

    proc = start_build(corpus, published_once.data_dir)
    try:
        assert wait_for(lambda: unpublished(data)), "the build never started"
        if phase == "writing the store":
            assert wait_for(lambda: any((p / STORE).exists() for p in unpublished(data)) or proc.poll() is not None)
        # "reading": killed as soon as its unfinished folder appears, while articles are read
        assert proc.poll() is None, "the build finished before it could be interrupted: make the corpus bigger"
        proc.kill()  # SIGKILL: no cleanup runs
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -9

    assert data.current() == before_build, "the pointer still names the previous build"
    assert counts(published_once.data_dir) == before, "the previous store answers with its old counts"
    app = create_app(published_once)
    try:
        r = app.test_client().get("/sparql", query_string={"query": COUNTS})
        row = r.get_json()["results"]["bindings"][0]
        assert (int(row["articles"]["value"]), int(row["triples"]["value"])) == before
    finally:
        app.extensions["isnad"].engine.close()
    leftovers = unpublished(data)
    assert leftovers, "the killed build left its unfinished folder (removed by the next build)"

    report = build(published_once, log=lambda m: None)
    assert report.exit_code == 0
    assert data.current() != before_build and counts(published_once.data_dir) == before
    assert not any(p.exists() for p in leftovers), "the next build removed the unfinished folder"


def test_two_builds_are_serialised(tmp_path, tmp_corpus, published_once):
    data = DataDir(published_once.data_dir)
    corpus = big_corpus(tmp_corpus, tmp_path / "big", copies=COPIES)
    first = start_build(corpus, published_once.data_dir)
    second = None
    try:
        assert wait_for(lambda: unpublished(data)), "the first build never started"
        assert first.poll() is None, "the first build finished before it could be raced: make the corpus bigger"
        with pytest.raises(BlockingIOError):
            with data.lock(wait=False):
                pass
        second = start_build(tmp_corpus, published_once.data_dir)
        most_in_progress = 0
        while first.poll() is None or second.poll() is None:
            most_in_progress = max(most_in_progress, len(unpublished(data)))
            time.sleep(0.02)
    finally:  # a failed assertion must not leave the builds running into the next tests
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
        out1, err1 = first.communicate(timeout=60)
        out2, err2 = second.communicate(timeout=60) if second is not None else (b"", b"")
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert most_in_progress == 1, "never two builds in progress at once"
    assert counts(published_once.data_dir)[0] == len(list(tmp_corpus.glob("*.txt"))), "the second build won"
    with data.lock(wait=False):  # and the lock is free again
        pass
