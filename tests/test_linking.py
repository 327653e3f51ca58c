"""Same statement, several outlets: claims linked across articles, in a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import merge_entities
from kg.iris import Minter
from kg.linking import MAX_LINKS, SAME, ClaimRecord, LinkRule, find_links, link_articles, same_statement, statement_group, write_links
from kg.model import ArticleMeta, Claim, Extraction, OutletRef, SourceDoc, SpeakerRef
from kg.publish import drop_article
from kg.rdf import BuildRun, article_rdf
from kg.settings import PROJECT_ROOT, Settings
from kg.statements import STATEMENT, STATEMENT_CLASS
from kg.store import STORE, DataDir

M = Minter()
RUN = BuildRun.create(version="test", started="2021-01-01T00:00:00+00:00")
LAVROV = SpeakerRef(key="sergey-lavrov", kind="person", label_ar="سيرغي لافروف", label_en="Sergey Lavrov")
CAVUSOGLU = SpeakerRef(key="mevlut-cavusoglu", kind="person", label_ar="مولود جاويش أوغلو")

SAID_A = "روسيا وتركيا اتفقتا على مواصلة العمل المشترك لتسوية الأوضاع في ليبيا"
SAID_B = "موسكو وأنقرة اتفقتا على مواصلة العمل المشترك من أجل تسوية الوضع في ليبيا"
SAID_C = "الولايات المتحدة تتحمل المسؤولية عن الفوضى في سوريا والعراق"


def extraction(name: str, said: str, speaker: SpeakerRef, published: dt.date | None, outlet: str) -> Extraction:
    text = f"عنوان {name}\nقال المتحدث إن {said}.\n"
    doc = SourceDoc(name=name, text=text, sha256=(name.encode().hex() * 64)[:64])
    start = text.index(said)
    claim = Claim(kind="indirect", start=start, end=start + len(said), text=said, speaker=speaker,
                  topics=["libya"])
    meta = ArticleMeta(headline=f"عنوان {name}", published=published, publisher=OutletRef(key=outlet, label_ar=outlet))
    return Extraction(doc=doc, meta=meta, claims=[claim])


def load(store: ox.Store, ex: Extraction) -> str:
    art = article_rdf(ex, M, RUN)
    store.load(art.graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(art.iri)))
    eg = ox.NamedNode(M.graph("entities"))
    old = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, eg))
    store.remove_graph(eg) if store.contains_named_graph(eg) else None
    merged = merge_entities([old, art.entities.serialize(format="nt")])
    store.load(merged.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, to_graph=eg)
    return str(art.iri)


def claim_of(article: str, store: ox.Store) -> str:
    g = ox.NamedNode(article)
    return next(q.subject.value for q in store.quads_for_pattern(None, None, g, g))


def links(store: ox.Store) -> set[tuple[str, str]]:
    return {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, SAME, None, None)}


def groups(store: ox.Store) -> set[tuple[str, str]]:
    """(claim, statement node) of every claim, and ('a', node) of every typed node, in graph/links."""
    g = ox.NamedNode(M.graph("links"))
    members = {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, STATEMENT, None, g)}
    typed = {("a", q.subject.value) for q in store.quads_for_pattern(None, None, STATEMENT_CLASS, g)}
    return members | typed


def links_graph(store: ox.Store) -> set[tuple[str, str, str]]:
    g = ox.NamedNode(M.graph("links"))
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None, g)}


def rebuilt_links(store: ox.Store, tmp_path: Path) -> set[tuple[str, str, str]]:
    """The links graph a fresh write_links gives on a copy of ``store``."""
    copy = ox.Store(str(tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"))
    copy.bulk_load(ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS),
                   ox.RdfFormat.N_QUADS)
    write_links(copy, M)
    return links_graph(copy)


ARTICLES = {
    "a": ("a.txt", SAID_A, LAVROV, dt.date(2021, 3, 4), "وكالة تاس"),
    "b": ("b.txt", SAID_B, LAVROV, dt.date(2021, 3, 5), "الجزيرة"),
    "c": ("c.txt", SAID_C, LAVROV, dt.date(2021, 3, 4), "الشرق الأوسط"),  # same speaker, other statement
    "d": ("d.txt", SAID_A, CAVUSOGLU, dt.date(2021, 3, 4), "رويترز"),  # same words, other speaker
    "e": ("e.txt", SAID_A, LAVROV, dt.date(2021, 6, 1), "أوطان بوست"),  # same words, months later
    "f": ("f.txt", SAID_B, LAVROV, None, "الصباحية"),  # undated
}


@pytest.fixture()
def store(tmp_path) -> tuple[ox.Store, dict[str, str]]:
    s = ox.Store(str(tmp_path / "store"))
    arts = {k: load(s, extraction(*v)) for k, v in ARTICLES.items()}
    return s, arts


def test_words_overlap_rule():
    a = ClaimRecord("1", "s", SAID_A, dt.date(2021, 3, 4), "x")
    assert same_statement(a, ClaimRecord("2", "s", SAID_B, dt.date(2021, 3, 6), "y"))
    assert not same_statement(a, ClaimRecord("2", "s", SAID_B, dt.date(2021, 3, 6), "x"))  # same article
    assert not same_statement(a, ClaimRecord("2", "t", SAID_A, dt.date(2021, 3, 4), "y"))  # other speaker
    assert not same_statement(a, ClaimRecord("2", "s", SAID_A, dt.date(2021, 4, 4), "y"))  # a month apart
    assert same_statement(a, ClaimRecord("2", "s", SAID_A, None, "y"))  # unknown date: words decide
    assert not same_statement(a, ClaimRecord("2", "s", SAID_C, dt.date(2021, 3, 4), "y"))


def rec(iri: str, text: str, date: dt.date | None, article: str | None = None) -> ClaimRecord:
    return ClaimRecord(iri, "s", text, date, article or f"art-{iri}")


def test_an_undated_claim_links_to_its_best_match_only():
    mar4, mar5, jun1 = dt.date(2021, 3, 4), dt.date(2021, 3, 5), dt.date(2021, 6, 1)
    # the wording it repeats word for word wins over a close paraphrase
    assert find_links([rec("a", SAID_A, mar4), rec("b", SAID_B, mar5), rec("f", SAID_B, None)]) == [
        ("a", "b"), ("b", "f")]
    # its best wording said in March and in June: which statement it reports is not known
    assert find_links([rec("a", SAID_A, mar4), rec("e", SAID_A, jun1), rec("f", SAID_A, None)]) == []
    # said on two days in a row: the same statement, linked to both
    assert find_links([rec("a", SAID_A, mar4), rec("a2", SAID_A, mar5), rec("f", SAID_A, None)]) == [
        ("a", "a2"), ("a", "f"), ("a2", "f")]
    # two undated reports of one wording find each other; nothing is linked within an article
    assert find_links([rec("f", SAID_B, None), rec("g", SAID_B, None)]) == [("f", "g")]
    assert find_links([rec("f", SAID_B, None, "x"), rec("g", SAID_B, None, "x")]) == []


def test_a_statement_carried_by_many_outlets_is_not_a_clique(tmp_path):
    """N reports of one statement: each chooses at most MAX_LINKS, and they stay one group."""
    day = dt.date(2021, 3, 4)
    many = [rec(f"c{i:02d}", SAID_A if i % 2 else SAID_B, day + dt.timedelta(days=i % 3)) for i in range(30)]
    pairs = find_links(many)
    assert len(pairs) <= len(many) * MAX_LINKS < len(many) * (len(many) - 1) // 2
    degree = {c.iri: sum(c.iri in p for p in pairs) for c in many}
    assert min(degree.values()) >= MAX_LINKS
    assert find_links(many, rule=LinkRule(max_links=100)) == sorted(
        (a.iri, b.iri) for a in many for b in many if a.iri < b.iri)  # no cap: every pair
    s = ox.Store(str(tmp_path / "store"))
    arts = [load(s, extraction(f"m{i:02d}.txt", SAID_A if i % 2 else SAID_B, LAVROV,
                               day + dt.timedelta(days=i % 3), "وكالة تاس")) for i in range(30)]
    write_links(s, M)
    assert len({n for c, n in groups(s) if c != "a"}) == 1 and len(groups(s)) == len(arts) + 1


def test_build_time_links_are_symmetric_and_selective(store):
    s, arts = store
    n = write_links(s, M)
    ca, cb, cf = (claim_of(arts[k], s) for k in "abf")
    expected = {(ca, cb), (cb, cf)}  # undated f: its best match only; e (June) stays alone
    assert n == len(expected)
    assert links(s) == expected | {(y, x) for x, y in expected}
    graphs = {q.graph_name.value for q in s.quads_for_pattern(None, SAME, None, None)}
    assert graphs == {M.graph("links")}
    assert write_links(s, M) == n and len(links(s)) == 2 * n  # recomputing does not duplicate
    # one statement group a-b-f, named after the smallest claim
    node = M.statement(min(ca, cb, cf))
    assert groups(s) == {(c, node) for c in (ca, cb, cf)} | {("a", node)}


def test_incremental_groups_equal_a_fresh_recompute(store, tmp_path):
    """Adding merges groups, removing splits them, a new report can make an undated one
    ambiguous: each step leaves graph/links as write_links gives it."""
    s, arts = store
    for k in "bef":
        s.remove_graph(ox.NamedNode(arts[k]))
    write_links(s, M)
    assert groups(s) == set()  # a, c, d: nothing is linked
    undated = ("g.txt", SAID_A, LAVROV, None, "الصباحية")
    g = load(s, extraction(*undated))  # undated, the words of a: linked to a
    link_articles(s, M, [g])
    ca, cg = claim_of(arts["a"], s), claim_of(g, s)
    assert links(s) == {(ca, cg), (cg, ca)} and links_graph(s) == rebuilt_links(s, tmp_path)
    e = load(s, extraction(*ARTICLES["e"]))  # the same words in June: g could report either
    link_articles(s, M, [e])
    assert links(s) == set() and groups(s) == set()
    assert links_graph(s) == rebuilt_links(s, tmp_path)
    b = load(s, extraction(*ARTICLES["b"]))
    link_articles(s, M, [b])
    f = load(s, extraction(*ARTICLES["f"]))  # undated, the words of b: joins a-b
    link_articles(s, M, [f])
    assert links_graph(s) == rebuilt_links(s, tmp_path) and len(groups(s)) == 4
    drop_article(s, M, e)  # g is no longer ambiguous: back to a
    assert (ca, cg) in links(s) and links_graph(s) == rebuilt_links(s, tmp_path)
    drop_article(s, M, b)  # f loses its wording: its next best are a and g (the words of a)
    cf = claim_of(f, s)
    node = M.statement(min(ca, cg, cf))
    assert groups(s) == {(ca, node), (cg, node), (cf, node), ("a", node)}
    assert links_graph(s) == rebuilt_links(s, tmp_path)
    drop_article(s, M, arts["a"])  # the two undated reports are left, linked to each other
    assert links(s) == {(cf, cg), (cg, cf)} and links_graph(s) == rebuilt_links(s, tmp_path)


def test_incremental_link_and_unlink(store, tmp_path):
    s, arts = store
    s.remove_graph(ox.NamedNode(arts["b"]))
    write_links(s, M)
    assert links(s) == set()  # f's best wording was said in March and in June
    b = load(s, extraction(*ARTICLES["b"]))
    ca, cb, cf = claim_of(arts["a"], s), claim_of(b, s), claim_of(arts["f"], s)
    assert link_articles(s, M, [b]) == 2
    assert links(s) == {(ca, cb), (cb, ca), (cb, cf), (cf, cb)}
    dropped = drop_article(s, M, b)
    assert dropped == [cb]
    assert links(s) == set()
    assert links_graph(s) == rebuilt_links(s, tmp_path)


def test_many_reports_added_one_by_one_equal_a_fresh_recompute(tmp_path):
    """The cap makes a new report change which links its neighbours choose: still exact."""
    s = ox.Store(str(tmp_path / "store"))
    day = dt.date(2021, 3, 4)
    first = [load(s, extraction(f"m{i:02d}.txt", SAID_A, LAVROV, day + dt.timedelta(days=i % 5), "تاس"))
             for i in range(12)]
    write_links(s, M)
    later = []
    for i in range(12, 20):
        later.append(load(s, extraction(f"m{i:02d}.txt", SAID_B if i % 2 else SAID_A, LAVROV,
                                        day + dt.timedelta(days=i % 5), "تاس")))
        link_articles(s, M, [later[-1]])
        assert links_graph(s) == rebuilt_links(s, tmp_path)
    for art in (later[0], first[3], later[-1]):
        drop_article(s, M, art)
        assert links_graph(s) == rebuilt_links(s, tmp_path)


def published(tmp_path: Path, s: ox.Store) -> Settings:
    """Publish the store as a build in a data folder, to query it through the server's Isnad."""
    data = DataDir(tmp_path / "data")
    build = data.new_build()
    s.flush()
    s.backup(str(build / STORE))
    data.publish(build)
    return Settings.load(env={}, overrides={"data": str(tmp_path / "data")})


def test_statement_group_earliest_first(store, tmp_path):
    from kg.server import Isnad

    s, arts = store
    write_links(s, M)
    app = Isnad(published(tmp_path, s))
    try:
        group = statement_group(app, claim_of(arts["b"], s))
    finally:
        app.engine.close()
    # b's reports: a (the day before) and undated f (b's words); e (June) is another statement
    assert [r.article for r in group] == [arts["a"], arts["b"], arts["f"]]  # undated last
    assert [r.outlet_label for r in group] == ["وكالة تاس", "الجزيرة", "الصباحية"]
    assert group[0].text == SAID_A and group[1].text == SAID_B
    assert group[0].date == dt.date(2021, 3, 4) and group[2].date is None


def test_example_query_lists_each_group(store):
    s, arts = store
    s.remove_graph(ox.NamedNode(arts["e"]))
    write_links(s, M)
    rq = (PROJECT_ROOT / "kg" / "queries" / "same-statement.rq").read_text()
    assert "# title:" in rq and "# description:" in rq
    rows = list(s.query(rq, use_default_graph_as_union=True))
    assert {r["article"].value for r in rows} == {arts["a"], arts["b"], arts["f"]}
    assert len({r["statement"].value for r in rows}) == 1
    assert [r["outlet"].value for r in rows] == ["وكالة تاس", "الجزيرة", "الصباحية"]


# The query the example used before the statement groups: the closure of the links.
CLOSURE = """
SELECT ?statement ?date ?outlet ?text ?claim ?article WHERE {
  { SELECT ?claim (MIN(STR(?member)) AS ?statement) WHERE {
      ?claim isnad:sameStatementAs ?other .
      ?claim isnad:sameStatementAs* ?member .
    } GROUP BY ?claim }
  ?claim isnad:text ?text ; isnad:reportedIn ?article .
  OPTIONAL { ?claim isnad:statedOn ?stated }
  OPTIONAL { ?article schema:datePublished ?published }
  BIND(COALESCE(?stated, ?published) AS ?date)
  OPTIONAL { ?article schema:publisher ?publisher .
             ?publisher skos:prefLabel ?outlet FILTER(langMatches(lang(?outlet), "ar")) }
}
ORDER BY ?statement (!BOUND(?date)) ?date ?claim
"""


def _answers(store: ox.Store, q: str) -> list[tuple]:
    from kg.rdf import PREFIXES

    return [tuple(None if t is None else str(t) for t in r)
            for r in store.query(q, use_default_graph_as_union=True, prefixes=PREFIXES)]


def test_example_query_answers_as_the_closure_did(store, built):
    """The statement groups give the rows the property path gave, on the small store and the built corpus."""
    s, _ = store
    write_links(s, M)
    rq = (PROJECT_ROOT / "kg" / "queries" / "same-statement.rq").read_text()
    assert "sameStatementAs*" not in rq
    assert _answers(s, rq) == _answers(s, CLOSURE) != []
    corpus = ox.Store.read_only(str(DataDir(built.data_dir).current() / STORE))
    assert _answers(corpus, rq) == _answers(corpus, CLOSURE)
