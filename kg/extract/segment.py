"""Segmentation steps: normalise the text, pair quotation marks, split sentences, tokenise.

>>> from kg.model import SourceDoc
>>> st = DocState(doc=SourceDoc(name="t", text="قال: «نعم\\nلا». وذهب.", sha256="0"))
>>> normalize_step(st); quotes_step(st); sentences_step(st)
>>> [st.text[q.start:q.end] for q in st.quotes]
['نعم\\nلا']
>>> [st.text[s.start:s.end] for s in st.sents]
['قال: «نعم\\nلا».', 'وذهب.']
"""

from __future__ import annotations

from itertools import accumulate

import regex

from kg.extract.state import DocState, Quote, Sent, Tok
from kg.normalize import fold, normalize_map

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]")
_MARKS = {"«": "open", "»": "close", "“": "curly", "”": "curly", "„": "curly", '"': "straight", "‟": "curly", "″": "straight"}
_OPEN_BEFORE = set(" \n\t([{-–—:،,؛;/") | {"\u00a0"}
_CLOSE_AFTER = set(" \n\t)]}.،,؛;:!?؟-–—…/")
_MARK = regex.compile("[" + regex.escape("".join(_MARKS)) + "]")
_MAX_QUOTE = 2000
_END = regex.compile(r"[.!?؟…]+(?=[\s\"”»)]|$)")


def normalize_step(state: DocState) -> None:
    """Reads ``doc.text``; writes ``norm``, ``text`` and ``lines`` (non-empty line spans)."""
    state.norm = normalize_map(state.doc.text or "")
    state.text = state.norm.text
    pos = 0
    for ln in state.text.split("\n"):
        if ln.strip():
            s = pos + (len(ln) - len(ln.lstrip()))
            state.lines.append((s, s + len(ln.strip())))
        pos += len(ln) + 1


def _role(text: str, i: int, ch: str) -> str:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left = not nxt.isspace() and (prev in _OPEN_BEFORE or prev.isspace() or (i >= 2 and prev in "لبك" and text[i - 2] in " \n"))
    right = not prev.isspace() and (nxt in _CLOSE_AFTER or nxt.isspace() or nxt in "\"”»")
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    kind = _MARKS[ch]
    if kind == "open" or ch in "“„":
        return "open" if not (left and right) or ch != "”" else "either"
    if kind == "close" or ch == "”":
        return "close"
    if left or right:
        return "either"
    return "none" if prev.isspace() and nxt.isspace() else "either"  # between letters: «text"وأضاف»


def quotes_step(state: DocState) -> None:
    """Reads ``text``; writes ``quotes``: outermost quoted spans.

    Marks are paired with a stack; a straight or curly mark opens or closes according to
    the characters around it, so mixed (“…") and nested ("a "..." b") marks pair up. A
    closer with nothing open is dropped; an opener never closed runs to the end of its line.
    """
    text = state.text
    stack: list[int] = []
    spans: list[tuple[int, int]] = []  # (open mark, close mark)
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group()
        r = _role(text, i, ch)
        if r == "either":
            r = "close" if stack else "open"
        if r == "open":
            stack.append(i)
        elif r == "close" and stack:
            o = stack.pop()
            if i - o <= _MAX_QUOTE:
                spans.append((o, i))
    for o in stack:  # unbalanced: to the end of the line
        e = text.find("\n", o)
        e = len(text) if e < 0 else e
        if e - o > 1:
            spans.append((o, e))
    spans.sort()
    out: list[Quote] = []
    for o, c in spans:
        if out and o < out[-1].close:
            continue  # nested inside an outer quote
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Quote(start=s, end=e, open=o, close=c))
    state.quotes = out


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Tokens of ``text[start:end]`` with absolute offsets (words, and each punctuation mark).

    Tokens never cross whitespace, so the segment is cut at whitespace and each chunk's
    tokens (with offsets inside the chunk) come from a cache: chunks repeat across articles.

    >>> [(t.start, t.text, t.f, t.word) for t in tokenize("xx قالت: «نعم»", 3, 14)]
    [(3, 'قالت', 'قالت', True), (7, ':', ':', False), (9, '«', '«', False), (10, 'نعم', 'نعم', True), (13, '»', '»', False)]
    """
    seg = text[start:end]
    if _SPLIT_UNSAFE.search(seg):
        return _tokenize(text, start, end)
    chunks = seg.split()
    parts = list(map(_CHUNKS.get, chunks))
    if None in parts:
        for k, c in enumerate(chunks):
            if parts[k] is None:
                parts[k] = _chunk(c)
    toks: list[Tok] = []
    add = toks.append
    new = object.__new__  # every field set below: the same token as Tok(...), made without a call to __init__
    if sum(map(len, chunks)) + len(chunks) - 1 == len(seg):  # one whitespace character between chunks
        starts = list(accumulate([len(c) + 1 for c in chunks[:-1]], initial=start))
    else:
        find, pos, starts = text.find, start, []
        for chunk in chunks:
            pos = find(chunk, pos)  # only whitespace before it: its first occurrence from pos
            starts.append(pos)
            pos += len(chunk)
    for pos, got in zip(starts, parts):
        for off, n, w, f, word in got:
            t = new(Tok)
            t.start = s = pos + off
            t.end = s + n
            t.text = w
            t.f = f
            t.word = word
            add(t)
    return toks


# str.split() cuts at these control characters; the token pattern keeps them as marks.
_SPLIT_UNSAFE = regex.compile(r"[\x1c-\x1f]")
_CHUNKS: dict[str, tuple[tuple[int, int, str, str, bool], ...]] = {}  # chunk -> (offset, length, text, folded, is a word)


def _chunk(chunk: str) -> tuple[tuple[int, int, str, str, bool], ...]:
    parts = []
    for m in _TOKEN.finditer(chunk):
        w = m.group()
        word = w[0].isalnum()
        parts.append((m.start(), len(w), w, fold(w) if word else w, word))
    got = tuple(parts)
    if len(_CHUNKS) < 200_000:
        _CHUNKS[chunk] = got
    return got


def _tokenize(text: str, start: int, end: int) -> list[Tok]:
    """The token pattern run over the segment itself (for the rare segment str.split() would cut wrongly)."""
    toks = []
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        word = w[0].isalnum()
        toks.append(Tok(m.start(), m.end(), w, fold(w) if word else w, word))
    return toks


def sentences_step(state: DocState) -> None:
    """Reads ``text``, ``lines``, ``quotes``; writes ``sents`` (tokenised, title lines marked).

    A sentence ends at a stop followed by a space or at a line end, never inside a quote,
    so a quote over a line break or with stops inside stays in one sentence.
    """
    text = state.text
    inside = bytearray(len(text) + 1)
    for q in state.quotes:
        e = min(q.close, len(text))
        if e > q.open:
            inside[q.open:e] = b"\x01" * (e - q.open)
    cuts: set[int] = set()
    for s, e in state.lines:
        if not inside[e] if e < len(text) else True:
            cuts.add(e)
    for m in _END.finditer(text):  # stops lie within lines, and a line ends before whitespace or the text's end
        if not inside[m.start()]:
            cuts.add(m.end())
    bounds = sorted(cuts)
    start = state.lines[0][0] if state.lines else 0
    li = 0
    for b in bounds:
        seg_s, seg_e = start, b
        while seg_s < seg_e and text[seg_s].isspace():
            seg_s += 1
        while seg_e > seg_s and text[seg_e - 1].isspace():
            seg_e -= 1
        if seg_e > seg_s:
            while li + 1 < len(state.lines) and state.lines[li + 1][0] <= seg_s:
                li += 1
            line = li if state.lines and state.lines[li][0] <= seg_s <= state.lines[li][1] else state.line_of(seg_s)
            ls, le = state.lines[line] if line >= 0 else (seg_s, seg_e)
            toks = tokenize(text, seg_s, seg_e)
            whole_line = seg_s == ls and seg_e == le
            title = whole_line and text[seg_e - 1] not in ".!?؟:،," and sum([t.word for t in toks]) <= 18
            state.sents.append(Sent(seg_s, seg_e, line, title, toks))
        start = b
