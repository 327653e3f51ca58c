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
from typing import Iterable

import pyoxigraph as ox

from kg.iris import Minter
from kg.statements import SAME, regroup, write_groups
from kg.store import bulk_load_lines, first_objects
from kg.vocab import ISNAD
from kg.normalize import fold

MIN_SHARED, MIN_OVERLAP, MAX_DAYS = 3, 0.5, 3
# most links a claim chooses: a statement carried by N outlets gives about N * MAX_LINKS links,
# not N * N (its isnad:Statement group still holds all N)
MAX_LINKS = 8

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


def _score(wa: frozenset[str], wb: frozenset[str], min_shared: int, min_overlap: float) -> tuple[float, int] | None:
    """(share of the shorter text, words shared) when the words overlap enough, else None."""
    shared = len(wa & wb)
    small = min(len(wa), len(wb))
    if small >= 2 and shared >= min(min_shared, small) and shared / small >= min_overlap:
        return shared / small, shared
    return None


def _overlap(wa: frozenset[str], wb: frozenset[str], min_shared: int, min_overlap: float) -> bool:
    return _score(wa, wb, min_shared, min_overlap) is not None


def same_statement(a: ClaimRecord, b: ClaimRecord, *, min_shared: int = MIN_SHARED,
                   min_overlap: float = MIN_OVERLAP, max_days: int = MAX_DAYS) -> bool:
    """Could ``a`` and ``b`` report one statement? (Which pairs are linked is :func:`find_links`.)"""
    return (a.article != b.article and a.speaker == b.speaker and _close(a.date, b.date, max_days)
            and _overlap(words(a.text), words(b.text), min_shared, min_overlap))


@dataclass(frozen=True)
class LinkRule:
    """The thresholds of linking: words shared, share of the shorter text, days apart, links chosen."""

    min_shared: int = MIN_SHARED
    min_overlap: float = MIN_OVERLAP
    max_days: int = MAX_DAYS
    max_links: int = MAX_LINKS


class _Pool:
    """One speaker's claims (or several speakers'), indexed for choosing links.

    Each claim *chooses* the claims it links to; a pair is linked when either side chose
    the other. A dated claim chooses among the same speaker's dated claims of the days
    around it, the earliest ``max_links`` (then by words shared): every report links back
    towards the first ones, so the reports of one statement stay connected, whatever their
    wording, without a link for every pair of them. An undated claim chooses among all the
    speaker's claims, and only the best match: if the best wording was said on dates
    further apart than ``max_days``, the text does not tell which statement it reports and
    it chooses none.
    """

    def __init__(self, claims: Iterable[ClaimRecord], rule: LinkRule):
        self.claims = list(claims)
        self.rule = rule
        self.bags = [words(c.text) for c in self.claims]
        self.position = {c.iri: i for i, c in enumerate(self.claims)}
        self.by_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
        self.by_bag: dict[str, dict[frozenset[str], list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, c in enumerate(self.claims):
            if c.date is not None:
                self.by_day[(c.speaker, c.date)].append(i)
            self.by_bag[c.speaker][self.bags[i]].append(i)
        self._window = [dt.timedelta(days=k) for k in range(-rule.max_days, rule.max_days + 1)]
        self._best: dict[tuple[str, frozenset[str]], list[tuple[tuple[float, int], list[int]]]] = {}

    def _score(self, a: frozenset[str], b: frozenset[str]) -> tuple[float, int] | None:
        return _score(a, b, self.rule.min_shared, self.rule.min_overlap)

    def _matches(self, speaker: str, bag: frozenset[str]) -> list[tuple[tuple[float, int], list[int]]]:
        """The speaker's claims whose words overlap ``bag``, grouped by score, best first
        (computed once per distinct wording: reprinted texts share the work)."""
        key = (speaker, bag)
        if key not in self._best:
            by_score: dict[tuple[float, int], list[int]] = defaultdict(list)
            for other, members in self.by_bag[speaker].items():
                score = self._score(bag, other)
                if score is not None:
                    by_score[score] += members
            self._best[key] = sorted(by_score.items(), reverse=True)
        return self._best[key]

    def chosen(self, i: int) -> list[int]:
        """The claims claim ``i`` chooses to link to."""
        c, bag = self.claims[i], self.bags[i]
        if c.date is None:
            found: list[int] = []
            for _, members in self._matches(c.speaker, bag):
                found = [j for j in members if self.claims[j].article != c.article]
                if found:  # the best wording found in another article
                    break
            dates = [self.claims[j].date for j in found if self.claims[j].date is not None]
            if dates and (max(dates) - min(dates)).days > self.rule.max_days:
                return []  # said on several occasions: which one this reports is not known
            return sorted(found, key=lambda j: self.claims[j].iri)[: self.rule.max_links]
        ranked = []
        for d in self._window:
            for j in self.by_day.get((c.speaker, c.date + d), ()):
                if self.claims[j].article == c.article:
                    continue
                score = self._score(bag, self.bags[j])
                if score is not None:  # earliest first, nearest to the source; then best words
                    ranked.append((d.days, -score[0], -score[1], self.claims[j].iri, j))
        ranked.sort()
        return [j for *_, j in ranked[: self.rule.max_links]]


def find_links(claims: Iterable[ClaimRecord], *, rule: LinkRule = LinkRule()) -> list[tuple[str, str]]:
    """Pairs (iri, iri), sorted, of claims reporting the same statement (see :class:`_Pool`).

    A dated claim is only compared with the same speaker's claims of the days around it,
    so the work grows with how much one speaker says in a week, not with all pairs; and
    each claim chooses at most ``rule.max_links``, so a statement carried by many outlets
    does not give a link for every pair of them.
    """
    pool = _Pool(claims, rule)
    return sorted(_pairs(pool, {i: pool.chosen(i) for i in range(len(pool.claims))}))


def _pairs(pool: _Pool, choices: dict[int, list[int]]) -> set[tuple[str, str]]:
    """The pairs (iri, iri), smaller first, of each claim and the claims it chose."""
    out = set()
    for i, chosen in choices.items():
        a = pool.claims[i].iri
        for j in chosen:
            b = pool.claims[j].iri
            out.add((a, b) if a < b else (b, a))
    return out


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
    """Both directions of every pair into ``graph``, in bulk loads of N-Quads of
    ``LOAD_LINES`` lines (one text of millions of links took gigabytes)."""
    same, g = str(SAME), str(graph)
    n = 0

    def lines():
        nonlocal n
        for a, b in pairs:
            n += 1
            yield f"<{a}> {same} <{b}> {g} .\n"
            yield f"<{b}> {same} <{a}> {g} .\n"

    bulk_load_lines(store, lines())
    return n


def write_links(store: ox.Store, minter: Minter, *, source: ox.Store | None = None,
                rule: LinkRule = LinkRule()) -> int:
    """(Re)compute every link and statement group of the store into graph/links; returns the
    number of pairs. ``source``: a store with the same claims to read them from (e.g. a
    faster in-memory copy)."""
    graph = ox.NamedNode(minter.graph("links"))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.add_graph(graph)
    pairs = find_links(claim_records(source if source is not None else store), rule=rule)
    write_groups(store, minter, pairs)
    return _add_pairs(store, graph, pairs)


def _relink(store: ox.Store, minter: Minter, changed: list[ClaimRecord], rule: LinkRule,
            *, gone: Iterable[str] = ()) -> set[tuple[str, str]]:
    """Bring graph/links in step after ``changed`` claims were added to (or removed from) the
    store; returns the pairs now linked around them.

    Only the choices that can differ are recomputed: those of the claims of a changed
    claim's speaker dated within ``max_days`` of it, and of that speaker's undated claims
    (whose best match is looked for everywhere), with the choices of their neighbours to
    decide their pairs. The links graph ends as :func:`write_links` would write it.
    """
    graph = ox.NamedNode(minter.graph("links"))
    touched: set[str] = set(gone)
    result: set[tuple[str, str]] = set()
    for speaker in sorted({c.speaker for c in changed}):
        pool = _Pool(claim_records(store, speaker=speaker), rule)
        days = {c.date for c in changed if c.speaker == speaker and c.date is not None}
        near = {d + dt.timedelta(days=k) for d in days for k in range(-rule.max_days, rule.max_days + 1)}
        mine = {c.iri for c in changed if c.speaker == speaker}  # added ones are in the pool, removed ones not
        core = {i for i, c in enumerate(pool.claims) if c.date is None or c.date in near or c.iri in mine}
        old = [q for i in core for q in store.quads_for_pattern(ox.NamedNode(pool.claims[i].iri), SAME, None, graph)]
        chosen = {i: pool.chosen(i) for i in core}
        around = {pool.position[q.object.value] for q in old if q.object.value in pool.position}
        around |= {j for js in chosen.values() for j in js}
        pairs = _pairs(pool, chosen)
        neighbours = {j: pool.chosen(j) for j in around - core}
        pairs |= {p for p in _pairs(pool, neighbours) if pool.position[p[0]] in core or pool.position[p[1]] in core}
        for q in old:
            store.remove(q)
            store.remove(ox.Quad(q.object, SAME, q.subject, graph))
        _add_pairs(store, graph, pairs)
        touched |= {pool.claims[i].iri for i in core | around}
        result |= {p for p in pairs if p[0] in mine or p[1] in mine}
    regroup(store, minter, sorted(touched))
    return result


def link_articles(store: ox.Store, minter: Minter, articles: Iterable[str], *, rule: LinkRule = LinkRule()) -> int:
    """Link the claims of newly added ``articles`` with the rest of the store; returns the
    number of pairs with one of their claims."""
    new = [c for a in articles for c in claim_records(store, article=a)]
    return len(_relink(store, minter, new, rule))


def unlink_claims(store: ox.Store, minter: Minter, claims: Iterable[ClaimRecord], *,
                  rule: LinkRule = LinkRule()) -> int:
    """Drop every link to or from ``claims`` (already removed from the store), relink the
    claims whose choices they changed, and rewrite the statement groups; returns the number
    of link triples removed from or to them."""
    graph = ox.NamedNode(minter.graph("links"))
    claims = list(claims)
    doomed = set()
    for c in claims:
        node = ox.NamedNode(c.iri)
        doomed |= set(store.quads_for_pattern(node, SAME, None, graph))
        doomed |= set(store.quads_for_pattern(None, SAME, node, graph))
    for q in doomed:
        store.remove(q)
    _relink(store, minter, claims, rule, gone=[c.iri for c in claims])
    return len(doomed)


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
    it directly (links are not chained: a chain of reports each within days of the next
    can span weeks, which are not one occasion). Undated reports come last.
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
