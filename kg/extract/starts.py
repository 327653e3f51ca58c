"""Where a speaker mention can start: a quick test per token before the full parse.

A mention starts at a known first word (a title, an anonymous-source noun, an anaphor, an
institution's head, a registry alias with or without a clitic), a word of a name met
earlier in the article, or a word that sounds like the first word of a registry name.
The article-independent part is learned per printed word, once.
"""

from __future__ import annotations

import functools

from kg.extract import speakers as sp
from kg.extract.aliases import first_words, phonetic_firsts
from kg.extract.lexicon import load, phonetic
from kg.extract.phrases import strip_conj
from kg.extract.referents import ONE_OF
from kg.extract.state import DocState, Tok


@functools.cache
def _starters() -> frozenset[str]:
    """Every word a mention can start with (besides names met in the article)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads) | set(ONE_OF)
    words |= {j.split()[0] for j in lex.joint}
    for table in (lex.speaker_aliases, lex.countries_by_name, lex.outlet_aliases):
        words |= first_words(table)
    return frozenset(words)


@functools.cache
def _person_starters() -> frozenset[str]:
    """Mention starters less countries and outlets (and their clitic forms)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads) | set(ONE_OF)
    words |= {j.split()[0] for j in lex.joint}
    return frozenset(words | first_words(lex.speaker_aliases))


def can_start(state: DocState, t: Tok, registering: bool = False) -> bool:
    """Can a mention start at token ``t`` (a known first word, a word of a name met, a sound-alike)?

    With ``registering`` (scanning a sentence only to meet its people and bodies), countries
    and outlets are left out: they are in the registries and need no introduction. A
    function word (في، إن، على) starts a mention only when it is itself a known first word.
    """
    static = _STATIC[registering]
    ok = static.get(t.text)
    if ok is None:
        ok = _learn_start(static, registering, t)
    return ok or (t.f in sp.name_words(state) and t.f not in _function_words())


def next_start(state: DocState, toks: list[Tok], k: int, registering: bool = False) -> int:
    """The first word token at or after ``k`` where :func:`can_start` says yes (``len(toks)`` if none)."""
    static = _STATIC[registering]
    names = sp.name_words(state)
    fw = _function_words()
    n = len(toks)
    while k < n:
        t = toks[k]
        if t.word:
            ok = static.get(t.text)
            if ok is None:
                ok = _learn_start(static, registering, t)
            if ok or (t.f in names and t.f not in fw):
                return k
        k += 1
    return n


def start_kind(t: Tok, registering: bool = False) -> int:
    """What a token is for :func:`next_start`, whatever the article: 1 a known first word, 2 a
    word that starts a mention once a name met has it, 0 neither (punctuation, function word)."""
    if not t.word:
        return 0
    static = _STATIC[registering]
    ok = static.get(t.text)
    if ok is None:
        ok = _learn_start(static, registering, t)
    return 1 if ok else (0 if t.f in _function_words() else 2)


def start_scanner(state: DocState, toks: list[Tok], fixed: list[int], named: list[int]):
    """:func:`next_start` for one sentence read left to right: a function ``k -> index``, called
    with ascending ``k``. ``fixed`` and ``named``: the indices of the tokens of kind 1 and 2
    (:func:`start_kind`), in order; only the names met are checked as the sentence is read.
    """
    n = len(toks)
    at = [0, 0]

    def scan(k: int) -> int:
        a, b = at
        while a < len(fixed) and fixed[a] < k:
            a += 1
        limit = fixed[a] if a < len(fixed) else n
        while b < len(named) and named[b] < k:
            b += 1
        names = sp.name_words(state)
        while b < len(named) and named[b] < limit:
            if toks[named[b]].f in names:
                at[0], at[1] = a, b
                return named[b]
            b += 1
        at[0], at[1] = a, b
        return limit

    return scan


_STATIC: tuple[dict[str, bool], dict[str, bool]] = ({}, {})  # [registering]: printed word -> can it start a mention whatever the article
_FUNCTION_WORDS: list[frozenset[str]] = []


def _function_words() -> frozenset[str]:
    return _FUNCTION_WORDS[0] if _FUNCTION_WORDS else _make_function_words()


def _make_function_words() -> frozenset[str]:
    lex = load()
    _FUNCTION_WORDS.append(frozenset(lex.stop_words) | frozenset(lex.complementizers))
    return _FUNCTION_WORDS[0]


def _learn_start(static: dict[str, bool], registering: bool, t: Tok) -> bool:
    """The article-independent part of :func:`can_start` for a printed word (remembered)."""
    starters = _person_starters() if registering else _starters()
    lex = load()
    verb = t.f in lex.verb_forms or strip_conj(t.f) in lex.verb_forms
    ok = t.f in starters or (t.f not in _function_words() and not verb and phonetic(t.text) in phonetic_firsts())
    if len(static) < 200_000:
        static[t.text] = ok
    return ok
