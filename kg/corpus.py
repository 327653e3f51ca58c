"""Read a corpus folder into SourceDocs; every unreadable file becomes a CorpusError.

Plain text (``*.txt``), HTML pages (``*.html``, ``*.htm``) and JSON-lines dumps
(``*.jsonl``: one article per line with ``text`` and optional ``url``, ``title``,
``date``) are read. Bytes are decoded as UTF-8, or as windows-1256 when they are not
UTF-8 and decode to Arabic text; anything else is rejected with a clear reason.

>>> d = read_bytes("a.txt", "قال الوزير".encode("cp1256"))
>>> d[0].text
'قال الوزير'
>>> read_bytes("b.txt", b"")[0].reason
'empty file'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.model import SourceDoc

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_ARABIC_EXTRAS = "«»\u00a0\u200c\u200d\u200e\u200f\u2013\u2014\u2026"
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.I)


@dataclass(frozen=True)
class CorpusError:
    """A file (or a line of a dump) that could not be read as an article."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_doc(name: str, text: str, **meta) -> SourceDoc:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceDoc(name=name, text=text, sha256=sha256_text(text), **meta)


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (BOM allowed), else windows-1256 if it gives Arabic.

    Raises ValueError with the reason when neither fits.
    """
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return _not_binary(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = _not_binary(data.decode("cp1256"))
    except UnicodeDecodeError:
        raise ValueError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor windows-1256") from None
    arabic = sum(1 for c in text if _ARABIC.match(c))
    stray = sum(1 for c in text if c >= "\x80" and not _ARABIC.match(c) and c not in _ARABIC_EXTRAS)
    if arabic and stray * 20 <= arabic:  # Arabic text, not another encoding read as windows-1256
        return text
    raise ValueError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), and not Arabic in windows-1256")


def _not_binary(text: str) -> str:
    """``text`` unless control characters show it is binary data (more than 1 in 20 characters)."""
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    if controls * 20 > len(sample):
        raise ValueError("binary file (control characters), not text")
    return text


def _html_to_doc(name: str, html: str) -> SourceDoc:
    from kg.html import html_to_article  # trafilatura is only needed for HTML

    art = html_to_article(html)
    if not art.text.strip():
        raise ValueError("HTML page with no main text")
    return make_doc(name, art.text, title=art.title, date=art.date, site_name=art.site_name, url=art.url)


def _jsonl_docs(name: str, text: str) -> Iterator[SourceDoc | CorpusError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}#{n}"
        try:
            rec = json.loads(line)
            body = rec["text"]
            if not isinstance(body, str) or not body.strip():
                raise ValueError("empty text")
            date = dt.date.fromisoformat(rec["date"][:10]) if rec.get("date") else None
            retrieved = dt.datetime.fromisoformat(rec["retrieved"]) if rec.get("retrieved") else None  # archived pages
        except (ValueError, KeyError, TypeError) as exc:
            yield CorpusError(where, f"bad JSON-lines record: {exc}")
            continue
        title = rec.get("title")
        full = f"{title}\n{body}" if title and not body.lstrip().startswith(title) else body
        yield make_doc(where, full, url=rec.get("url"), title=title, date=date, site_name=rec.get("site_name"),
                       retrieved=retrieved)


def read_bytes(name: str, data: bytes, *, max_bytes: int = 5_000_000) -> list[SourceDoc | CorpusError]:
    """Turn one file's bytes into SourceDocs, or CorpusErrors that say why not."""
    if not data.strip():
        return [CorpusError(name, "empty file")]
    if len(data) > max_bytes:
        return [CorpusError(name, f"too large: {len(data)} bytes (limit {max_bytes})")]
    try:
        text = decode(data)
    except ValueError as exc:
        return [CorpusError(name, str(exc))]
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".jsonl":
            return list(_jsonl_docs(name, text))
        if suffix in (".html", ".htm") or _HTML_SNIFF.match(data[:512]):
            return [_html_to_doc(name, text)]
    except ValueError as exc:
        return [CorpusError(name, str(exc))]
    if not _ARABIC.search(text) and not text.strip():
        return [CorpusError(name, "no text")]
    return [make_doc(name, text)]


def read_corpus(folder: str | Path, *, max_bytes: int = 5_000_000) -> Iterator[SourceDoc | CorpusError]:
    """Yield a SourceDoc or a CorpusError for every article file in ``folder`` (sorted)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()):
        try:
            size = path.stat().st_size
            if size > max_bytes:
                yield CorpusError(path.name, f"too large: {size} bytes (limit {max_bytes})")
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield CorpusError(path.name, f"cannot read: {exc.strerror or exc}")
            continue
        yield from read_bytes(path.name, data, max_bytes=max_bytes)
