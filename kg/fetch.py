"""Fetch one web page, carefully: time limits, a size cap, few redirects, retries, charsets.

:func:`fetch` returns a :class:`Page` (the raw bytes, the decoded text and where the
page finally came from) or raises :class:`FetchError` with a reason a person can read.

* time: ``timeout`` bounds connecting and each read, and the whole download too, so a
  server that trickles bytes cannot hold the caller;
* size: the body is streamed and reading stops past ``max_bytes``;
* redirects: followed up to ``max_redirects``, a loop is an error;
* retries: connection errors and 5xx answers are retried ``retries`` times with
  exponential backoff; 4xx answers and timeouts are not;
* charset: a byte-order mark, then the ``Content-Type`` header, then ``<meta charset>``
  (or ``http-equiv``), then sniffing (UTF-8, windows-1256 if it gives Arabic).

>>> charset_from_meta(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
'cp1256'
>>> decode_html("قال".encode("cp1256"), header_charset=None)
('قال', 'cp1256', 'sniffed')
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass

import requests

from kg import __version__

USER_AGENT = f"isnad/{__version__} (+https://w3id.org/isnad)"
_CHUNK = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class FetchError(Exception):
    """A page that could not be fetched; ``str()`` says which URL and why."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    text: str
    encoding: str
    encoding_source: str  # bom | header | meta | sniffed
    retrieved: dt.datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def _codec(name: str | bytes | None) -> str | None:
    """Python's codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def charset_from_meta(head: bytes) -> str | None:
    """The charset declared by a ``<meta>`` tag in the first bytes of a page."""
    m = _META_CHARSET.search(head[:8192])
    return _codec(m.group(1)) if m else None


def charset_from_header(content_type: str | None) -> str | None:
    m = _HEADER_CHARSET.search(content_type or "")
    return _codec(m.group(1)) if m else None


def decode_html(body: bytes, *, header_charset: str | None) -> tuple[str, str, str]:
    """Decode page bytes; returns (text, codec, where the codec came from)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name, "bom"
    for name, source in ((_codec(header_charset), "header"), (charset_from_meta(body), "meta")):
        if name:
            try:
                return body.decode(name), name, source
            except UnicodeDecodeError:
                continue  # a wrong declaration: fall through to sniffing
    try:
        return body.decode("utf-8"), "utf-8", "sniffed"
    except UnicodeDecodeError:
        pass
    from kg.corpus import decode  # windows-1256 when that gives Arabic text

    try:
        return decode(body), "cp1256", "sniffed"
    except ValueError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None:
        raise ValueError("cannot tell the page's character encoding")
    return str(best), _codec(best.encoding) or best.encoding, "sniffed"


def _read_capped(resp: requests.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"page too large: {declared} bytes announced (limit {max_bytes})")
    buf = bytearray()
    for chunk in resp.iter_content(_CHUNK):
        buf += chunk
        if len(buf) > max_bytes:
            raise FetchError(url, f"page too large: more than {max_bytes} bytes, stopped reading")
        if time.monotonic() > deadline:
            raise FetchError(url, "download too slow: time limit reached before the end of the page")
    return bytes(buf)


def fetch(url: str, *, timeout: float = 10.0, max_bytes: int = 5_000_000, max_redirects: int = 5,
          retries: int = 2, backoff: float = 0.5, session: requests.Session | None = None) -> Page:
    """Fetch ``url`` (http or https) and decode it; raises FetchError."""
    if not re.match(r"^https?://", url, re.I):
        raise FetchError(url, "only http:// and https:// URLs can be fetched")
    own = session is None
    session = session or requests.Session()
    session.max_redirects = max_redirects
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
    try:
        for attempt in range(retries + 1):
            last = attempt == retries
            deadline = time.monotonic() + timeout * 3
            try:
                with session.get(url, headers=headers, timeout=(timeout, timeout), stream=True,
                                 allow_redirects=True) as resp:
                    if resp.status_code >= 500 and not last:
                        time.sleep(backoff * 2 ** attempt)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(url, f"HTTP {resp.status_code} {resp.reason or ''}".strip())
                    body = _read_capped(resp, url, max_bytes, deadline)
                    content_type = resp.headers.get("Content-Type", "")
                    final_url = resp.url
                    status = resp.status_code
                break
            except requests.TooManyRedirects:
                raise FetchError(url, f"too many redirects (more than {max_redirects})") from None
            except (requests.ReadTimeout, requests.exceptions.ChunkedEncodingError) as exc:
                if isinstance(exc, requests.ReadTimeout):
                    raise FetchError(url, f"timed out: no answer within {timeout:g}s") from None
                if last:
                    raise FetchError(url, f"connection broken while reading: {exc}") from None
            except requests.ConnectionError as exc:
                if last:
                    kind = "timed out connecting" if isinstance(exc, requests.ConnectTimeout) else "cannot connect"
                    raise FetchError(url, f"{kind} after {retries + 1} attempts") from None
            except requests.RequestException as exc:
                raise FetchError(url, f"request failed: {exc}") from None
            time.sleep(backoff * 2 ** attempt)
    finally:
        if own:
            session.close()
    if content_type and not re.search(r"html|xml|text/plain", content_type, re.I):
        raise FetchError(url, f"not a web page: Content-Type {content_type}")
    if not body.strip():
        raise FetchError(url, "empty page")
    try:
        text, encoding, source = decode_html(body, header_charset=charset_from_header(content_type))
    except ValueError as exc:
        raise FetchError(url, str(exc)) from None
    return Page(url=url, final_url=final_url, status=status, content_type=content_type, body=body, text=text,
                encoding=encoding, encoding_source=source,
                retrieved=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
