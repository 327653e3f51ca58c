"""The small store that hostile SPARQL is tried against, shared by the reliability tests
(tests/test_reliability_sparql.py) and the script that measures them (bench/reliability_cases.py).

400 triples of 40-character literals in one graph: few enough to publish in milliseconds,
enough for a five-way cartesian product to run for hours if nothing stopped it. The app
over it has a 2 s query time limit and two query workers.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from kg.server import create_app
from kg.settings import Settings
from kg.store import STORE, DataDir

TIMEOUT = 2.0  # seconds a query may run
TRIPLES = 400
WORKERS = 2


def publish_abuse_store(root: Path) -> None:
    """Publish the store as the current build of the data folder ``root``."""
    data = DataDir(root)
    build = data.new_build()
    store = ox.Store(str(build / STORE))
    nt = "".join(f'<http://e/s{i}> <http://e/p{i % 7}> "{"a" * 40}{i}" .\n' for i in range(TRIPLES))
    store.bulk_load(nt.encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("http://e/g"))
    store.flush()
    del store
    data.publish(build)


def make_abuse_app(root: Path) -> Flask:
    """The store published in ``root`` and an app over it (close its engine when done)."""
    publish_abuse_store(root)
    return create_app(Settings.load(env={}, overrides={"data": str(root), "query_timeout": TIMEOUT,
                                                      "max_concurrent_queries": WORKERS}))
