"""Alias matching primitives: registry look-up at a token (with clitics), sound-alike names.

>>> from kg.extract.segment import tokenize
>>> toks = tokenize("ولافروف قال", 0, 11)
>>> match_alias(load().speaker_aliases, toks, 0)
('sergey-lavrov', 1)
"""

from __future__ import annotations

import functools

from kg.extract.lexicon import load, phonetic
from kg.extract.state import DocState, Tok

QUOTE_MARKS = set('«»“”„"‟″')
PREFIXES = ("و", "ف", "ل", "ب", "لل", "ول", "وب", "وال")
_INDEX: dict[int, tuple] = {}  # id(alias table) -> (first words, longest alias, trie, starts, the table)
_END = None  # the trie key of "an alias ends here" (words are strings, even an empty one)


def _index(table: dict) -> tuple:
    """The look-up data of an alias table, built once.

    ``(first words bare and with each clitic, longest alias in words, the aliases as a trie
    of dicts (word -> next level; ``_END`` -> the table's value), word -> the word and its
    clitic-less forms that begin an alias (filled as words are met), the table)``.
    """
    ix = _INDEX.get(id(table))
    if ix is None:
        bare = {k[0] for k in table if k}
        firsts = frozenset(bare | {p + f for p in PREFIXES for f in bare})
        longest = max((len(k) for k in table), default=1)
        trie: dict = {}
        for key, value in table.items():
            node = trie
            for w in key:
                node = node.setdefault(w, {})
            node[_END] = value
        ix = _INDEX[id(table)] = (firsts, longest, trie, {}, table)  # holding the table keeps its id its own
    return ix


def first_words(table: dict) -> frozenset[str]:
    """First words of the table's aliases, bare and with each clitic (cached per table)."""
    return _index(table)[0]


def strip_lam(t: Tok) -> Tok:
    """The token without a leading preposition لـ (لوزارة -> وزارة, للخارجية -> الخارجية)."""
    if t.f.startswith("لل") and len(t.f) > 3:
        return Tok(t.start + 1, t.end, "ال" + t.text[2:], "ال" + t.f[2:], True)
    if t.f.startswith("ل") and not t.f.startswith("ال") and len(t.f) > 3:
        return Tok(t.start + 1, t.end, t.text[1:], t.f[1:], True)
    return t


def match_alias(table: dict, toks: list[Tok], i: int, maxlen: int = 8) -> tuple[str, int] | None:
    """Longest alias of ``table`` at token ``i`` (first token may carry a clitic و/ل/ب)."""
    n = len(toks)
    if i >= n:
        return None
    ix = _INDEX.get(id(table)) or _index(table)
    t = toks[i]
    if t.f not in ix[0] and t.text not in QUOTE_MARKS:
        return None
    _, longest, trie, starts, _ = ix
    if longest < maxlen:
        maxlen = longest
    k = i
    while k < n and not toks[k].word:  # quote marks before the name
        if toks[k].text not in QUOTE_MARKS and toks[k].text not in "-–()":
            return None
        k += 1
    if k >= n:
        return None
    first = toks[k].f
    forms = starts.get(first)
    if forms is None:
        forms = tuple(f for f in (first, *[first[len(p):] for p in PREFIXES if first.startswith(p) and len(first) - len(p) >= 3])
                      if f in trie)
        if len(starts) < 200_000:
            starts[first] = forms
    best: tuple[str, int] | None = None
    best_len = 0
    for f in forms:
        node = trie[f]
        j, length = k + 1, 1
        while True:  # down the trie while the words follow an alias
            value = node.get(_END)
            if value is not None and length > best_len:
                best, best_len = (value, j), length
            if length >= maxlen:
                break
            while j < n and not toks[j].word and (toks[j].text in QUOTE_MARKS or toks[j].text in "-–()"):
                j += 1
            if j >= n or not toks[j].word:
                break
            node = node.get(toks[j].f)
            if node is None:
                break
            j += 1
            length += 1
    return best


def span_text(state: DocState, toks: list[Tok], i: int, j: int) -> str:
    return state.text[toks[i].start:toks[j - 1].end] if j > i else ""


@functools.cache
def phonetic_pairs() -> frozenset[str]:
    """The sounds of the first two words of every registry name (three words or more)."""
    return frozenset(" ".join(k.split()[:2]) for k in load().speaker_phonetic if k.count(" ") >= 1)


@functools.cache
def phonetic_firsts() -> frozenset[str]:
    return frozenset(k.split()[0] for k in load().speaker_phonetic)


_PHONETIC_FIRST: dict[str, bool] = {}  # printed word -> does it sound like the first word of a registry name


def match_phonetic(toks: list[Tok], i: int) -> tuple[str, int] | None:
    """A registry person whose full name sounds the same (سيرجي شويجو = سيرغي شويغو)."""
    t = toks[i]
    if not t.word:
        return None
    first = _PHONETIC_FIRST.get(t.text)
    if first is None:
        first = phonetic(t.text) in phonetic_firsts()
        if len(_PHONETIC_FIRST) < 200_000:
            _PHONETIC_FIRST[t.text] = first
    if not first:
        return None
    words = [t for t in toks[i + 1:i + 4] if t.word]
    if not words:
        return None
    second = phonetic(words[0].text)  # the first word's sound is one word (a first word of a name)
    if second and " " not in second and phonetic(t.text) + " " + second not in phonetic_pairs():
        return None  # no registry name starts with these two words' sounds
    words.insert(0, t)
    sounds = [phonetic(t.text) for t in words]  # a phrase sounds as its words do, one space apart
    table = load().speaker_phonetic
    for n in (4, 3, 2):
        if len(words) >= n:
            key = table.get(" ".join([x for x in sounds[:n] if x]))
            if key:
                return key, toks.index(words[n - 1], i) + 1
    return None
