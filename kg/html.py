"""Main text and metadata of an HTML page, with trafilatura.

>>> art = html_to_article("<html><head><title>عنوان</title></head><body><article><p>" + "قال الوزير إن الوضع مستقر. " * 5 + "</p></article></body></html>")
>>> "الوزير" in art.text
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    date: dt.date | None = None
    site_name: str | None = None
    url: str | None = None
    author: str | None = None


def html_to_article(html: str, *, url: str | None = None) -> HtmlArticle:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return HtmlArticle(text="")
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    date = None
    if get("date"):
        try:
            date = dt.date.fromisoformat(str(get("date"))[:10])
        except ValueError:
            date = None
    text = get("text") or ""
    title = get("title")
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return HtmlArticle(text=text, title=title, date=date, site_name=get("sitename"),
                       url=get("url") or url, author=get("author"))
