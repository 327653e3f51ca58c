"""Offset-keeping normalisation of Arabic news text, and folding for matching.

Two levels:

* :func:`normalize_map` / :func:`normalize` clean what a web page adds to the words
  without changing them: censorship-dodging splits (``الإرهـ.ـاب``, ``داعـ-ـش``), tatweel,
  zero-width and direction marks, presentation forms (NFKC), Persian ``ی``/``ک``,
  Eastern Arabic digits, runs of spaces. Hamza forms, diacritics and punctuation stay.
  ``Claim.text`` is ``normalize(doc.text[claim.start:claim.end])``: this cleaning, with
  every whitespace run made one space and the ends trimmed.
* :func:`fold` goes further for matching and search: alef forms, ya / alef maqsura,
  ta marbuta, diacritics, and lower-cased Latin.

>>> normalize("مكـ.ـافحة الإرهـ.ـاب")
'مكافحة الإرهاب'
>>> normalize("  داعـ-ـش   ١٢٣ ")
'داعش 123'
>>> fold("إستراتيجيّة الأولى")
'استراتيجيه الاولي'
>>> n = normalize_map("قال: الإرهـ.ـاب")
>>> n.text, n.raw_span(5, n.text.index("ب") + 1)
('قال: الإرهاب', (5, 15))
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import chain
import unicodedata

import regex

__all__ = ["NormText", "normalize_map", "normalize", "fold", "fold_normalized", "fold_words", "split_fold", "TATWEEL"]

TATWEEL = "\u0640"
# A split made of tatweel and a dot or hyphen inside a word: مكـ.ـافحة, داعـ-ـش, الإرهـ.ـاب.
_CENSOR = regex.compile(r"(?<=\p{Arabic})(?:\u0640+[.\-\u2010\u2011]\u0640*|\u0640*[.\-\u2010\u2011]\u0640+)(?=\p{Arabic})")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c")
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
_SIMPLE = {"\u06cc": "\u064a", "\u06a9": "\u0643", **_DIGITS}
_PRESENTATION = regex.compile(r"[\ufb50-\ufdff\ufe70-\ufefc]+")
_SPACES = regex.compile(r"\s+")
_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"), ("\u0640", ""),
               ("ڤ", "ف"), ("پ", "ب"), ("چ", "ج"), ("گ", "ك"), ("ڨ", "ق"))  # letters for v, p, ch, g in foreign names
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_DROP_SIMPLE = str.maketrans({**{c: None for c in _ZERO_WIDTH | {TATWEEL}}, **_SIMPLE})
_FOLD_DROPPED = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), *range(0x08D3, 0x0900)])
_FOLD_TABLE = str.maketrans({**{c: None for c in _FOLD_DROPPED}, **{a: b or None for a, b in _FOLD_PAIRS}})
# str.translate looks every character up in a dict, slow on long Arabic texts; the same
# result comes faster from a scan for the rare characters (translated only when present)
# and, for folding, one str.replace per pair (no pair makes another pair's character).
_HAS_INFO_SEPARATOR = re.compile("[\x1c-\x1f]")
_HAS_ODD = re.compile("[\x1c-\x1f\ufb50-\ufdff\ufe70-\ufefc" + re.escape("".join(sorted(_ZERO_WIDTH | {TATWEEL} | set(_SIMPLE)))) + "]")
_HAS_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_HAS_DROP_SIMPLE = re.compile("[" + re.escape("".join(sorted(_ZERO_WIDTH | {TATWEEL} | set(_SIMPLE)))) + "]")
_FOLD_DROP = re.compile("[" + re.escape(_FOLD_DROPPED) + "]+")


class NormText:
    """A normalised string with, for each of its characters, the offset in the raw text.

    The map is kept as runs (a run of copied characters, or characters made from one raw
    character); ``offsets`` spells it out, ``raw_span`` looks it up.
    """

    __slots__ = ("text", "_norm", "_raw", "_step", "_raw_len")

    def __init__(self, text: str, norm: list[int], raw: list[int], step: list[int], raw_len: int):
        self.text = text
        self._norm, self._raw, self._step, self._raw_len = norm, raw, step, raw_len

    def offset(self, i: int) -> int:
        """Raw offset of normalised character ``i`` (``len(text)`` maps to the raw length)."""
        if i >= len(self.text) or not self._norm:
            return self._raw_len
        j = bisect.bisect_right(self._norm, i) - 1
        return self._raw[j] + (i - self._norm[j]) * self._step[j]

    @property
    def offsets(self) -> tuple[int, ...]:
        """One raw offset per normalised character, then the raw length."""
        return tuple(self.offset(i) for i in range(len(self.text))) + (self._raw_len,)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised slice ``text[start:end]`` (end exclusive)."""
        if end <= start:
            p = self.offset(min(max(start, 0), len(self.text)))
            return p, p
        return self.offset(start), self.offset(end - 1) + 1


_DROPPED = r"\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c"
# A single space between two kept characters is copied as part of its run (the common case,
# and most of the text); any other whitespace run is handled one match at a time.
_SPECIAL = regex.compile(
    _CENSOR.pattern
    + r"|[" + _DROPPED + r"]"
    + r"|(?<![^\s" + _DROPPED + r"]) \s*|(?<=[^\s" + _DROPPED + r"]) (?![^\s" + _DROPPED + r"])\s*|[^\S ]\s*"
    + r"|[\ufb50-\ufdff\ufe70-\ufefc\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9]"
)


# Where a match of _SPECIAL can start: at whitespace other than a space or a dropped
# character, or at a space next to one (the space rules look one character around); at a
# character it replaces; at either end; at a double space; at a stop or hyphen followed by
# a tatweel.
_NEAR_CHARS = frozenset([c for c in map(chr, range(0x3001)) if c.isspace() and c != " "] + [TATWEEL, *map(chr, range(0x200B, 0x2010)),
                        *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\ufeff", "\u00ad", "\u061c"])
_NEAR = re.compile("[" + re.escape("".join(sorted(_NEAR_CHARS))) + "]")  # whitespace but a space, or a dropped character (_DROPPED)
_AT = "\ufb50-\ufdff\ufe70-\ufefc\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9"
_NEAR_OR_AT = re.compile(_NEAR.pattern[:-1] + _AT + "]")
_AT_CENSOR = re.compile("[.\\-\u2010\u2011](?=\u0640)")


def _specials(raw: str):
    """The matches of ``_SPECIAL.finditer(raw)``, found by trying the pattern only where one can start.

    The pattern scans slowly (look-behinds at every character); the places a match can
    start are found with plain character classes and ``str.find``, and tried in order.
    """
    n = len(raw)
    starts = {0, n - 1}
    for m in _NEAR_OR_AT.finditer(raw):  # one scan for both kinds
        p = m.start()
        starts.add(p)
        if raw[p] in _NEAR_CHARS:
            if p > 0 and raw[p - 1] == " ":
                starts.add(p - 1)
            if p + 1 < n and raw[p + 1] == " ":
                starts.add(p + 1)
    if TATWEEL in raw:  # a censorship split can also start at a stop or hyphen right before a tatweel
        for m in _AT_CENSOR.finditer(raw):
            starts.add(m.start())
    p = raw.find("  ")
    while p >= 0:
        starts.update((p, p + 1))
        p = raw.find("  ", p + 2)
    pos = 0
    match = _SPECIAL.match
    for p in sorted(starts):
        if p < pos or p >= n:
            continue
        m = match(raw, p)
        if m is not None:
            yield m
            pos = m.end()


def normalize_map(raw: str, keep_newlines: bool = True) -> NormText:
    """Normalise ``raw`` and keep, for every output character, its raw offset.

    With ``keep_newlines`` a run of whitespace containing a newline becomes one ``\\n``
    (line structure kept); otherwise every whitespace run becomes one space.

    >>> n = normalize_map("أ  ب\\n\\n ج")
    >>> n.text, n.offsets
    ('أ ب\\nج', (0, 1, 3, 4, 7, 8))
    """
    if not isinstance(raw, str):
        raw = str(raw)
    out: list[str] = []
    norm: list[int] = []  # run starts in the output
    src: list[int] = []  # run starts in the raw text
    step: list[int] = []  # 1: copied run, 0: characters made from one raw character
    n = 0  # output length so far
    pending_ws = ""  # '' none, ' ' space, '\n' newline
    pending_at = 0
    pos = 0
    for m in _specials(raw):
        a = m.start()
        if a > pos:
            if pending_ws and out:
                out.append(pending_ws)
                norm.append(n), src.append(pending_at), step.append(0)
                n += 1
            pending_ws = ""
            out.append(raw[pos:a])
            norm.append(n), src.append(pos), step.append(1)
            n += a - pos
        pos = m.end()
        tok = m.group()
        ch = tok[0]
        if ch.isspace():
            if not pending_ws:
                pending_ws, pending_at = " ", a
            if keep_newlines and pending_ws != "\n":
                for k, c in enumerate(tok):
                    if c in "\n\r\u2028\u2029":
                        pending_ws, pending_at = "\n", a + k
                        break
            continue
        if len(tok) > 1 or ch == TATWEEL or ch in _ZERO_WIDTH:
            continue  # censorship split, tatweel, zero-width
        rep = _SIMPLE.get(ch) or unicodedata.normalize("NFKC", ch)
        if pending_ws and out:
            out.append(pending_ws)
            norm.append(n), src.append(pending_at), step.append(0)
            n += 1
        pending_ws = ""
        out.append(rep)
        norm.append(n), src.append(a), step.append(0)
        n += len(rep)
    if len(raw) > pos:
        if pending_ws and out:
            out.append(pending_ws)
            norm.append(n), src.append(pending_at), step.append(0)
            n += 1
        out.append(raw[pos:])
        norm.append(n), src.append(pos), step.append(1)
    return NormText("".join(out), norm, src, step, len(raw))


def normalize(s: str) -> str:
    """The text of a claim: cleaned as :func:`normalize_map`, one space per whitespace run, trimmed.

    Same result as ``normalize_map(s, keep_newlines=False).text.strip()``, computed without offsets.

    >>> normalize("ﻻ  يزال\\nحرجاً")
    'لا يزال حرجاً'
    """
    if not isinstance(s, str):
        s = str(s)
    return _normalize_short(s) if len(s) <= _SHORT else _normalize(s)


def _normalize(s: str) -> str:
    if not _HAS_ODD.search(s):  # the common case: nothing to clean but whitespace
        return " ".join(s.split())
    if TATWEEL in s:
        s = _CENSOR.sub("", s)
    if _HAS_DROP_SIMPLE.search(s):
        s = s.translate(_DROP_SIMPLE)
    # str.split() and the pattern's \s differ only on U+001C-U+001F (whitespace to str only)
    t = _SPACES.sub(" ", s).strip() if _HAS_INFO_SEPARATOR.search(s) else " ".join(s.split())
    if _HAS_PRESENTATION.search(t):
        t = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), t)
    return t


def fold(s: str) -> str:
    """Fold for matching: normalise, drop diacritics, unify alef / ya / ta marbuta, lower-case.

    >>> fold("أردوغان") == fold("اردوغان") == fold("آردوغان")
    True
    """
    return _fold_short(s) if len(s) <= _SHORT else _fold(s)


def _fold(s: str) -> str:
    return fold_normalized(normalize(s))


_SHORT = 40  # words and names are cached; whole texts are not
_normalize_short = functools.lru_cache(maxsize=65536)(_normalize)
_fold_short = functools.lru_cache(maxsize=65536)(_fold)


def fold_words(s: str, *, normalized: bool = False, first: int | None = None) -> list[str]:
    """Folded words of ``s`` (letters and digits only; punctuation and spaces dropped).

    With ``normalized`` (``s`` is already :func:`normalize_map` text, or a slice of it) the
    cleaning is not done again, and ``first`` keeps only the first so many words (what a
    caller that only counts up to a threshold needs).

    >>> fold_words("قال: «الوضعُ في ليبيا»، ")
    ['قال', 'الوضع', 'في', 'ليبيا']
    >>> fold_words("قال: «الوضعُ في ليبيا»، ", normalized=True, first=2)
    ['قال', 'الوضع']
    """
    if not normalized:
        return _WORD.findall(fold(s))
    if first is None:
        return split_fold(s, _WORD, _WORDS_OF)
    out: list[str] = []
    for c in s.split():
        got = _WORDS_OF.get(c)
        if got is None:
            got = _chunk_words(c, _WORD, _WORDS_OF)
        out += got
        if len(out) >= first:
            return out[:first]
    return out


def _chunk_words(c: str, word: regex.Pattern, cache: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    got = tuple(word.findall(fold_normalized(c)))
    if len(cache) < 200_000:
        cache[c] = got
    return got


_WORDS_OF: dict[str, tuple[str, ...]] = {}  # space-free chunk -> its folded words (chunks repeat across texts)


def split_fold(s: str, word: regex.Pattern, cache: dict[str, tuple[str, ...]]) -> list[str]:
    """``word.findall(fold_normalized(s))`` for a pattern matching no whitespace, one chunk at a time.

    Folding keeps whitespace where it is, so the words of ``s`` are those of its chunks
    between whitespace; ``cache`` keeps each chunk's words.

    >>> split_fold("«الوضعُ في ليبيا»،  الآن", _WORD, {})
    ['الوضع', 'في', 'ليبيا', 'الان']
    """
    chunks = s.split()
    got = list(map(cache.get, chunks))
    if None in got:
        for k, c in enumerate(chunks):
            if got[k] is None:
                got[k] = _chunk_words(c, word, cache)
    return list(chain.from_iterable(got))


def fold_normalized(s: str) -> str:
    """:func:`fold` of a text already normalised (the claim text, a slice of ``normalize_map(...).text``).

    Equal to ``fold(s)`` except that newlines and outer spaces are kept.

    >>> fold_normalized("إستراتيجيّة الأولى") == fold("إستراتيجيّة الأولى")
    True
    """
    if len(s) < 64:
        return s.translate(_FOLD_TABLE).lower()
    s = _FOLD_DROP.sub("", s)
    for a, b in _FOLD_PAIRS:
        s = s.replace(a, b)
    return s.lower()
