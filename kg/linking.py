"""Same statement, several outlets: link claims that report one statement.

Two claims are linked with ``isnad:sameStatementAs`` (both directions: the property is
symmetric) when they come from different articles, have the same speaker, their folded
words overlap enough, and their dates are at most a few days apart (or unknown). A
claim's date is its ``isnad:statedOn``, else its article's ``schema:datePublished``.
The links live in the named graph ``{base}graph/links``: computed after all articles
at build time (:func:`write_links`) and updated by ``isnad add``/``remove``, with the
statement groups of :mod:`kg.statements` (one ``isnad:Statement`` node per connected
component of the links) kept in step.

>>> a = ClaimRecord("c1", "lavrov", "روسيا وتركيا اتفقتا على مواصلة العمل المشترك في ليبيا", None, "a1")
>>> b = ClaimRecord("c2", "lavrov", "اتفقت روسيا وتركيا على مواصلة العمل المشترك لتسوية الأوضاع في ليبيا", None, "a2")
>>> c = ClaimRecord("c3", "lavrov", "الولايات المتحدة تتحمل مسؤولية الفوضى في سوريا", None, "a3")
>>> same_statement(a, b), same_statement(a, c)
(True, False)
>>> find_links([a, b, c])
[('c1', 'c2')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Iterable

import pyoxigraph as ox

from kg.iris import Minter
from kg.statements import SAME, regroup, write_groups
from kg.store import first_objects
from kg.vocab import ISNAD
from kg.normalize import fold

MIN_SHARED, MIN_OVERLAP, MAX_DAYS = 3, 0.5, 3

_WORD = re.compile(r"\w+", re.UNICODE)
# folded (hamza-less, ta marbuta as ha) function words that say nothing about the statement
_STOP = frozenset(fold(w) for w in (
    "في من على إلى الى عن مع أن إن ان أنه انه إنه أنها انها كان كانت هذا هذه ذلك تلك التي الذي الذين "
    "هو هي هم ما لا لم لن قد بين حول عبر خلال بعد قبل عند كل كما أو او ثم حتى منذ وقال قال قالت وأضاف أضاف "
    "أكد وأكد أكدت اكد اعلن أعلن أعلنت وأوضح أوضح مشيرا مضيفا غير").split())


@dataclass(frozen=True)
class ClaimRecord:
    """What linking needs to know about one claim."""

    iri: str
    speaker: str
    text: str
    date: dt.date | None
    article: str


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """Content words of a text: folded, light prefixes (و ف ب ل ال) dropped, function words out."""
    out = set()
    for w in _WORD.findall(fold(text)):
        if len(w) > 3 and w[0] in "وف":
            w = w[1:]
        for prefix in ("بال", "كال", "لل", "ال"):
            if w.startswith(prefix) and len(w) - len(prefix) >= 2:
                w = w[len(prefix):]
                break
        if len(w) >= 2 and w not in _STOP:
            out.add(w)
    return frozenset(out)


def _close(a: dt.date | None, b: dt.date | None, max_days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= max_days


def _overlap(wa: frozenset[str], wb: frozenset[str], min_shared: int, min_overlap: float) -> bool:
    shared = len(wa & wb)
    small = min(len(wa), len(wb))
    return small >= 2 and shared >= min(min_shared, small) and shared / small >= min_overlap


def same_statement(a: ClaimRecord, b: ClaimRecord, *, min_shared: int = MIN_SHARED,
                   min_overlap: float = MIN_OVERLAP, max_days: int = MAX_DAYS) -> bool:
    return (a.article != b.article and a.speaker == b.speaker and _close(a.date, b.date, max_days)
            and _overlap(words(a.text), words(b.text), min_shared, min_overlap))


def find_links(claims: Iterable[ClaimRecord], *, new: Iterable[ClaimRecord] | None = None,
               min_shared: int = MIN_SHARED, min_overlap: float = MIN_OVERLAP,
               max_days: int = MAX_DAYS) -> list[tuple[str, str]]:
    """Pairs (iri, iri), sorted, of claims reporting the same statement.

    With ``new``, only pairs involving a claim of ``new`` are returned (``claims`` are the
    ones already linked among themselves). Candidates come from an index of claims per
    speaker and day, so a dated claim is only compared with the same speaker's claims of
    the days around it (and the undated ones): the work grows with how much one speaker
    says in a week, not with all pairs.
    """
    claims = list(claims)
    targets = list(new) if new is not None else claims
    known = {c.iri for c in claims}
    pool = claims + ([t for t in targets if t.iri not in known] if new is not None else [])
    bags = [words(c.text) for c in pool]
    by_day: dict[tuple[str, dt.date | None], list[int]] = defaultdict(list)
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(pool):
        by_day[(c.speaker, c.date)].append(i)
        by_speaker[c.speaker].append(i)
    position = {c.iri: i for i, c in enumerate(pool)}
    window = [dt.timedelta(days=k) for k in range(-max_days, max_days + 1)]
    pairs: set[tuple[str, str]] = set()
    for t in targets:
        i = position[t.iri]
        if t.date is None:
            candidates: Iterable[int] = by_speaker[t.speaker]
        else:
            candidates = chain(by_day.get((t.speaker, None), ()),
                               *(by_day.get((t.speaker, t.date + d), ()) for d in window))
        for j in candidates:
            other = pool[j]
            if j != i and other.article != t.article and _overlap(bags[i], bags[j], min_shared, min_overlap):
                pairs.add((t.iri, other.iri) if t.iri < other.iri else (other.iri, t.iri))
    return sorted(pairs)


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


_P = {k: ox.NamedNode(ISNAD + k) for k in ("speaker", "text", "reportedIn", "statedOn")}
_PUBLISHED = ox.NamedNode("https://schema.org/datePublished")


def _one(store: ox.Store, s, p, g):
    return next((q.object for q in store.quads_for_pattern(s, p, None, g)), None)


def _record(store: ox.Store, claim: ox.NamedNode, graph) -> ClaimRecord | None:
    speaker, text, article = (_one(store, claim, _P[k], graph) for k in ("speaker", "text", "reportedIn"))
    if speaker is None or text is None or article is None:
        return None
    date = _date(_one(store, claim, _P["statedOn"], graph)) or _date(_one(store, article, _PUBLISHED, graph))
    return ClaimRecord(claim.value, speaker.value, text.value, date, article.value)


def claim_records(store: ox.Store, *, speaker: str | None = None, article: str | None = None) -> list[ClaimRecord]:
    """Claims of the store (or of one speaker, or of one article graph), for linking.

    One speaker's or one article's claims are read by quad patterns (index lookups), so
    the cost does not grow with the store.
    """
    if article:
        g = ox.NamedNode(article)
        found = [(q.subject, g) for q in store.quads_for_pattern(None, _P["reportedIn"], g, g)]
    elif speaker:
        found = [(q.subject, q.graph_name) for q in store.quads_for_pattern(None, _P["speaker"], ox.NamedNode(speaker))]
    else:
        return _all_records(store)
    records = (_record(store, c, g) for c, g in dict(found).items())
    return [r for r in records if r is not None]


def _all_records(store: ox.Store) -> list[ClaimRecord]:
    """Every claim with a speaker, a text and an article: one scan per property, no query."""
    speaker, text, article, stated = (first_objects(store, _P[k].value)
                                      for k in ("speaker", "text", "reportedIn", "statedOn"))
    published = first_objects(store, _PUBLISHED.value)
    out = []
    for claim in sorted(speaker.keys() & text.keys() & article.keys()):
        art = article[claim].value
        date = _date(stated.get(claim)) or _date(published.get(art))
        out.append(ClaimRecord(claim, speaker[claim].value, text[claim].value, date, art))
    return out


def _add_pairs(store: ox.Store, graph: ox.NamedNode, pairs: Iterable[tuple[str, str]]) -> int:
    """Both directions of every pair into ``graph``, in one bulk load of N-Quads."""
    same, g = str(SAME), str(graph)
    lines, n = [], 0
    for a, b in pairs:
        lines += [f"<{a}> {same} <{b}> {g} .\n", f"<{b}> {same} <{a}> {g} .\n"]
        n += 1
    if lines:
        store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    return n


def write_links(store: ox.Store, minter: Minter, *, source: ox.Store | None = None) -> int:
    """(Re)compute every link and statement group of the store into graph/links; returns the
    number of pairs. ``source``: a store with the same claims to read them from (e.g. a
    faster in-memory copy)."""
    graph = ox.NamedNode(minter.graph("links"))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.add_graph(graph)
    pairs = find_links(claim_records(source if source is not None else store))
    write_groups(store, minter, pairs)
    return _add_pairs(store, graph, pairs)


def link_articles(store: ox.Store, minter: Minter, articles: Iterable[str]) -> int:
    """Link the claims of newly added ``articles`` with the rest of the store."""
    graph = ox.NamedNode(minter.graph("links"))
    new = [c for a in articles for c in claim_records(store, article=a)]
    pairs: set[tuple[str, str]] = set()
    for speaker in sorted({c.speaker for c in new}):
        mine = [c for c in new if c.speaker == speaker]
        pairs.update(find_links(claim_records(store, speaker=speaker), new=mine))
    n = _add_pairs(store, graph, pairs)
    regroup(store, minter, [c.iri for c in new])
    return n


def unlink_claims(store: ox.Store, minter: Minter, claims: Iterable[str]) -> int:
    """Drop every link to or from ``claims`` (their statement groups rewritten without them);
    returns the number of link triples removed."""
    graph = ox.NamedNode(minter.graph("links"))
    claims = list(claims)
    doomed = []
    for c in claims:
        node = ox.NamedNode(c)
        doomed += list(store.quads_for_pattern(node, SAME, None, graph))
        doomed += list(store.quads_for_pattern(None, SAME, node, graph))
    for q in set(doomed):
        store.remove(q)
    regroup(store, minter, claims)
    return len(set(doomed))


@dataclass(frozen=True)
class Report:
    """One article's wording of a statement."""

    claim: str
    text: str
    article: str
    date: dt.date | None
    outlet: str | None = None
    outlet_label: str | None = None
    url: str | None = None
    source_file: str | None = None
    headline: str | None = None


_GROUP = """
SELECT ?start ?claim ?text ?article ?stated ?published ?outlet ?label ?url ?file ?headline WHERE {
  ?start isnad:sameStatementAs? ?claim .
  ?claim isnad:text ?text ; isnad:reportedIn ?article .
  OPTIONAL { ?claim isnad:statedOn ?stated }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article isnad:sourceFile ?file }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:publisher ?outlet .
             OPTIONAL { ?outlet skos:prefLabel ?label FILTER(langMatches(lang(?label), "ar")) } }
}
"""


def statement_group(isnad_app, claim_iri: str) -> list[Report]:
    """Every article's wording of the statement ``claim_iri`` reports, earliest first.

    ``isnad_app`` is the server's :class:`~kg.server.Isnad` (anything with
    ``query(sparql, **bindings)``). The claim itself is included, with the claims linked to
    it directly (links are not chained: an undated report may be linked to two reports
    weeks apart, which are not the same statement). Undated reports come last.
    """
    seen: dict[str, Report] = {}
    for r in isnad_app.query(_GROUP, start=ox.NamedNode(claim_iri)):
        iri = r["claim"].value
        if iri in seen:
            continue
        val = (lambda k: r[k].value if r[k] is not None else None)
        seen[iri] = Report(iri, val("text"), val("article"), _date(r["stated"]) or _date(r["published"]),
                           val("outlet"), val("label"), val("url"), val("file"), val("headline"))
    return sorted(seen.values(), key=lambda x: (x.date is None, x.date or dt.date.min, x.claim))
