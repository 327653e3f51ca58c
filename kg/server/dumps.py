"""The files of the downloads page, served from ``builds/<id>/dumps/``.

The main dataset dumps are written when a build is published (:mod:`kg.dumps`), so a
download starts at once; the other dataset files are made from them on first request
(decompressed or converted, without reading the store), under a lock (one thread and one
process at a time), into a temporary file renamed into place, so a reader never sees half
a file. A build published before dumps were written at publish time gets them all on
first request. A build never changes once published, so the files never go stale.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from kg.dumps import DERIVED, DUMPS_DIR, SEGMENTED, derive, statements_of, write_dumps
from kg.store import SHACL_REPORT
from kg.validate import ONTOLOGY_TTL, SHAPES_TTL, TOPICS_TTL, load_graph
from kg.vocab import DATA, rebase


@dataclass(frozen=True)
class DumpFile:
    name: str
    title: str
    media_type: str
    fmt: str | None = None  # kg.export format for dataset dumps
    gzip: bool = False
    listed: bool = True  # on the downloads page and in SHA256SUMS


DATASET = (
    DumpFile("isnad.ttl", "Dataset · Turtle", "text/turtle", "ttl"),
    DumpFile("isnad.ttl.gz", "Dataset · Turtle, gzip", "text/turtle", "ttl", gzip=True),
    DumpFile("isnad.nt.gz", "Dataset · N-Triples, gzip", "application/n-triples", "nt", gzip=True),
    DumpFile("isnad.trig", "Dataset · TriG (a graph per article)", "application/trig", "trig"),
    DumpFile("isnad.jsonld", "Dataset · JSON-LD", "application/ld+json", "jsonld"),
    DumpFile("isnad.nt", "Dataset · N-Triples", "application/n-triples", "nt", listed=False),
    DumpFile("isnad.nq", "Dataset · N-Quads", "application/n-quads", "nq", listed=False),
)
STATIC = (
    DumpFile("isnad-ontology.ttl", "Ontology · الأنطولوجيا", "text/turtle"),
    DumpFile("isnad-topics.ttl", "Topic scheme · مخطط الموضوعات", "text/turtle"),
    DumpFile("isnad-shapes.ttl", "SHACL shapes · أشكال التحقق", "text/turtle"),
    DumpFile("shacl-report.ttl", "SHACL report of this build · تقرير التحقق", "text/turtle"),
)
FILES = {f.name: f for f in DATASET + STATIC}
SUMS = "SHA256SUMS"
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def source_of(build: Path, name: str, *, base_iri: str = str(DATA)) -> Path | None:
    """Where a non-dataset file comes from (None when it does not exist, e.g. shapes not written yet).

    Under a non-default ``base_iri`` the topic scheme is served as the build loaded it: rebased
    (:func:`kg.vocab.rebase`), written once into the dumps folder."""
    if name == "isnad-topics.ttl" and base_iri != str(DATA) and TOPICS_TTL.is_file():
        target = build / DUMPS_DIR / name
        if not target.is_file():
            target.parent.mkdir(exist_ok=True)
            tmp = target.with_name(f".{name}.{threading.get_ident()}.tmp")
            tmp.write_text(rebase(load_graph(TOPICS_TTL), base_iri).serialize(format="turtle"), encoding="utf-8")
            tmp.replace(target)
        return target
    path = {"isnad-ontology.ttl": ONTOLOGY_TTL, "isnad-topics.ttl": TOPICS_TTL, "isnad-shapes.ttl": SHAPES_TTL,
            "shacl-report.ttl": build / SHACL_REPORT}.get(name)
    return path if path is not None and path.is_file() else None


def _lock_for(build: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(build), threading.Lock())


def dump_path(build: Path, name: str, *, base_iri: str = str(DATA)) -> Path | None:
    """The file to serve for ``name`` (made now if it is made on request); None if unknown.

    ``base_iri``: the IRI scheme of the build (also tells its dumps which graphs are articles when they
    were not written at publish time).
    """
    spec = FILES.get(name)
    if spec is None:
        return None
    if spec.fmt is None:
        return source_of(build, name, base_iri=base_iri)
    target = build / DUMPS_DIR / name
    if target.is_file():
        return target
    with _lock_for(build):
        target.parent.mkdir(exist_ok=True)
        with open(target.parent / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if not target.is_file():
                    if not all((target.parent / f).is_file() for f in SEGMENTED):
                        write_dumps(build, base_iri=base_iri)  # published before dumps were made at publish time
                    if name in DERIVED:
                        derive(build, name)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return target


def statements_in(build: Path, name: str = "isnad.ttl") -> int | None:
    """The number of statements in a dump (triples for .ttl), known once the dumps are written."""
    return statements_of(build, name)


def listed(build: Path, *, base_iri: str = str(DATA)) -> list[tuple[DumpFile, Path | None]]:
    """The files of the downloads page, each with its path when it exists already (None: made on request
    for dataset dumps, missing for the others)."""
    out = []
    for spec in DATASET + STATIC:
        if not spec.listed:
            continue
        path = build / DUMPS_DIR / spec.name if spec.fmt else source_of(build, spec.name, base_iri=base_iri)
        out.append((spec, path if path is not None and path.is_file() else None))
    return out


def sha256sums(build: Path, *, base_iri: str = str(DATA)) -> str:
    """``SHA256SUMS`` (sha256sum format) of every listed file, making missing dumps first (kept once made)."""
    cached = build / DUMPS_DIR / SUMS
    if cached.is_file():
        return cached.read_text()
    lines = []
    for spec in DATASET + STATIC:
        if not spec.listed:
            continue
        path = dump_path(build, spec.name, base_iri=base_iri)
        if path is None:
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {spec.name}")
    text = "\n".join(lines) + "\n"
    tmp = cached.with_name(f".{SUMS}.tmp")
    tmp.write_text(text)
    tmp.replace(cached)
    return text
