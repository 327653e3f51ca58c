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

import functools
import unicodedata
from dataclasses import dataclass

import regex

__all__ = ["NormText", "normalize_map", "normalize", "fold", "fold_words", "TATWEEL"]

TATWEEL = "\u0640"
# A split made of tatweel and a dot or hyphen inside a word: مكـ.ـافحة, داعـ-ـش, الإرهـ.ـاب.
_CENSOR = regex.compile(r"(?<=\p{Arabic})(?:\u0640+[.\-\u2010\u2011]\u0640*|\u0640*[.\-\u2010\u2011]\u0640+)(?=\p{Arabic})")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c")
_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
_SIMPLE = {"\u06cc": "\u064a", "\u06a9": "\u0643", **_DIGITS}
_DROP = regex.compile("[" + "".join(sorted(_ZERO_WIDTH | {"\u0640"})) + "]")
_SIMPLE_RE = regex.compile("[" + "".join(_SIMPLE) + "]")
_PRESENTATION = regex.compile(r"[\ufb50-\ufdff\ufe70-\ufefc]+")
_SPACES = regex.compile(r"\s+")
_DIACRITICS = regex.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]")
_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"), ("\u0640", ""))
_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class NormText:
    """A normalised string with, for each of its characters, the offset in the raw text."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the normalised slice ``text[start:end]`` (end exclusive)."""
        if end <= start:
            p = self.offsets[min(max(start, 0), len(self.text))]
            return p, p
        return self.offsets[start], self.offsets[end - 1] + 1


_SPECIAL = regex.compile(
    _CENSOR.pattern
    + r"|[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c]"
    + r"|\s+|[\ufb50-\ufdff\ufe70-\ufefc\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9]"
)


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
    offs: list[int] = []
    pending_ws = ""  # '' none, ' ' space, '\n' newline
    pending_at = 0
    pos = 0

    def plain(a: int, b: int) -> None:
        nonlocal pending_ws
        if a >= b:
            return
        if pending_ws:
            if out:
                out.append(pending_ws)
                offs.append(pending_at)
            pending_ws = ""
        out.append(raw[a:b])
        offs.extend(range(a, b))

    for m in _SPECIAL.finditer(raw):
        plain(pos, m.start())
        pos = m.end()
        tok = m.group()
        ch = tok[0]
        if ch.isspace():
            if not pending_ws:
                pending_ws, pending_at = " ", m.start()
            if keep_newlines and pending_ws != "\n":
                for k, c in enumerate(tok):
                    if c in "\n\r\u2028\u2029":
                        pending_ws, pending_at = "\n", m.start() + k
                        break
            continue
        if len(tok) > 1 or ch == TATWEEL or ch in _ZERO_WIDTH:
            continue  # censorship split, tatweel, zero-width
        rep = _SIMPLE.get(ch) or unicodedata.normalize("NFKC", ch)
        if pending_ws:
            if out:
                out.append(pending_ws)
                offs.append(pending_at)
            pending_ws = ""
        out.append(rep)
        offs.extend([m.start()] * len(rep))
    plain(pos, len(raw))
    offs.append(len(raw))
    return NormText("".join(out), tuple(offs))


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
    t = _DROP.sub("", _CENSOR.sub("", s))
    t = _SPACES.sub(" ", t).strip()
    t = _SIMPLE_RE.sub(lambda m: _SIMPLE[m.group()], t)
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), t)


def fold(s: str) -> str:
    """Fold for matching: normalise, drop diacritics, unify alef / ya / ta marbuta, lower-case.

    >>> fold("أردوغان") == fold("اردوغان") == fold("آردوغان")
    True
    """
    return _fold_short(s) if len(s) <= _SHORT else _fold(s)


def _fold(s: str) -> str:
    t = _DIACRITICS.sub("", normalize(s))
    for a, b in _FOLD_PAIRS:
        t = t.replace(a, b)
    return t.lower()


_SHORT = 40  # words and names are cached; whole texts are not
_normalize_short = functools.lru_cache(maxsize=65536)(_normalize)
_fold_short = functools.lru_cache(maxsize=65536)(_fold)


def fold_words(s: str) -> list[str]:
    """Folded words of ``s`` (letters and digits only; punctuation and spaces dropped).

    >>> fold_words("قال: «الوضعُ في ليبيا»، ")
    ['قال', 'الوضع', 'في', 'ليبيا']
    """
    return _WORD.findall(fold(s))
