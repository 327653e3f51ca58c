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
import unicodedata

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
    norm: list[int] = []  # run starts in the output
    src: list[int] = []  # run starts in the raw text
    step: list[int] = []  # 1: copied run, 0: characters made from one raw character
    n = 0  # output length so far
    pending_ws = ""  # '' none, ' ' space, '\n' newline
    pending_at = 0
    pos = 0
    for m in _SPECIAL.finditer(raw):
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
