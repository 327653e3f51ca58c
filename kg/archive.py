"""Keep every added article in the corpus folder, so ``isnad build`` can always rebuild offline.

A fetched page is archived twice: its raw bytes under ``corpus/raw/web_<id>.html``
(never read by builds) and the extracted article as a one-line JSON-lines record
``corpus/web_<id>.jsonl`` (url, title, date, site name, author, text, retrieval time,
content hashes of the text and of the raw page). ``<id>`` is derived from the page URL,
so fetching the same URL again replaces its archive. A local file is copied into the
corpus folder (unless it is already there). Either way the articles are then read back
through :mod:`kg.corpus`, exactly as a later full build will read them.

>>> archive_name("https://example.org/a?id=1")
'web_c6d55853061d2163'
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus import SUFFIXES, CorpusError, read_bytes
from kg.fetch import FetchError, Page, fetch
from kg.model import SourceDoc

RAW_DIR = "raw"
REMOVED_DIR = "removed"


@dataclass
class Archived:
    """What one added FILE or URL became: the corpus file and the articles read from it."""

    source: str  # the FILE or URL as given
    path: Path | None = None
    docs: list[SourceDoc] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)


def archive_name(url: str) -> str:
    return "web_" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _read_back(path: Path, source: str, max_bytes: int) -> Archived:
    items = read_bytes(path.name, path.read_bytes(), max_bytes=max_bytes)
    return Archived(source, path, [i for i in items if isinstance(i, SourceDoc)],
                    [i for i in items if isinstance(i, CorpusError)])


def page_record(page: Page) -> dict:
    """Extract the article from a fetched page: the JSON-lines record to archive."""
    from kg.html import html_to_article

    art = html_to_article(page.text, url=page.final_url)
    if not art.text.strip():
        raise FetchError(page.url, "no article text found in the page")
    date, source = art.date, art.date_source
    if source == "guess":  # only guessed from the page: a date printed in the article wins
        from kg.corpus import make_doc
        from kg.extract import extract

        printed = extract(make_doc("page", art.text)).meta.published
        if printed:
            date, source = printed, "printed"
    return {"url": page.final_url, "requested_url": page.url, "title": art.title,
            "date": date.isoformat() if date else None, "date_source": source,
            "site_name": art.site_name, "author": art.author, "text": art.text,
            "sha256": hashlib.sha256(art.text.encode("utf-8")).hexdigest(),
            "retrieved": page.retrieved.isoformat(), "raw_file": None, "raw_sha256": page.sha256,
            "encoding": page.encoding, "encoding_source": page.encoding_source, "content_type": page.content_type}


def archive_page(corpus_dir: str | Path, page: Page, *, max_bytes: int = 5_000_000,
                 record: dict | None = None) -> Archived:
    """Archive a fetched page (raw and extracted: ``record``, else page_record) and read it back."""
    corpus = Path(corpus_dir)
    rec = dict(record or page_record(page))
    name = archive_name(page.final_url)
    raw = corpus / RAW_DIR / f"{name}.html"
    rec["raw_file"] = f"{RAW_DIR}/{raw.name}"
    _write_atomic(raw, page.body)
    path = corpus / f"{name}.jsonl"
    _write_atomic(path, (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
    return _read_back(path, page.url, max_bytes)


def fetch_and_archive(url: str, corpus_dir: str | Path, *, max_bytes: int = 5_000_000, **fetch_options) -> Archived:
    """Fetch ``url`` and archive it; raises FetchError (nothing archived then)."""
    page = fetch(url, max_bytes=max_bytes, **fetch_options)
    return archive_page(corpus_dir, page, max_bytes=max_bytes)


def archive_file(corpus_dir: str | Path, path: str | Path, *, max_bytes: int = 5_000_000) -> Archived:
    """Copy a local article file into the corpus folder (unless it is there) and read it."""
    corpus, path = Path(corpus_dir), Path(path)
    if path.suffix.lower() not in SUFFIXES:
        return Archived(str(path), errors=[CorpusError(path.name, f"not an article file (expected {', '.join(SUFFIXES)})")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Archived(str(path), errors=[CorpusError(path.name, f"cannot read: {exc.strerror or exc}")])
    dest = corpus / path.name
    if path.resolve() != dest.resolve():
        if dest.exists() and dest.read_bytes() != data:
            return Archived(str(path), errors=[CorpusError(path.name, f"the corpus already holds a different {path.name}; "
                                                                      "rename the file")])
        probe = read_bytes(path.name, data, max_bytes=max_bytes)
        if not any(isinstance(i, SourceDoc) for i in probe):
            return Archived(str(path), errors=[i for i in probe if isinstance(i, CorpusError)])
        corpus.mkdir(parents=True, exist_ok=True)
        _write_atomic(dest, data)
    return _read_back(dest, str(path), max_bytes)


def withdraw_file(corpus_dir: str | Path, name: str, *, drop_hashes: set[str]) -> Path | None:
    """Take the articles whose text hash is in ``drop_hashes`` out of corpus file ``name``.

    The file (and its raw page) moves to ``corpus/removed/``, so builds no longer read it
    and nothing is lost. A JSON-lines dump that holds other articles too is rewritten
    without the dropped records; its original is kept in removed/.
    """
    corpus = Path(corpus_dir)
    src = corpus / name
    if not src.is_file():
        return None
    dest = corpus / REMOVED_DIR / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.suffix.lower() == ".jsonl":
        survivors = []
        for line in src.read_text(encoding="utf-8").splitlines(keepends=True):
            docs = read_bytes(name, line.encode("utf-8"), max_bytes=1 << 62) if line.strip() else []
            if any(isinstance(d, SourceDoc) and d.sha256 not in drop_hashes for d in docs):
                survivors.append(line)
        if survivors:
            shutil.copy2(src, dest)
            _write_atomic(src, "".join(survivors).encode("utf-8"))
            return dest
    os.replace(src, dest)
    raw = corpus / RAW_DIR / (Path(name).stem + ".html")
    if raw.exists():
        os.replace(raw, corpus / REMOVED_DIR / raw.name)
    return dest


def archive_sources(corpus_dir: str | Path, sources: list[str], *, max_bytes: int = 5_000_000,
                    **fetch_options) -> list[Archived]:
    """Archive each FILE or URL; a failure is reported in its ``errors``, the others go on."""
    out = []
    for src in sources:
        if src.lower().startswith(("http://", "https://")):
            try:
                out.append(fetch_and_archive(src, corpus_dir, max_bytes=max_bytes, **fetch_options))
            except FetchError as exc:
                out.append(Archived(src, errors=[CorpusError(src, exc.reason)]))
        else:
            out.append(archive_file(corpus_dir, src, max_bytes=max_bytes))
    return out
