"""Write the published dataset in one of the RDF formats.

Triple formats (Turtle, N-Triples, JSON-LD) hold the union of every graph; quad formats
(TriG, N-Quads) keep one named graph per article.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf import PREFIXES
from kg.settings import Settings
from kg.store import DataDir, open_store

FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
}


def union_triples(store: ox.Store):
    seen: set = set()
    for q in store.quads_for_pattern(None, None, None, None):
        t = q.triple
        if t not in seen:
            seen.add(t)
            yield t


def write_dataset(store: ox.Store, fmt: str, out: BinaryIO | Path) -> int:
    """Serialise ``store`` as ``fmt``; returns the number of statements written."""
    rdf_format, quads = FORMATS[fmt]
    items = list(store.quads_for_pattern(None, None, None, None)) if quads else list(union_triples(store))
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(items, out if not isinstance(out, Path) else str(out), rdf_format, prefixes=prefixes)
    return len(items)


def export(settings: Settings, fmt: str, out: BinaryIO | Path) -> int:
    build = DataDir(settings.data_dir).current()
    if build is None:
        raise RuntimeError(f"nothing published in {settings.data_dir}: run `isnad build` first")
    return write_dataset(open_store(build), fmt, out)
