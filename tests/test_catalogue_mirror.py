"""The build computes links and the catalogue from an in-memory mirror of its store (without
article bodies); both must be exactly what the published on-disk store gives."""

from __future__ import annotations

import sqlite3

from kg.iris import Minter
from kg.linking import claim_records, find_links
from kg.search import build_index
from kg.store import SEARCH, DataDir, open_store
from kg.vocab import ISNAD


def _tables(path) -> dict[str, set[tuple]]:
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'claim_fts%'")]
        out = {n: set(con.execute(f'SELECT * FROM "{n}"')) for n in names}
        # the full-text index: what a search finds must be the same
        out["fts"] = set(con.execute("SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'روسيا*'"))
        return out
    finally:
        con.close()


def test_catalogue_from_the_mirror_equals_one_from_the_store(built, tmp_path):
    build = DataDir(built.data_dir).current()
    (tmp_path / "store").symlink_to(build / "store", target_is_directory=True)
    build_index(tmp_path, built.base_iri)  # read from the on-disk store, as a rebuild of the catalogue would
    ours, theirs = _tables(build / SEARCH), _tables(tmp_path / SEARCH)
    assert ours.keys() == theirs.keys()
    assert sum(len(v) for v in ours.values()) > 100
    for name in ours:
        assert ours[name] == theirs[name], name
    assert ours["fts"], "the search finds nothing"


def test_links_from_the_mirror_equal_links_from_the_store(built):
    store = open_store(DataDir(built.data_dir).current())
    graph = Minter(built.base_iri).graph("links")
    import pyoxigraph as ox

    stored = {tuple(sorted((q.subject.value, q.object.value)))
              for q in store.quads_for_pattern(None, ox.NamedNode(ISNAD + "sameStatementAs"), None,
                                               ox.NamedNode(graph))}
    assert stored == set(find_links(claim_records(store)))
