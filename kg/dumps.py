"""Dataset dumps written when a build is published, so that a download starts at once.

:func:`write_dumps` writes three gzip files into ``builds/<id>/dumps/`` before the build
is published: ``isnad.ttl.gz`` and ``isnad.nt.gz`` (the union of every graph, each triple
once) and ``isnad.trig.gz`` (a graph per article). The other dataset files are made from
these on first request by :func:`derive` (decompressing, or converting N-Triples to
JSON-LD and TriG to N-Quads), which reads no store.

Each file is a series of gzip members (gzip readers decompress them as one stream): first
the shared graphs (ontology, topics, entities, runs, links), then the article graphs,
spread over buckets by a hash of their IRI. ``isnad add`` and ``isnad remove`` change a few
article graphs, so the new build copies the bytes of every unchanged bucket from the old
build's files and serialises only the shared graphs and the changed buckets: the cost
follows the change, not the store (reading a store back costs ~15 s per million quads).

Each triple is written once in the union formats: an article graph holds triples about
the article and its claims only (IRIs minted from the article's hash), so two article
graphs never share one; a triple that a shared graph repeats is written with the shared
graphs only. An article graph that holds anything else is written with the shared graphs.

>>> m = Minter("https://w3id.org/isnad/id/")
>>> _owner(m, m.claim("ab" * 32, 10, 42)) == _owner(m, m.article("ab" * 32)) == m.article("ab" * 32)
True
>>> _owner(m, m.speaker("sergey-lavrov")) is None
True
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox

from kg.iris import Minter
from kg.rdf import PREFIXES
from kg.store import open_store

DUMPS_DIR = "dumps"
INDEX = "segments.json"
LAYOUT = 1  # bump when the segment layout changes: older dumps are then written again in full
SEGMENTED = {  # file -> (format, True: union of the graphs as triples / False: quads, gzip level)
    "isnad.ttl.gz": (ox.RdfFormat.TURTLE, True, 6),
    "isnad.nt.gz": (ox.RdfFormat.N_TRIPLES, True, 6),
    "isnad.trig.gz": (ox.RdfFormat.TRIG, False, 1),  # not offered as such: the source of isnad.trig and .nq
}
DERIVED = {"isnad.ttl": "isnad.ttl.gz", "isnad.nt": "isnad.nt.gz", "isnad.trig": "isnad.trig.gz",
           "isnad.nq": "isnad.trig.gz", "isnad.jsonld": "isnad.nt.gz"}
GRAPHS_PER_BUCKET = 64
_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


@dataclass
class DumpReport:
    """What :func:`write_dumps` did."""

    seconds: float
    statements: int  # distinct triples: the union of every graph
    quads: int
    buckets: int
    written: int  # buckets serialised now; the others were copied from the base build
    base: str | None  # the build whose files were reused


class _NotOwned(Exception):
    def __init__(self, graphs: set[str]):
        super().__init__(f"{len(graphs)} article graphs hold triples about other resources")
        self.graphs = graphs


def _bucket(graph: str, buckets: int) -> int:
    return int(hashlib.sha1(graph.encode("utf-8")).hexdigest()[:8], 16) % buckets


def _member(data: bytes, level: int) -> bytes:
    """``data`` as one gzip member (no file name, time 0: the same input gives the same bytes)."""
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def _serialize(triples: list[ox.Triple], quads: list[ox.Quad]) -> dict[str, bytes]:
    return {name: ox.serialize(triples if union else quads, None, fmt, prefixes=PREFIXES if fmt in _PREFIXED else None)
            for name, (fmt, union, _) in SEGMENTED.items()}


def _compress(texts: dict[str, bytes]) -> dict[str, bytes]:
    return {name: _member(data, SEGMENTED[name][2]) for name, data in texts.items()}


def _read_index(folder: Path) -> dict | None:
    try:
        index = json.loads((folder / INDEX).read_text())
    except (OSError, ValueError):
        return None
    if index.get("layout") != LAYOUT or not all((folder / name).is_file() and name in index.get("members", {})
                                                  for name in SEGMENTED):
        return None
    return index


def _owner(minter: Minter, iri: str) -> str | None:
    """The article graph that may hold triples about ``iri`` (the article, or the article of a claim)."""
    kind, key = minter.local_id(iri) or ("", "")
    if kind == "article":
        return iri
    if kind == "claim":
        return minter.article(key.split("-", 1)[0])
    return None


@dataclass
class _Plan:
    build: Path
    store: ox.Store
    minter: Minter
    buckets: int
    shared_articles: set[str]  # article graphs written with the shared graphs
    old: dict | None  # the base build's index, when its buckets are reused
    old_folder: Path | None
    changed: set[str]
    workers: int


@dataclass
class _Rendered:
    members: dict[str, bytes]  # file -> gzip member
    triples: int
    quads: int
    bad: set[str]  # article graphs found to hold triples about other resources


def write_dumps(build: Path, *, base_iri: str, base: Path | None = None, changed: Iterable[str] = (),
                graphs_per_bucket: int = GRAPHS_PER_BUCKET, workers: int = 1) -> DumpReport:
    """Write the dumps of the (closed) store in ``build`` into ``build/dumps/``.

    ``base``: a build whose dumps can be reused for the graphs not in ``changed`` (the graphs
    an add or remove touched, articles added and withdrawn among them); ``workers``: processes
    that read the store when many buckets are to be written (reading is what costs).
    """
    t0 = time.perf_counter()
    folder = build / DUMPS_DIR
    folder.mkdir(exist_ok=True)
    old_folder = base / DUMPS_DIR if base is not None else None
    old = _read_index(old_folder) if old_folder is not None else None
    plan = _Plan(build, open_store(build), Minter(base_iri), 1, set(), old, old_folder, set(changed), workers)
    articles = sorted(g.value for g in plan.store.named_graphs()
                      if isinstance(g, ox.NamedNode) and _owner(plan.minter, g.value) == g.value)
    if old is not None and (old.get("base_iri") != base_iri or len(articles) > 4 * graphs_per_bucket * old["buckets"]):
        plan.old = old = None  # another IRI scheme, or buckets grown too big: start again
    plan.buckets = old["buckets"] if old else max(1, -(-len(articles) // graphs_per_bucket))
    plan.shared_articles = set(old["shared_articles"]) & set(articles) if old else set()
    try:
        try:
            index = _write(plan, folder, articles)
        except _NotOwned as exc:  # found while writing: write again with those graphs shared (once is enough)
            plan.shared_articles |= exc.graphs
            index = _write(plan, folder, articles)
    except (OSError, KeyError, IndexError, ValueError):
        if plan.old is None:
            raise  # the base build's dumps are damaged: write everything instead
        return write_dumps(build, base_iri=base_iri, graphs_per_bucket=graphs_per_bucket, workers=workers)
    index.update(layout=LAYOUT, base_iri=base_iri, base=base.name if plan.old else None)
    (folder / f".{INDEX}.tmp").write_text(json.dumps(index))
    (folder / f".{INDEX}.tmp").replace(folder / INDEX)
    statements, quads = sum(index["triples"]), sum(index["quads"])
    for name, (_, union, _) in SEGMENTED.items():
        _write_meta(folder, name, statements if union else quads)
    for name, source in DERIVED.items():
        _write_meta(folder, name, statements if SEGMENTED[source][1] else quads)
    return DumpReport(time.perf_counter() - t0, statements, quads, plan.buckets, len(index["written"]),
                      index["base"])


def _write_meta(folder: Path, name: str, statements: int) -> None:
    (folder / f"{name}.json").write_text(json.dumps({"statements": statements}))


def _write(plan: _Plan, folder: Path, articles: list[str]) -> dict:
    store, n = plan.store, plan.buckets
    members: list[list[str]] = [[] for _ in range(n)]
    for g in articles:
        if g not in plan.shared_articles:
            members[_bucket(g, n)].append(g)
    bucketed = {g for m in members for g in m}
    shared = [g for g in store.named_graphs() if g.value not in bucketed] + [ox.DefaultGraph()]
    s_quads = [q for g in shared for q in store.quads_for_pattern(None, None, None, g)]
    s_triples = list(dict.fromkeys(q.triple for q in s_quads))
    excluded: dict[str, set[str]] = {}  # article graph -> its triples a shared graph repeats
    for t in s_triples:
        a = _owner(plan.minter, t.subject.value) if isinstance(t.subject, ox.NamedNode) else None
        if a in bucketed and ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(a)) in store:
            excluded.setdefault(a, set()).add(str(t))
    prints = [_fingerprint(m, excluded) for m in members]
    old = plan.old
    dirty = [old is None or prints[b] != old["fingerprints"][b] or any(g in plan.changed for g in members[b])
             for b in range(n)]
    jobs = [(members[b], {g: excluded[g] for g in members[b] if g in excluded}) for b in range(n) if dirty[b]]
    rendered = _rendered(plan, jobs)
    counts_t, counts_q, spans = [len(s_triples)], [len(s_quads)], {name: [] for name in SEGMENTED}
    outs = {name: open(folder / f".{name}.tmp", "wb") for name in SEGMENTED}
    ins = {name: open(plan.old_folder / name, "rb") for name in SEGMENTED} if old else {}
    bad: set[str] = set()
    try:
        _append(outs, spans, _compress(_serialize(s_triples, s_quads)))
        for b in range(n):
            if dirty[b]:
                r = next(rendered)
                _append(outs, spans, r.members)
                counts_t.append(r.triples)
                counts_q.append(r.quads)
                bad |= r.bad
            else:
                _append(outs, spans, {name: _copy(ins[name], *old["members"][name][b + 1]) for name in SEGMENTED})
                counts_t.append(old["triples"][b + 1])
                counts_q.append(old["quads"][b + 1])
    finally:
        rendered.close()
        for fh in (*outs.values(), *ins.values()):
            fh.close()
    if bad:
        raise _NotOwned(bad)
    for name in SEGMENTED:
        (folder / f".{name}.tmp").replace(folder / name)
    return {"buckets": n, "shared_articles": sorted(plan.shared_articles), "fingerprints": prints,
            "members": spans, "triples": counts_t, "quads": counts_q,
            "written": [b for b in range(n) if dirty[b]]}


def _rendered(plan: _Plan, jobs: list[tuple[list[str], dict[str, set[str]]]]) -> Iterator[_Rendered]:
    """The buckets of ``jobs`` rendered, in order: here, or in worker processes when there are many."""
    if plan.workers <= 1 or len(jobs) < 4:  # starting processes costs ~1 s
        for graphs, excluded in jobs:
            yield _render_bucket(plan.store, plan.minter, graphs, excluded)
        return
    size = max(1, len(jobs) // (plan.workers * 4))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=plan.workers, mp_context=get_context("spawn")) as pool:
        for part in pool.map(_render_jobs, [str(plan.build)] * len(chunks), [plan.minter.base] * len(chunks), chunks):
            yield from part


def _render_jobs(build: str, base_iri: str, jobs: list[tuple[list[str], dict[str, set[str]]]]) -> list[_Rendered]:
    """Worker process: render some buckets from the store in ``build``."""
    store, minter = open_store(Path(build)), Minter(base_iri)
    return [_render_bucket(store, minter, graphs, excluded) for graphs, excluded in jobs]


def _render_bucket(store: ox.Store, minter: Minter, graphs: list[str], excluded: dict[str, set[str]]) -> _Rendered:
    quads, bad = [], set()
    for g in graphs:
        part = list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        if any(not isinstance(x, ox.NamedNode) or _owner(minter, x.value) != g for x in {q.subject for q in part}):
            bad.add(g)
        quads += part
    triples = [q.triple for q in quads
               if q.graph_name.value not in excluded or str(q.triple) not in excluded[q.graph_name.value]]
    return _Rendered(_compress(_serialize(triples, quads)), len(triples), len(quads), bad)


def _fingerprint(graphs: list[str], excluded: dict[str, set[str]]) -> str:
    h = hashlib.sha1()
    for g in sorted(graphs):
        h.update(g.encode("utf-8") + b"\n")
        for t in sorted(excluded.get(g, ())):
            h.update(t.encode("utf-8") + b"\n")
    return h.hexdigest()


def _copy(src: BinaryIO, offset: int, length: int) -> bytes:
    src.seek(offset)
    data = src.read(length)
    if len(data) != length:
        raise OSError(f"{src.name}: truncated dump")
    return data


def _append(outs: dict[str, BinaryIO], spans: dict[str, list], members: dict[str, bytes]) -> None:
    for name, data in members.items():
        spans[name].append([outs[name].tell(), len(data)])
        outs[name].write(data)


def derive(build: Path, name: str) -> Path | None:
    """Write the dump ``name`` from the files written at publish time (None when it is not one of
    :data:`DERIVED` or its source is missing): decompressed, or converted (JSON-LD, N-Quads)."""
    folder = build / DUMPS_DIR
    source = folder / DERIVED.get(name, "")
    if name not in DERIVED or not source.is_file():
        return None
    target, tmp = folder / name, folder / f".{name}.tmp"
    with gzip.open(source, "rb") as src:
        fmt = {"isnad.jsonld": ox.RdfFormat.JSON_LD, "isnad.nq": ox.RdfFormat.N_QUADS}.get(name)
        if fmt is not None:  # converted, streaming
            ox.serialize(ox.parse(src, SEGMENTED[source.name][0]), str(tmp), fmt)
        else:
            with open(tmp, "wb") as out:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    out.write(chunk)
    tmp.replace(target)
    return target


def statements_of(build: Path, name: str) -> int | None:
    """The number of statements in dump ``name`` of ``build`` (None until its dumps are written)."""
    try:
        return int(json.loads((build / DUMPS_DIR / f"{name}.json").read_text())["statements"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
