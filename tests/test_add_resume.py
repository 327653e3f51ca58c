"""An interrupted build resumes: articles processed before the kill are not processed again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kg.build import build
from kg.corpus import make_doc
from kg.resume import FOLDER, Progress
from kg.settings import PROJECT_ROOT, Settings
from kg.store import DataDir, open_store


def test_resume_processes_only_the_rest(tmp_path):
    from kg.build import process_article

    docs = [make_doc(f"{i}.txt", f"خبر رقم {i}\nقال المتحدث إن الاجتماع رقم {i} انتهى.") for i in range(5)]
    p = Progress.open(tmp_path, version="t", base_iri="https://w3id.org/isnad/id/")
    first = list(p.resume(docs[:2], lambda todo: (process_article(d, "https://w3id.org/isnad/id/", p.run)
                                                  for d in todo)))
    with open(p.folder / "articles.jsonl", "a") as fh:
        fh.write('{"sha256": "half a li')  # the kill came mid-line
    again = Progress.open(tmp_path, version="t", base_iri="https://w3id.org/isnad/id/")
    assert again.run == p.run and len(again) == 2
    asked = []

    def process(todo):
        asked.extend(d.name for d in todo)
        return (process_article(d, "https://w3id.org/isnad/id/", again.run) for d in todo)

    results = list(again.resume(docs, process))
    assert asked == ["2.txt", "3.txt", "4.txt"]
    assert [r.outcome.name for r in results] == [d.name for d in docs]
    assert [r.graph_nt for r in results[:2]] == [r.graph_nt for r in first]


@pytest.mark.slow
def test_killed_build_is_resumed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / "corpus").glob("*.txt"))]
    for i in range(60):
        (corpus / f"{i:04d}.txt").write_text(texts[i % len(texts)] + f"\n(نسخة {i})\n", encoding="utf-8")
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", "--corpus", str(corpus), "--data", str(data)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = data / FOLDER / "articles.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_bytes().count(b"\n") >= 5:  # bytes: the log is being written, a read may end mid-character
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert DataDir(data).current() is None  # nothing half-built was published
    killed_run = json.loads((data / FOLDER / "run.json").read_text())["run"]["run_id"]
    reused = log.read_bytes().count(b"\n")

    settings = Settings.load(env={}, overrides={"corpus": str(corpus), "data": str(data)})
    report = build(settings, log=lambda m: None)
    assert report.exit_code == 0 and len(report.published) == 60
    assert report.run_id == killed_run and reused >= 5  # the interrupted build's work and run were reused
    assert not (data / FOLDER).exists()  # a published build clears its progress
    store = open_store(DataDir(data).current())
    runs = list(store.query("SELECT DISTINCT ?r WHERE { ?c <http://www.w3.org/ns/prov#wasGeneratedBy> ?r }",
                            use_default_graph_as_union=True))
    assert len(runs) <= 1  # every claim points to the one run of the graph
