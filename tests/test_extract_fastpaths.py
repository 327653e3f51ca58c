"""The extractor's fast paths give what their plain definitions give.

Each speed-up of kg.extract replaced a direct computation by a quicker one (a trie, a
look-up table, a quick reject); these tests compare the two on generated input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.aliases import PREFIXES, QUOTE_MARKS, match_alias
from kg.extract.lexicon import load
from kg.extract.segment import tokenize


def _plain_match_alias(table: dict, toks, i: int, maxlen: int = 8):
    """Longest alias at token ``i``: grow a tuple of folded words while it begins an alias."""
    if i >= len(toks):
        return None
    firsts = {k[0] for k in table}
    if toks[i].f not in firsts | {p + f for p in PREFIXES for f in firsts} and toks[i].text not in QUOTE_MARKS:
        return None
    prefixes = {k[:n] for k in table for n in range(1, len(k) + 1)}
    k = i
    while k < len(toks) and not toks[k].word:
        if toks[k].text not in QUOTE_MARKS and toks[k].text not in "-–()":
            return None
        k += 1
    if k >= len(toks):
        return None
    first = toks[k].f
    best, best_len = None, 0
    for f in (first, *[first[len(p):] for p in PREFIXES if first.startswith(p) and len(first) - len(p) >= 3]):
        key, j, length = (f,), k + 1, 1
        while key in prefixes:
            if length > best_len and key in table:
                best, best_len = (table[key], j), length
            if length >= min(maxlen, max(len(a) for a in table)):
                break
            while j < len(toks) and not toks[j].word and (toks[j].text in QUOTE_MARKS or toks[j].text in "-–()"):
                j += 1
            if j >= len(toks) or not toks[j].word:
                break
            key += (toks[j].f,)
            j += 1
            length += 1
    return best


def _alias_words() -> list[str]:
    lex = load()
    words = sorted({w for table in (lex.speaker_aliases, lex.countries_by_name, lex.outlet_aliases) for k in table for w in k})
    return words[::7][:300] + ["و", "وال", "ل", "«", "»", "-", "(", "ـ", "قال", "إن"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_alias_words()), min_size=1, max_size=9), st.integers(0, 3), st.sampled_from([2, 4, 8]))
def test_alias_trie_walk_equals_growing_tuples(words, at, maxlen):
    lex = load()
    text = " ".join(words)
    toks = tokenize(text, 0, len(text))
    i = min(at, len(toks))
    for table in (lex.speaker_aliases, lex.countries_by_name, lex.outlet_aliases):
        assert match_alias(table, toks, i, maxlen) == _plain_match_alias(table, toks, i, maxlen)


def _city_names() -> list[str]:
    lex = load()
    return sorted({" ".join(k) for k in lex.cities} | set(lex.cities.values()))[::3]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_city_names()), st.sampled_from(["", "«", "ال", "و"]),
       st.sampled_from(["", "ي", "ية", "ـ", "\u064e", " - سانا", " / وام /", ": مراسلنا", " الجديدة", "x"]))
def test_city_at_line_start_fast_path(city, before, after):
    """Folded prefixes of an Arabic line head are tried directly: the same answer as folding each prefix."""
    from kg.extract.outlets import _HEAD, _city, _city_head

    m = _HEAD.match(before + city + after)
    a, b = m.group(1), m.group(3) or ""
    plain = any(_city(a[:k]) for k in range(1, len(a) + 1)) or any(_city(a + m.group(2) + b[:k]) for k in range(1, len(b) + 1))
    assert _city_head(m) == plain


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_alias_words() + ["الوزير", "المتحدث", "مسؤول", "الخارجية", "علي", "في", "،"]),
                min_size=1, max_size=14))
def test_start_scanner_equals_next_start(words):
    """The registration scan's per-sentence start finder agrees with the token-by-token test."""
    from kg.extract import speakers as sp
    from kg.extract.starts import next_start, start_kind, start_scanner
    from kg.extract.state import DocState
    from kg.model import SourceDoc

    text = " ".join(words)
    toks = tokenize(text, 0, len(text))
    state = DocState(doc=SourceDoc(name="t", text=text, sha256="0"), text=text)
    sp.mint(state, "عبد الله الخارجية", "person")  # some name words met
    kinds = [start_kind(t, registering=True) for t in toks]
    scan = start_scanner(state, toks, [x for x, k in enumerate(kinds) if k == 1], [x for x, k in enumerate(kinds) if k == 2])
    for k in range(len(toks) + 1):
        assert scan(k) == next_start(state, toks, k, registering=True)
