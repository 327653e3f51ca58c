"""Watch RSS/Atom feeds: new items are fetched, archived and added like ``isnad add URL``.

Items are deduplicated by URL (fragment and ``utm_*`` parameters ignored) and by the
hash of the extracted text, so the same story under two URLs is added once. What was
seen is kept in a small state file in the data folder (``feeds-state.json``); an item
whose page could not be fetched is not marked seen and is tried again at the next poll.

>>> normalize_url("HTTPS://Example.org/a?utm_source=x&id=3#top")
'https://example.org/a?id=3'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from kg.archive import archive_page, page_record
from kg.fetch import FetchError, fetch
from kg.settings import Settings

STATE_FILE = "feeds-state.json"


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None


def normalize_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def parse_feed(data: bytes, feed_url: str) -> list[FeedItem]:
    """The items of an RSS or Atom document (links made absolute, each URL once, feed order)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise ValueError(f"not an RSS/Atom feed ({parsed.get('bozo_exception') or 'no items'})")
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = entry.get("link") or next((ln.get("href") for ln in entry.get("links", []) if ln.get("href")), None)
        if link:
            url = urljoin(feed_url, link)
            items.setdefault(normalize_url(url), FeedItem(url, entry.get("title")))
    return list(items.values())


@dataclass
class FeedState:
    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> "FeedState":
        try:
            raw = json.loads(path.read_text())
            return cls(set(raw.get("urls", [])), set(raw.get("hashes", [])))
        except FileNotFoundError:
            return cls()
        except ValueError as exc:
            raise ValueError(f"{path}: unreadable feed state ({exc}); move it away to start afresh") from None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"urls": sorted(self.urls), "hashes": sorted(self.hashes)}, indent=0))
        os.replace(tmp, path)


@dataclass
class PollReport:
    items: int = 0
    added: list[str] = field(default_factory=list)  # item URLs archived and handed to publishing
    duplicates: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    publish: object = None  # kg.publish.PublishReport, when something was added

    def summary(self) -> str:
        lines = [f"not added: {e}" for e in self.errors]
        if self.publish is not None:
            lines.append(self.publish.summary())
        lines.append(f"{self.items} feed items: {len(self.added)} new, {len(self.duplicates)} already seen, "
                     f"{len(self.errors)} errors")
        return "\n".join(lines)


def poll(settings: Settings, feeds: Iterable[str], *, log: Callable[[str], None] = print,
         **fetch_options) -> PollReport:
    """Read each feed once and add the items not seen before."""
    from kg.publish import add_documents

    state_path = settings.data_dir / STATE_FILE
    state = FeedState.load(state_path)
    report, docs, seen_now, hashes_now = PollReport(), [], set(), set()
    max_bytes = settings.max_article_bytes
    for feed in feeds:
        try:
            page = fetch(feed, max_bytes=max_bytes, **fetch_options)
            items = parse_feed(page.body, page.final_url)
        except (FetchError, ValueError) as exc:
            report.errors.append(f"feed {exc}")
            continue
        report.items += len(items)
        for item in items:
            key = normalize_url(item.url)
            if key in state.urls or key in seen_now:
                report.duplicates.append(item.url)
                continue
            try:
                page = fetch(item.url, max_bytes=max_bytes, **fetch_options)
                rec = page_record(page)
            except FetchError as exc:
                report.errors.append(str(exc))
                continue
            seen_now.update({key, normalize_url(page.final_url)})
            if rec["sha256"] in state.hashes or rec["sha256"] in hashes_now:
                report.duplicates.append(item.url)
                continue
            archived = archive_page(settings.corpus_dir, page, max_bytes=max_bytes, record=rec)
            report.errors += [str(e) for e in archived.errors]
            hashes_now.add(rec["sha256"])
            hashes_now.update(d.sha256 for d in archived.docs)
            docs += archived.docs
            report.added.append(item.url)
    if docs:
        report.publish = add_documents(settings, docs, log=log)
    state.urls |= seen_now
    state.hashes |= hashes_now
    state.save(state_path)
    return report


def watch(settings: Settings, feeds: list[str], *, interval: float = 900.0, once: bool = False,
          log: Callable[[str], None] = print, **fetch_options) -> PollReport:
    """Poll the feeds every ``interval`` seconds (once with ``once``); returns the last poll."""
    while True:
        started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        report = poll(settings, feeds, log=log, **fetch_options)
        log(f"[{started}] " + report.summary())
        if once:
            return report
        time.sleep(interval)
