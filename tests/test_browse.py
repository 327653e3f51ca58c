"""Browse pages: counts, facets, folded search, keyset pages, claim and article highlighting, escaping."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from ui_synthetic import XSS, synth, synth_app, synth_client  # noqa: F401

from kg.rdf import PREFIXES
from kg.store import DataDir, open_store

HREF = re.compile(r'href="([^"]+)"')


def store_of(settings) -> ox.Store:
    return open_store(DataDir(settings.data_dir).current())


def sparql(settings, query: str) -> list:
    return list(store_of(settings).query(query, use_default_graph_as_union=True, prefixes=PREFIXES))


def claim_count(settings) -> int:
    return int(sparql(settings, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a isnad:Claim }")[0]["n"].value)


def get_json(client, url: str):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return json.loads(r.data)


def all_claims(client, url: str = "/claims.json?limit=1000") -> list[dict]:
    return get_json(client, url)["claims"]


@pytest.mark.parametrize("url", ["/", "/claims", "/speakers", "/topics", "/outlets", "/articles", "/query",
                                 "/downloads"])
def test_pages_of_the_built_corpus_are_rtl_arabic_with_english(client, url):
    r = client.get(url)
    assert r.status_code == 200
    html = r.data.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'lang="en"' in html  # English labels alongside
    assert "/static/isnad.css" in html


def test_home_counts_match_the_store(client, built, synth_client, synth):
    for c, settings in ((client, built), (synth_client, synth)):
        stats = get_json(c, "/index.json")["stats"]
        assert stats["claims"] == claim_count(settings)
        articles = sparql(settings, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a isnad:Article }")
        assert stats["articles"] == int(articles[0]["n"].value)


def test_home_lists_latest_claims_top_speakers_topics_outlets(synth_client):
    html = synth_client.get("/").data.decode()
    assert "/speakers/sergey-lavrov" in html and "/topics/libya" in html and "/outlets/rt-arabic" in html
    latest = get_json(synth_client, "/index.json")["latest"]
    dates = [c["date"] for c in latest]
    assert dates == sorted(dates, reverse=True)


def test_speaker_facet_counts_match_sparql_and_filter(synth_client, synth):
    facets = get_json(synth_client, "/claims.json")["facets"]
    expected = {s["s"].value.rsplit("/", 1)[-1]: int(s["n"].value) for s in sparql(
        synth, "SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c a isnad:Claim ; isnad:speaker ?s } GROUP BY ?s")}
    assert {f["id"]: f["count"] for f in facets["speaker"]} == expected
    for f in facets["speaker"]:
        page = get_json(synth_client, f"/claims.json?speaker={f['id']}&limit=1000")
        assert page["total"] == f["count"]
        assert {c["speaker_id"] for c in page["claims"]} == {f["id"]}


def test_topic_outlet_kind_year_facets_narrow(synth_client):
    every = all_claims(synth_client)
    data = get_json(synth_client, "/claims.json")
    for name in ("topic", "outlet", "kind", "year"):
        assert data["facets"][name], name
        for f in data["facets"][name]:
            page = get_json(synth_client, f"/claims.json?{name}={f['id']}&limit=1000")
            assert page["total"] == f["count"] == len(page["claims"]) <= len(every)
    years = get_json(synth_client, "/claims.json?year=2020&limit=1000")["claims"]
    assert years and all(c["date"].startswith("2020") for c in years)
    both = get_json(synth_client, "/claims.json?speaker=sergey-lavrov&topic=libya&limit=1000")["claims"]
    assert both and all(c["speaker_id"] == "sergey-lavrov" for c in both)
    assert len(both) < len(get_json(synth_client, "/claims.json?speaker=sergey-lavrov&limit=1000")["claims"])


def test_facet_links_in_html_lead_to_filtered_pages(synth_client):
    html = synth_client.get("/claims").data.decode()
    links = [h for h in HREF.findall(html) if h.startswith("/claims?") and "speaker=" in h]
    assert links
    r = synth_client.get(links[0].replace("&amp;", "&"))
    assert r.status_code == 200 and "selected" in r.data.decode()


@pytest.mark.parametrize("typed", ["الارهاب", "الإرهاب", "الأرهاب", "الإرهـــاب", "الإِرْهَاب"])
def test_search_folds_arabic_spelling(synth_client, typed):
    found = get_json(synth_client, f"/claims.json?q={typed}&limit=1000")["claims"]
    texts = [c["text"] for c in found]
    assert texts and all("الإرهاب" in t for t in texts)
    assert len(texts) == sum("الإرهاب" in c["text"] for c in all_claims(synth_client))


def test_search_ya_and_ta_marbuta_and_speaker_names(synth_client):
    assert get_json(synth_client, "/claims.json?q=الليبيه")["total"] >= 1  # ta marbuta folded
    by_alias = get_json(synth_client, "/claims.json?q=تشاووش")  # an altLabel of the speaker
    assert by_alias["total"] == 2 and {c["speaker_id"] for c in by_alias["claims"]} == {"mevlut-cavusoglu"}
    assert get_json(synth_client, "/claims.json?q=كلمةغيرموجودة")["total"] == 0
    assert get_json(synth_client, "/claims.json?q=%22%29%28*")["total"] == 0  # FTS syntax is quoted, no error


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_keyset_pages_cover_every_claim_once_in_order(synth_client, synth, sort):
    url, seen, dates = f"/claims.json?sort={sort}", [], []
    while url:
        page = get_json(synth_client, url)
        assert len(page["claims"]) <= synth.page_size
        seen += [c["id"] for c in page["claims"]]
        dates += [c["date"] or "" for c in page["claims"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == claim_count(synth)
    assert dates == sorted(dates, reverse=sort == "-date")


def test_claim_page_marks_the_span_of_the_source_paragraph(synth_client, synth):
    for c in all_claims(synth_client):
        html = synth_client.get(f"/claims/{c['id']}").data.decode()
        body = sparql(synth, f"SELECT ?b WHERE {{ <{c['article']}> schema:articleBody ?b }}")[0]["b"].value
        marked = re.search(r"<mark>(.*?)</mark>", html, re.S).group(1)
        if "<" not in c["text"]:
            assert marked == body[c["start"]:c["end"]] == c["text"]
        assert f'href="/speakers/{c["speaker_id"]}"' in html
        assert f'href="/articles/{c["article_id"]}"' in html


def test_claim_page_shows_kind_topics_outlet_confidence(synth_client):
    c = next(c for c in all_claims(synth_client) if c["speaker_id"] == "sergey-lavrov" and c["kind"] == "direct"
             and c["date"] == "2020-01-13")
    data = get_json(synth_client, f"/claims/{c['id']}.json")
    assert data["kind"] == "direct" and data["date"] == "2020-01-13"
    assert {t["id"] for t in data["topics"]} == {"libya", "political-process"}
    assert {(o["id"], o["role"]) for o in data["outlets"]} == {("rt-arabic", "publisher"), ("tass", "credit")}
    assert float(data["confidence"]) == pytest.approx(0.9)


def test_article_page_highlights_and_links_every_claim(synth_client):
    for a in get_json(synth_client, "/articles.json")["articles"]:
        html = synth_client.get(f"/articles/{a['id']}").data.decode()
        claims = get_json(synth_client, f"/articles/{a['id']}.json")["claims"]
        assert len(claims) == a["claims"]
        assert html.count('class="claim-span"') == len(claims)
        for c in claims:
            assert f'<a class="claim-span" href="/claims/{c["id"]}">' in html


def test_speaker_page_names_role_country_and_timeline(synth_client):
    html = synth_client.get("/speakers/mevlut-cavusoglu").data.decode()
    assert "مولود جاويش أوغلو" in html and "مولود تشاووش أوغلو" in html and "Mevlut Cavusoglu" in html
    assert "وزير الخارجية التركي" in html and ">TR<" in html
    svg = re.search(r"<svg class=\"timeline\".*?</svg>", html, re.S).group(0)
    data = get_json(synth_client, "/speakers/mevlut-cavusoglu.json")
    bars = len(data["timeline"])
    legend = len({row[1] for row in data["timeline"]})
    assert svg.count('<rect class="bar') == bars + legend
    assert sum(row[3] for row in data["timeline"]) >= len(data["claims"])


def test_topic_and_outlet_pages(synth_client, synth):
    topic = get_json(synth_client, "/topics/libya.json")
    assert topic["labels"]["ar"] and topic["labels"]["en"]
    on_libya = {c["id"] for c in get_json(synth_client, "/claims.json?topic=libya&limit=1000")["claims"]}
    assert len(topic["claims"]) == min(len(on_libya), synth.page_size)
    assert {c["id"] for c in topic["claims"]} <= on_libya
    tass = get_json(synth_client, "/outlets/tass.json")
    roles = {a["role"] for a in tass["articles"]}
    assert roles == {"publisher", "credit"}
    outlets = {o["id"]: o for o in get_json(synth_client, "/outlets.json")["outlets"]}
    assert outlets["rt-arabic"]["published"] == 2 and outlets["tass"]["credited"] == 1


@pytest.mark.parametrize("url", ["/claims/0000000000000000-1-2", "/speakers/nobody", "/topics/nothing",
                                 "/outlets/none", "/articles/0000000000000000", "/claims/..%2F..%2Fetc%2Fpasswd",
                                 "/speakers/..", "/claims/x.exe", "/speakers/sergey-lavrov.csv",
                                 "/claims/%3Cscript%3E"])
def test_unknown_or_hostile_ids_are_404(synth_client, url):
    assert synth_client.get(url).status_code == 404


def test_hostile_text_is_escaped_everywhere(synth_client):
    hostile = get_json(synth_client, "/claims.json?speaker=hostile-speaker")["claims"][0]
    urls = ["/", "/claims", "/claims?q=" + XSS, "/claims?speaker=" + XSS, f"/claims/{hostile['id']}",
            "/speakers/hostile-speaker", "/speakers", f"/articles/{hostile['article_id']}", "/articles",
            "/topics/counter-terrorism", "/outlets/tass", "/query?query=" + XSS]
    for url in urls:
        html = synth_client.get(url).data.decode()
        assert "<script>" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in synth_client.get(f"/claims/{hostile['id']}").data.decode()
    assert "&lt;script&gt;" in synth_client.get("/speakers/hostile-speaker").data.decode()


def test_csp_allows_no_inline_script_or_style(synth_client):
    r = synth_client.get("/speakers/sergey-lavrov")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    html = r.data.decode()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    css = synth_client.get("/static/isnad.css")
    css.close()
    assert css.status_code == 200


@pytest.mark.parametrize("kind", ["speakers", "topics", "outlets"])
def test_entity_lists_page_by_keyset_in_order(synth_client, kind):
    whole = get_json(synth_client, f"/{kind}.json")[kind]
    url, seen = f"/{kind}.json?limit=1", []
    while url:
        page = get_json(synth_client, url)
        assert len(page[kind]) <= 1
        seen += page[kind]
        url = page["next"]
    assert [e["id"] for e in seen] == [e["id"] for e in whole]
    counts = [e["count"] for e in whole]
    assert counts == sorted(counts, reverse=True) and len(whole) > 1


def test_a_missing_or_older_catalogue_is_rebuilt_from_the_store(tmp_path):
    import sqlite3

    from kg.search import SEARCH
    from kg.server import create_app
    from ui_synthetic import build_synthetic

    settings = build_synthetic(tmp_path)
    build = DataDir(settings.data_dir).current()
    con = sqlite3.connect(build / SEARCH)
    con.execute("DELETE FROM meta WHERE key = 'catalogue_version'")  # as written by an older version
    con.commit()
    con.close()
    app = create_app(settings)
    try:
        data = get_json(app.test_client(), "/claims.json")
        assert data["total"] == claim_count(settings) > 0
    finally:
        app.extensions["isnad"].engine.close()


def _oracle(settings) -> dict[str, dict]:
    """Every claim with its facet values, straight from the store (independent of the catalogue)."""
    rows = sparql(settings, """
        SELECT ?c ?speaker ?kind ?date ?topic ?outlet ?text WHERE {
          ?c a isnad:Claim ; isnad:speaker ?speaker ; isnad:reportedIn ?a ; isnad:text ?text ; a ?kind .
          FILTER(?kind != isnad:Claim)
          OPTIONAL { ?c isnad:statedOn ?stated } OPTIONAL { ?a schema:datePublished ?pub }
          BIND(COALESCE(?stated, ?pub) AS ?date)
          OPTIONAL { ?c isnad:topic ?topic }
          OPTIONAL { { ?a schema:publisher ?outlet } UNION { ?a isnad:credits ?outlet } }
        }""")
    out: dict[str, dict] = {}
    for r in rows:
        c = out.setdefault(r["c"].value.rsplit("/", 1)[-1], {
            "speaker": r["speaker"].value.rsplit("/", 1)[-1], "text": r["text"].value,
            "kind": {"DirectQuote": "direct", "IndirectQuote": "indirect", "HeadlineClaim": "headline"}[
                r["kind"].value.rsplit("#", 1)[-1]],
            "year": r["date"].value[:4] if r["date"] else None, "topic": set(), "outlet": set()})
        for k in ("topic", "outlet"):
            if r[k] is not None:
                c[k].add(r[k].value.rsplit("/", 1)[-1])
    return out


def test_every_filter_combination_matches_an_independent_oracle(synth_client, synth):
    import itertools

    claims = _oracle(synth)
    values = {k: sorted({v for c in claims.values() for v in (c[k] if isinstance(c[k], set) else {c[k]}) if v})
              for k in ("speaker", "topic", "outlet", "kind", "year")}
    values["q"] = ["الارهاب", "ليبيا"]
    names = list(values)
    for r in (1, 2, 3):
        for combo in itertools.combinations(names, r):
            for picked in itertools.product(*(values[k][:3] for k in combo)):
                args = dict(zip(combo, picked))
                want = sorted(cid for cid, c in claims.items() if all(
                    (v.replace("الارهاب", "الإرهاب") in c["text"]) if k == "q" else
                    (v in c[k]) if isinstance(c[k], set) else c[k] == v
                    for k, v in args.items()))
                url = "/claims.json?limit=1000&" + "&".join(f"{k}={v}" for k, v in args.items())
                got = get_json(synth_client, url)
                assert sorted(c["id"] for c in got["claims"]) == want, url
                assert got["total"] == len(want), url
                for name, facet in got["facets"].items():
                    for f in facet:
                        n = sum(1 for cid in want if (f["id"] in claims[cid][name] if isinstance(
                            claims[cid][name], set) else claims[cid][name] == f["id"]))
                        assert f["count"] == n, (url, name, f["id"])
