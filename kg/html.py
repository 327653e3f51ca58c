"""Main text and metadata of an HTML page, with trafilatura.

The page's own date comes in two strengths: ``date_source="markup"`` when the page
declares it (``article:published_time``, JSON-LD ``datePublished``, ``<time>``, the
URL), ``"guess"`` when it was only found by searching the page's free text. The
extractor prefers the date printed in the article (``ArticleMeta.published``) and falls
back to this container date.

>>> page = ('<html><head><title>عنوان</title><meta property="article:published_time" content="2021-01-05">'
...         '<meta name="author" content="سامي ناصر"></head><body><article><p>'
...         + "قال الوزير إن الوضع مستقر. " * 5 + "</p></article></body></html>")
>>> art = html_to_article(page)
>>> "الوزير" in art.text, art.date.isoformat(), art.date_source, art.author
(True, '2021-01-05', 'markup', 'سامي ناصر')
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
    date_source: str | None = None  # markup | guess | None


def _as_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _guess_date(html: str) -> dt.date | None:
    """A date found anywhere in the page's text (htmldate's extensive search)."""
    try:
        from htmldate import find_date

        return _as_date(find_date(html, extensive_search=True, original_date=True))
    except (ImportError, ValueError, TypeError):
        return None


def html_to_article(html: str, *, url: str | None = None) -> HtmlArticle:
    """Main text (headline first), title, date, site name, author and URL of a page."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return HtmlArticle(text="")
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    date, source = _as_date(get("date")), "markup"
    if date is None:
        date, source = _guess_date(html), "guess"
    text = (get("text") or "").strip()
    title = (get("title") or "").strip() or None
    if title and text and not text.startswith(title):
        text = f"{title}\n{text}"
    return HtmlArticle(text=text, title=title, date=date, site_name=get("sitename") or None,
                       url=get("url") or url, author=get("author") or None,
                       date_source=source if date else None)
