"""Title and name phrases: «وزير الخارجية الروسي» + «سيرغي لافروف», and the words around them.

A role phrase is a title followed by what qualifies it (definite nouns and adjectives,
«باسم ...», «لدى ...», a nationality); a name is up to a few words that are not function
words, verbs, titles or addressees («لوكالة ...»).
"""

from __future__ import annotations

import functools

from kg.extract import speakers as sp
from kg.extract.aliases import QUOTE_MARKS, first_words, match_alias
from kg.extract.lexicon import ftoks, load
from kg.extract.state import DocState, Tok


# folded relative pronouns: «المتحدث الذي طلب ...» - they open a clause about the name, never continue it
RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})


def strip_conj(f: str) -> str:
    return f[1:] if f[:1] in ("و", "ف") and len(f) > 3 else f


def definite(t: Tok) -> bool:
    """Does the word carry the article (ال, وال)? Judged on the printed word, since folding makes
    a name with hamza look definite: أليكسي folds to اليكسي."""
    w = t.text[1:] if t.text[:1] in ("و", "ف") and t.text[1:3] == "ال" else t.text
    return w.startswith("ال") or (w.startswith("ٱل"))


def is_name_tok(lex, t: Tok, pos: int) -> bool:
    if pos > 0 and t.text == "علي":
        return True  # the name Ali, not the preposition على (which folds the same)
    if not t.word or t.f in lex.stop_words or t.f in lex.complementizers or t.f in lex.verb_forms:
        return False
    if strip_conj(t.f) in lex.verb_forms or t.f in lex.adverbs or t.f in lex.titles or t.f in lex.circumstantial or strip_conj(t.f) in lex.narration_verbs:
        return False
    if t.f.isdigit() or addressee(lex, t.f):
        return False
    if pos == 0 and definite(t):
        return False
    return True


_MEDIA_WORDS = ("وكاله", "صحيفه", "قناه", "موقع", "مجله", "اذاعه", "تلفزيون", "شبكه", "منصه", "وساىل", "الصحف", "الصحاف", "الاعلام", "المراسل")


def addressee(lex, f: str) -> bool:
    """A word that says to whom or where something was said (لوكالة، للصحفيين، لقناة): never part of a name."""
    if f.startswith("لل") and len(f) > 3:
        return True
    return f.startswith("ل") and not f.startswith("ال") and f[1:].startswith(_MEDIA_WORDS + lex.speech_nouns)


def role_phrase(state: DocState, toks: list[Tok], i: int) -> int:
    """Token index after a role phrase starting at ``i`` (== i when there is none)."""
    lex = load()
    if i >= len(toks) or not toks[i].word or toks[i].f not in lex.titles:
        return i
    j = i + 1
    nat = False  # a nationality adjective has closed the role (وزير الخارجية الروسي)
    firsts = first_words(lex.speaker_aliases)
    while j < len(toks):
        t = toks[j]
        if not t.word:
            if t.text in QUOTE_MARKS:
                j += 1
                continue
            break
        f = t.f
        hit = match_alias(lex.speaker_aliases, toks, j) if f in firsts else None
        if hit and lex.speakers[hit[0]].kind == "person":
            break
        if f in lex.complementizers or f in lex.verb_forms or strip_conj(f) in lex.verb_forms or (f in lex.adverbs and f not in lex.role_nouns and f != "في"):
            break
        if f in ("الي", "لدي", "في") and _country_name(lex, toks, j + 1) > j + 1:
            j = _country_name(lex, toks, j + 1)  # المبعوث الأممي إلى سوريا, السفير الروسي لدى تركيا, في موسكو
            continue
        if f in lex.titles or f in lex.role_nouns or f in lex.countries_by_adj:
            nat = nat or f in lex.countries_by_adj
            j += 1
            continue
        if f[:1] == "و" and f[1:] in lex.role_nouns and f[1:] not in ("لدي", "باسم"):
            j += 1  # وزير الخارجية وشؤون المغتربين: a second portfolio
            continue
        if toks[j - 1].f in ("لشوون", "شوون", "الشوون", "وشوون") and f not in lex.stop_words:
            j += 1  # مساعد وزير الخارجية لشؤون أوروبا: the field, whatever word it is
            continue
        if nat and f.startswith("ال"):
            break  # «الدبلوماسية الروسية الأطراف الليبية»: after the nationality a definite noun is the object
        met = sp.find_in_article(state, t.text) if state is not None and definite(t) and f not in lex.role_nouns else None
        if met is not None and met.kind == "person":
            break  # «السفير المطيري»: a surname met earlier in the article, not a qualifier
        if not nat and _construct(toks[j - 1].f, lex):
            k = _country_name(lex, toks, j)
            if k > j:  # وزير خارجية روسيا, سفير تركيا: the country in construct closes the role
                nat, j = True, k
                continue
        if definite(t) and f not in lex.adverbs and f not in lex.stop_words:
            j += 1
            continue
        if f.startswith("لل") or (f.startswith("ل") and f[1:] in lex.role_nouns):
            j += 1
            continue
        if f in ("في", "لدي", "ب", "عن") and j + 1 < len(toks) and toks[j + 1].word and (toks[j + 1].f.startswith("ال") or toks[j + 1].f in lex.role_nouns):
            j += 2
            continue
        if (f.startswith("ب") and f[1:] in lex.role_nouns) or (f.startswith("بال")):
            j += 1
            continue
        break
    return j


def role_country(toks: list[Tok]) -> str | None:
    """The country a role phrase names: its nationality adjective (الروسي) or, in construct
    (وزير خارجية روسيا), the country right after the title; a place after لدى/في is not it."""
    lex = load()
    for n, t in enumerate(toks):
        if t.f in ("الي", "لدي", "في"):
            return None
        if t.f in lex.countries_by_adj:
            return lex.countries_by_adj[t.f]
        k = _country_name(lex, toks, n) if n and _construct(toks[n - 1].f, lex) else n
        if k > n:
            return lex.countries_by_name[tuple(x.f for x in toks[n:k])]
    return None


def _construct(f: str, lex) -> bool:
    """An indefinite title or role noun, which takes its country as a genitive (سفير روسيا)."""
    return not f.startswith("ال") and (f in lex.titles or f in lex.role_nouns) and f not in ("لدي", "باسم")


def _country_name(lex, toks: list[Tok], j: int) -> int:
    """Token index after a country or capital name of up to three words at ``j`` (== j when none)."""
    if j >= len(toks) or toks[j].f not in first_words(lex.countries_by_name):  # a quick reject
        return j
    for k in range(min(len(toks), j + 3), j, -1):
        if all(t.word for t in toks[j:k]) and tuple(t.f for t in toks[j:k]) in lex.countries_by_name:
            return k
    return j


def name_phrase(state: DocState, toks: list[Tok], i: int) -> int:
    lex = load()
    j, n = i, 0
    while j < len(toks) and n < 5:
        t = toks[j]
        if t.text in QUOTE_MARKS:
            if n == 0 and j + 1 < len(toks) and toks[j + 1].f in lex.narration_verbs:
                break  # رئيس الدولة "حفظه الله": a blessing, not a name
            j += 1
            continue
        if not is_name_tok(lex, t, n) and not (n > 0 and t.word and t.f.startswith("ال") and t.f not in lex.stop_words and t.f not in lex.adverbs):
            break
        if n > 0 and t.f.startswith("ال") and toks[j - 1].f not in lex.name_particles and n >= 2:
            break
        if n >= 2 and t.f not in lex.name_particles and toks[j - 1].f not in lex.name_particles:
            break
        n += 1
        j += 1
    return j if n else i


@functools.lru_cache(maxsize=4096)
def registry_role(role: str) -> str | None:
    """The registry person holding ``role`` when exactly one does (roles change hands: else None)."""
    want = " ".join(ftoks(role))
    keys = [k for k, e in load().speakers.items() if e.kind == "person" and e.role and " ".join(ftoks(e.role)) == want]
    return keys[0] if len(keys) == 1 else None


def continues(toks: list[Tok], j: int) -> bool:
    """Does an institution's name go on at token ``j`` (an adjective or a definite noun)?"""
    lex = load()
    if j >= len(toks) or not toks[j].word:
        return False
    f = toks[j].f
    if f in lex.adverbs or f in lex.stop_words or f in lex.complementizers or f in lex.verb_forms:
        return False
    return f in lex.role_nouns or f in lex.countries_by_adj or (f.startswith("لل") and len(f) > 4)
