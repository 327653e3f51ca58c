"""Statement groups: one node for each connected component of ``isnad:sameStatementAs``.

Grouping claims by the closure ``isnad:sameStatementAs*`` makes a SPARQL engine walk every
path of a group from every member: on a large store, where one statement is reported by
hundreds of articles, that never finishes. So the groups are written where the links
are, in the graph ``{base}graph/links``: every linked claim gets ``isnad:statement`` to an
``isnad:Statement`` node named after the group's smallest claim IRI
(:meth:`kg.iris.Minter.statement`), so the same links always give the same node. A build
writes every group (:func:`write_groups`); ``isnad add`` and ``remove`` rewrite only the
groups their claims belong to, before and after the change (:func:`regroup`).
The node's IRI changes when its smallest claim leaves the group or the group merges
with one whose smallest claim is smaller.

>>> components([("c3", "c1"), ("c2", "c3"), ("c5", "c4")])
[['c1', 'c2', 'c3'], ['c4', 'c5']]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from kg.iris import Minter
from kg.store import bulk_load_lines
from kg.vocab import ISNAD

SAME = ox.NamedNode(ISNAD + "sameStatementAs")
STATEMENT = ox.NamedNode(ISNAD + "statement")
STATEMENT_CLASS = ox.NamedNode(ISNAD + "Statement")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def components(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected components of the links ``pairs``: sorted members, sorted groups (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return sorted(sorted(g) for g in groups.values())


def write_groups(store: ox.Store, minter: Minter, pairs: Iterable[tuple[str, str]]) -> int:
    """The statement node of every component of ``pairs`` and each member's ``isnad:statement``
    into graph/links, in one bulk load of N-Quads; returns the number of groups."""
    g, has, kind, cls = (f"<{minter.graph('links')}>", str(STATEMENT), str(_TYPE), str(STATEMENT_CLASS))
    groups = components(pairs)

    def lines():
        for members in groups:
            node = f"<{minter.statement(members[0])}>"
            yield f"{node} {kind} {cls} {g} .\n"
            yield from (f"<{m}> {has} {node} {g} .\n" for m in members)

    bulk_load_lines(store, lines())
    return len(groups)


def regroup(store: ox.Store, minter: Minter, claims: Iterable[str]) -> int:
    """Rewrite the groups of ``claims`` after their links changed; returns the number of groups written.

    Visits every claim linked to ``claims`` now, and every claim that shared a group with
    one of them before (a removal may split a group), drops those old groups and writes
    the components of the links among the visited claims.
    """
    graph = ox.NamedNode(minter.graph("links"))
    todo, seen, old = list(claims), set(), set()
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        node = ox.NamedNode(c)
        todo += [q.object.value for q in store.quads_for_pattern(node, SAME, None, graph)]
        for q in store.quads_for_pattern(node, STATEMENT, None, graph):
            if q.object not in old:
                old.add(q.object)
                todo += [m.subject.value for m in store.quads_for_pattern(None, STATEMENT, q.object, graph)]
    doomed = [q for n in old for pattern in ((None, STATEMENT, n), (n, None, None))
              for q in store.quads_for_pattern(*pattern, graph)]
    for q in doomed:
        store.remove(q)
    pairs = [(c, q.object.value) for c in sorted(seen)
             for q in store.quads_for_pattern(ox.NamedNode(c), SAME, None, graph) if c < q.object.value]
    return write_groups(store, minter, pairs)
