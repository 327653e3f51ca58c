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


@functools.lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word a mention can start with (besides names met in the article)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads) | set(ONE_OF)
    words |= {j.split()[0] for j in lex.joint}
    for table in (lex.speaker_aliases, lex.countries_by_name, lex.outlet_aliases):
        words |= first_words(table)
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _person_starters() -> frozenset[str]:
    """Mention starters less countries and outlets (and their clitic forms)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads) | set(ONE_OF)
    words |= {j.split()[0] for j in lex.joint}
    return frozenset(words | first_words(lex.speaker_aliases))


def could_start(state: DocState, registering: bool = False):
    """A fast test: can a mention start at this token (a known first word, a name met, a sound-alike)?

    With ``registering`` (scanning a sentence only to meet its people and bodies), countries
    and outlets are left out: they are in the registries and need no introduction. A
    function word (في، إن، على) starts a mention only when it is itself a known first word.
    """
    static, names = _static_starts(registering), sp.name_words(state)
    return lambda t: static.get(t.text, False) or (t.f in names and t.f not in _function_words()) or (
        t.text not in static and _learn_start(static, registering, t))


@functools.lru_cache(maxsize=2)
def _static_starts(registering: bool) -> dict[str, bool]:
    return {}  # printed word -> can it start a mention whatever the article (filled as words are met)


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    lex = load()
    return frozenset(lex.stop_words) | frozenset(lex.complementizers)


def _learn_start(static: dict[str, bool], registering: bool, t: Tok) -> bool:
    starters = _person_starters() if registering else _starters()
    lex = load()
    verb = t.f in lex.verb_forms or strip_conj(t.f) in lex.verb_forms
    ok = t.f in starters or (t.f not in _function_words() and not verb and phonetic(t.text) in phonetic_firsts())
    if len(static) < 200_000:
        static[t.text] = ok
    return ok
