"""Clause helpers shared by the attribution steps: cue regions, verb look-up, subjects, skips."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.lexicon import VerbForm, load
from kg.extract.mentions import QUOTE_MARKS, Mention, addressee, next_start, parse_mention
from kg.extract.state import DocState, Entity, Tok


@dataclass
class Region:
    sent: int
    cue: int  # token index of the cue in the sentence
    form: VerbForm | None
    speaker: Entity | None
    mention: str | None
    start: int  # text offset where the reported content starts
    end: int  # text offset where it ends
    confidence: float


_NO_VERB = VerbForm("", "", "", frozenset(), ())
_VERBS: dict[str, VerbForm] = {}  # folded word -> its form (or _NO_VERB); the lexicon is loaded once


def verb_at(lex, t: Tok) -> VerbForm | None:
    """The reporting-verb form of a token (with a leading و / ف), or None."""
    if not t.word:
        return None
    f = t.f
    v = _VERBS.get(f)
    if v is None:
        v = lex.verb_forms.get(f)
        if v is None and len(f) > 2 and (f[0] == "و" or f[0] == "ف"):
            v = lex.verb_forms.get(f[1:])
        v = _VERBS[f] = v or _NO_VERB
    return None if v is _NO_VERB else v


def claim_opens(state: DocState) -> frozenset[int]:
    """Offsets of the opening marks of speech quotes (set once quotes are classified)."""
    if state.claim_opens is None:
        state.claim_opens = frozenset(q.open for q in state.quotes if q.claim)
    return state.claim_opens


def quote_mask(state: DocState) -> bytearray:
    """1 at every offset of ``state.text`` from an opening quotation mark to its closing one."""
    mask = state.quote_mask
    if mask is None or len(mask) != len(state.text) + 1:
        mask = bytearray(len(state.text) + 1)
        for q in state.quotes:
            mask[q.open:q.close] = b"\x01" * max(0, min(q.close, len(state.text)) - q.open)
        state.quote_mask = mask
    return mask


def in_quote(state: DocState, pos: int) -> bool:
    mask = quote_mask(state)
    return 0 <= pos < len(mask) and mask[pos] == 1


def skip(state: DocState, toks: list[Tok], p: int, lex) -> int:
    """Skip adverbs, commas, and parenthetical insertions (-...- / (...))."""
    while p < len(toks):
        t = toks[p]
        if t.text in ("،", ",", ";", "؛") or (t.word and t.f in lex.adverbs and t.f not in ("في",)):
            p += 1
            continue
        if t.text in ("-", "–", "—", "(") and p + 1 < len(toks):
            close = {"(": ")"}.get(t.text, t.text)
            k = p + 1
            while k < len(toks) and k - p < 25 and toks[k].text not in (close, "-", "–", "—"):
                k += 1
            if k < len(toks) and k - p < 25:
                p = k + 1
                continue
        if t.text in QUOTE_MARKS and not t.start in claim_opens(state):
            p += 1
            continue
        break
    return p


def find_comp(toks: list[Tok], p: int, lex, state: DocState, limit: int = 30) -> int:
    """Index of a complementizer within ``limit`` tokens after ``p`` (-1 if none before a cue/quote/stop)."""
    opens = claim_opens(state)
    comps = lex.complementizers
    for k in range(p, min(len(toks), p + limit)):
        t = toks[k]
        if t.text in (".", "؟", "!") or t.start in opens:
            return -1
        if t.text == ":" or (t.word and t.f in comps):
            return k
        if k > p and t.word and t.f not in comps:
            v = _VERBS.get(t.f) or verb_at(lex, t) or _NO_VERB
            if v is not _NO_VERB and v.tense != "impf" and toks[k - 1].f not in ("لم", "لا", "لن", "ما", "عدم"):
                return -1
    return -1


def subject_in(state: DocState, toks: list[Tok], p: int, q: int) -> Mention | None:
    """Best speaker mention in toks[p:q]: the one at p if named, else the first named person."""
    best: Mention | None = None
    k = p
    while k < q:
        if toks[k].text in ("-", "–") and k > p:  # a parenthetical insertion: skip it
            e = k + 1
            while e < q and toks[e].text not in ("-", "–"):
                e += 1
            k = e + 1
            continue
        if k > p and toks[k].word and addressee(load(), toks[k].f):
            break  # لوكالة ... / للصحفيين: whom it was said to, not who said it
        m = parse_mention(state, toks, k)
        if m is not None and m.j <= q + 1:
            if best is None:
                best = m
            if m.entity.kind == "person" and m.entity.typ == "named":
                return m if best.entity.kind != "person" or best.entity.typ != "named" else best
            k = m.j
            continue
        k += 1
    return best


def quote_at(state: DocState, toks: list[Tok], p: int) -> bool:
    return p < len(toks) and toks[p].start in (state.claim_opens if state.claim_opens is not None else claim_opens(state))


def subject_before(state: DocState, toks: list[Tok], k: int) -> Mention | None:
    """A headline-style subject before the verb (لافروف وجاويش أوغلو يتعهدان «...»)."""
    i = 0
    while i < k:
        c = next_start(state, toks, i)  # words before it cannot start a mention
        q = c
        while q > i and toks[q - 1].text in QUOTE_MARKS:
            q -= 1  # a quote mark right before c: a mention there is the one at c
        for x in range(q, min(c + 1, k)):
            m = parse_mention(state, toks, x, checked=True)
            if m is not None and m.j <= k:
                return m
        i = c + 1
    return None


def subject_ending_at(state: DocState, toks: list[Tok], k: int) -> Mention | None:
    """The mention that ends right before the verb at ``k`` (SVO after a clause: «فإن الرئيس X دعا»)."""
    i = max(0, k - 12)
    while i < k:
        c = next_start(state, toks, i)
        if c >= k:
            return None
        m = parse_mention(state, toks, c, checked=True)
        if m is not None and m.j == k:
            return m
        i = c + 1
    return None


def content_start(state: DocState, toks: list[Tok], p: int, v: VerbForm) -> int:
    """Token index where the reported content starts: after circumstantials, the verb's preposition, أن."""
    lex = load()
    p = skip(state, toks, p, lex)
    p = _unnamed_aside(lex, toks, p)
    if "needs_prep" in v.modes and not (p < len(toks) and toks[p].f in v.preps):
        return len(toks)
    if p < len(toks) and toks[p].word and toks[p].f in lex.circumstantial and toks[p].f not in v.preps:
        # a circumstantial phrase (في البرقية، / على صفحتها ... أن): skip to a comma, أن, a colon or the preposition
        for e in range(p + 1, min(len(toks), p + 14)):
            if toks[e].f in v.preps and e + 1 < len(toks) and toks[e + 1].word:
                p = e
                break
            if toks[e].f in lex.complementizers or toks[e].text in (":", "،", ","):
                p = e + 1
                break
        else:
            p = _document_phrase(lex, toks, p)
    if p < len(toks) and toks[p].f in v.preps:
        p += 1
    elif p < len(toks) and toks[p].f not in lex.complementizers and toks[p].text != ":" and not quote_at(state, toks, p):
        c = find_comp(toks, p, lex, state, limit=5)  # a time phrase before أن: قال الأسبوع الماضي إن
        if c > p:
            p = c
    while p < len(toks) and (toks[p].f in lex.complementizers or toks[p].text == ":"):
        p += 1
    return p


_ASIDE_FIRSTS: list[frozenset[str]] = []


def _aside_firsts(lex) -> frozenset[str]:
    if not _ASIDE_FIRSTS:
        _ASIDE_FIRSTS.append(frozenset(w[0] for w in lex.unnamed_asides))
    return _ASIDE_FIRSTS[0]


def _unnamed_aside(lex, toks: list[Tok], p: int) -> int:
    """Token index after «لم تسمه،» (and a فإن after it) following a source (== p when none)."""
    if p >= len(toks) or toks[p].f not in _aside_firsts(lex):
        return p
    for words in lex.unnamed_asides:
        e = p + len(words)
        if e < len(toks) and tuple(t.f for t in toks[p:e]) == words and toks[e].text in ("،", ","):
            e += 1
            return e + 1 if e + 1 < len(toks) and toks[e].f in lex.content_openers else e
    return p


def _document_phrase(lex, toks: list[Tok], p: int) -> int:
    """Token index after «في بيان صدر مساء أمس» before a noun-phrase object (== p when not one).

    في + a speech or document noun, one definite adjective, then the words of
    ``document_modifiers`` and time adverbs: where the words were said, not what.
    """
    if not (toks[p].f == "في" and p + 1 < len(toks) and toks[p + 1].word
            and (toks[p + 1].f.startswith(lex.speech_nouns) or toks[p + 1].f in lex.document_nouns)):
        return p
    e = p + 2
    if e < len(toks) and toks[e].word and toks[e].f.startswith("ال") and toks[e].f not in lex.adverbs:
        e += 1  # في بيانها الرسمي
    while e < len(toks) and toks[e].word and toks[e].f != "في" and (toks[e].f in lex.adverbs or toks[e].f in lex.document_modifiers):
        e += 1
    return e if e < len(toks) and toks[e].word else p


RELATIVE = {"الذي", "التي", "الذين", "اللذين"}  # opening an aside after a subject (and a new clause)
_ASIDE_VERBS = {"طلب", "طلبت", "فضل", "فضلت", "رفض", "رفضت", "اشترط", "اشترطت", "كان", "كانت"}


def past_aside(state: DocState, toks: list[Tok], j: int) -> int | None:
    """Token index of a quote after an aside between the speaker and the quote, or None.

    The aside opens with a relative pronoun or an anonymity verb (الذي طلب عدم نشر اسمه،
    طلب عدم الكشف عن هويته) and ends with a comma or a colon right before the quote.
    """
    if j >= len(toks) or not toks[j].word or (toks[j].f not in RELATIVE and toks[j].f not in _ASIDE_VERBS):
        return None
    for k in range(j + 1, min(len(toks) - 1, j + 30)):
        t = toks[k]
        if t.text in (".", "؟", "!") or in_quote(state, t.start):
            return None
        if t.text in ("،", ",", ":") and quote_at(state, toks, k + 1):
            return k + 1
    return None
