"""The data folder: builds on disk, published atomically.

Each build writes a complete new folder under ``builds/``; publishing replaces the one
line of ``CURRENT`` with an atomic rename, so readers see either the old build or the
new one, never half of one. A killed build leaves only an unpublished folder behind,
removed by the next build. Builds are serialised by an exclusive lock.

>>> import tempfile
>>> d = DataDir(tempfile.mkdtemp())
>>> d.current() is None
True
>>> b = d.new_build()
>>> d.publish(b)
>>> d.current() == b
True
>>> later = d.new_build()
>>> later.name > b.name
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import shutil
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

STORE = "store"
SEARCH = "search.sqlite"
REPORT = "report.json"
SHACL_REPORT = "shacl-report.ttl"


class DataDir:
    """A data folder holding builds and the pointer to the published one."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.builds = self.root / "builds"

    @contextlib.contextmanager
    def lock(self, *, wait: bool = True) -> Iterator[None]:
        """Hold the build lock; a second build waits (or raises BlockingIOError)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_build(self) -> Path:
        """A new empty build folder whose name sorts after every folder already there (called
        under the lock): "newer than the published build" then always means "started later",
        even for two builds in the same second or after the clock stepped back."""
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
        name = f"{stamp}-{secrets.token_hex(3)}"
        existing = [p.name for p in self.builds.iterdir()] if self.builds.is_dir() else []
        latest = max(existing, default="")
        if name <= latest:  # the clock is behind the last build: extend that name instead
            name = f"{latest}+{secrets.token_hex(3)}"
        path = self.builds / name
        path.mkdir(parents=True)
        return path

    def current(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        path = self.builds / name
        return path if name and path.is_dir() else None

    def publish(self, build: Path) -> None:
        """Make ``build`` the published one, atomically: its files are flushed to disk first,
        then the pointer is written, fsynced and renamed into place."""
        _fsync_tree(build)
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            fh.write(build.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / "CURRENT")
        dir_fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def collect_garbage(self, *, keep: int = 2) -> list[Path]:
        """Remove unpublished and old builds, keeping the published one and ``keep`` before it."""
        current = self.current()
        if not self.builds.is_dir():
            return []
        builds = sorted(p for p in self.builds.iterdir() if p.is_dir())
        published_or_older = [p for p in builds if current is None or p.name <= current.name]
        doomed = [p for p in builds if p not in published_or_older]  # newer than current: unfinished
        doomed += [p for p in published_or_older if p != current][: max(0, len(published_or_older) - 1 - keep)]
        for p in doomed:
            shutil.rmtree(p, ignore_errors=True)
        return doomed


def _fsync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` (so a power cut cannot publish a half-written build)."""
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_store(build: Path, *, read_only: bool = True) -> ox.Store:
    path = str(build / STORE)
    return ox.Store.read_only(path) if read_only else ox.Store(path)


def first_objects(store: ox.Store, predicate: str) -> dict[str, ox.Term]:
    """subject IRI -> its first object of ``predicate``, over every graph (one index scan).

    >>> st = ox.Store(); st.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    >>> first_objects(st, "urn:p")["urn:s"].value
    'o'
    """
    out: dict[str, ox.Term] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
        out.setdefault(quad.subject.value, quad.object)
    return out


LOAD_LINES = 200_000  # N-Quads lines per bulk load when writing many generated quads


def bulk_load_lines(store: ox.Store, lines: Iterable[str], *, chunk: int = LOAD_LINES) -> int:
    """Bulk-load N-Quads ``lines`` (each ending in a newline) in loads of ``chunk`` lines, so
    memory stays flat however many there are; returns the number of lines.

    >>> st = ox.Store()
    >>> bulk_load_lines(st, (f"<urn:s{i}> <urn:p> <urn:o> <urn:g> .\\n" for i in range(5)), chunk=2)
    5
    >>> len(st)
    5
    """
    batch: list[str] = []
    n = 0
    for line in lines:
        batch.append(line)
        if len(batch) >= chunk:
            store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_QUADS)
            n += len(batch)
            batch = []
    if batch:
        store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_QUADS)
        n += len(batch)
    return n
