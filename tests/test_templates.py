"""The list and entity page templates share their markup (kg/server/templates/_macros.html):
entity_list for /speakers and /topics, claims_column and entity_aside for the speaker,
topic and outlet pages. Checked on the rendered pages of the synthetic store."""

from __future__ import annotations

import re

import pytest
from ui_synthetic import synth, synth_app, synth_client  # noqa: F401

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
NEXT = re.compile(r'<nav class="pager">\s*<a rel="next" href="([^"]+)"')


@pytest.mark.parametrize("path", ["/speakers", "/topics", "/outlets"])
def test_list_pages_have_a_plain_title_and_one_pager(synth_client, path):
    html = synth_client.get(f"{path}?limit=1").get_data(as_text=True)
    (title,) = TITLE.findall(html)
    assert "<" not in title and "—" in title  # text only: the pager belongs to the page, not the tab title
    links = NEXT.findall(html)
    assert len(links) == 1 and links[0].startswith(f"{path}?")
    head, body = html.split("</head>", 1)
    assert "pager" not in head and body.count('class="pager"') == 1


@pytest.mark.parametrize("kind,facet", [("speakers", "speaker"), ("topics", "topic"), ("outlets", "outlet")])
def test_entity_pages_show_the_shared_claims_column(synth_client, kind, facet):
    rows = synth_client.get(f"/{kind}.json").get_json()[kind]
    top = max(rows, key=lambda r: r.get("count") or r.get("claims") or 0)
    html = synth_client.get(f"/{kind}/{top['id']}").get_data(as_text=True)
    column = html.split('<section class="wide">', 1)[1].split("</section>", 1)[0]
    assert f'class="more" href="/claims?{facet}={top["id"]}"' in column
    assert column.count('<li class="claim">') >= 1
    if kind != "outlets":  # speakers list their topics beside the claims, topics their speakers
        other = "/topics/" if kind == "speakers" else "/speakers/"
        aside = html.split("<aside>", 1)[1].split("</aside>", 1)[0]
        assert other in aside and '<table class="list">' in aside
