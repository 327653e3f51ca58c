"""Resume an interrupted build: processed articles are recorded as the build goes.

Each article's result (extraction, RDF, validation) is appended to
``data/progress/articles.jsonl`` as soon as it is ready, keyed by the text's content
hash, with the build run it belongs to (``data/progress/run.json``). A build killed half
way leaves this behind; the next build with the same software version and base IRI
reuses those results and their run, and processes only the rest. A finished, published
build clears the progress. A half-written last line (the kill) is ignored.

>>> import tempfile
>>> from kg.build import ArticleOutcome, ArticleResult
>>> p = Progress.open(tempfile.mkdtemp(), version="1", base_iri="x:")
>>> p.record("ab", ArticleResult(ArticleOutcome("a.txt", "published")))
>>> again = Progress.open(p.folder.parent, version="1", base_iri="x:")
>>> again.run == p.run, again.get("ab").outcome.name
(True, 'a.txt')
>>> Progress.open(p.folder.parent, version="2", base_iri="x:").get("ab") is None
True
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.model import SourceDoc
from kg.rdf import BuildRun

FOLDER = "progress"


class Progress:
    """The processed articles of the build under way (or of the one that was interrupted)."""

    def __init__(self, folder: Path, run: BuildRun, done: dict[str, dict]):
        self.folder = folder
        self.run = run
        self._done = done

    @classmethod
    def open(cls, data_root: str | Path, *, version: str, base_iri: str) -> "Progress":
        """Pick up the progress left by an interrupted build, or start afresh."""
        folder = Path(data_root) / FOLDER
        try:
            meta = json.loads((folder / "run.json").read_text())
            if meta.get("version") != version or meta.get("base_iri") != base_iri:
                raise ValueError("other software version or base IRI")
            run = BuildRun(**meta["run"])
        except (OSError, ValueError, KeyError, TypeError):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
            run = BuildRun.create(version=version)
            (folder / "run.json").write_text(json.dumps({"version": version, "base_iri": base_iri,
                                                         "run": asdict(run)}))
            return cls(folder, run, {})
        done: dict[str, dict] = {}
        try:
            with open(folder / "articles.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        done[rec["sha256"]] = rec["result"]
                    except (ValueError, KeyError):
                        continue  # the line being written when the build was killed
        except FileNotFoundError:
            pass
        return cls(folder, run, done)

    def __len__(self) -> int:
        return len(self._done)

    def get(self, sha256: str):
        from kg.build import ArticleOutcome, ArticleResult

        rec = self._done.get(sha256)
        if rec is None:
            return None
        return ArticleResult(**{**rec, "outcome": ArticleOutcome(**rec["outcome"])})

    def record(self, sha256: str, result) -> None:
        # shallow: asdict() would deep-copy the N-Triples strings of every article
        rec = {"sha256": sha256, "result": {**vars(result), "outcome": asdict(result.outcome)}}
        with open(self.folder / "articles.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        # on disk only: keeping every article's triples in memory too cost gigabytes at 100k articles

    def resume(self, docs: list[SourceDoc], process: Callable[[list[SourceDoc]], Iterable]) -> Iterator:
        """Results for ``docs``: recorded ones first, then ``process`` of the others (recorded as they come)."""
        todo = []
        for doc in docs:
            cached = self.get(doc.sha256)
            if cached is not None and cached.outcome.name == doc.name:
                del self._done[doc.sha256]  # handed over once; the record stays in the file
                yield cached
            else:
                todo.append(doc)
        by_name = {doc.name: doc for doc in todo}
        for result in process(todo):
            doc = by_name.get(result.outcome.name)
            if doc is not None:
                self.record(doc.sha256, result)
            yield result

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
