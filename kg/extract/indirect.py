"""Indirect speech: the reported content of each cue region that is not a direct quote.

The content runs from after the complementizer (أن / إن / بأن), the verb's preposition
(أشار إلى، أعرب عن) or the subject (أكد X دعم ...) to the end of the region. A region that
opens with a quote gives only the direct claim; one with a quote inside gives an indirect
claim for the words before the quote only when they are a clause of their own.
"""

from __future__ import annotations

from kg.extract.cues import heading
from kg.extract.lexicon import load
from kg.extract.state import Cand, DocState
from kg.normalize import fold_words

MIN_WORDS = 2  # shortest indirect claim
MIN_WORDS_BEFORE_QUOTE = 6  # words before a quote needed for a separate indirect claim
_TRIM = " \t\n.،,:;؛-–—…"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def indirect_step(state: DocState) -> None:
    """Reads ``regions``, ``quotes``, ``sents``; appends ``indirect`` candidates to ``cands``."""
    text = state.text
    for r in state.regions:
        v = r.form
        if v is None or not ({"comp", "np"} & v.modes) or heading(state, state.sents[r.sent], r):
            continue
        s, e = _trim(text, r.start, r.end)
        conf = max(0.1, r.confidence - (0.1 if "np" in v.modes and "comp" not in v.modes else 0.0))
        inside = [q for q in state.quotes if q.claim and s - 1 <= q.open < e]
        if inside:
            _after_quote(state, r, inside[-1], e, conf)
            first = inside[0]
            if first.open <= s + 1:
                continue  # the region is the quote
            e2 = first.open
            s2, e2 = _trim(text, s, e2)
            if len(fold_words(text[s2:e2], normalized=True, first=MIN_WORDS_BEFORE_QUOTE)) < MIN_WORDS_BEFORE_QUOTE:
                continue
            s, e = s2, e2
        if len(fold_words(text[s:e], normalized=True, first=MIN_WORDS)) < MIN_WORDS:
            continue
        state.cands.append(Cand("indirect", s, e, r.speaker, r.sent, conf, r.mention))


MIN_WORDS_AFTER_QUOTE = 3  # words of a reported clause after a quote
_CONTRAST = frozenset({"لكن", "ولكن"})


def _after_quote(state: DocState, r, q, e: int, conf: float) -> None:
    """A reported clause after a quote of the same region: «قال إن X "..." وإن Y» gives Y.

    The clause must open with a complementizer (أن / إن / بأن, with و or not) or لكن, which
    say the words go on being the speaker's; they are left out of the claim.
    """
    lex = load()
    toks = state.sents[r.sent].toks
    k = next((i for i, t in enumerate(toks) if t.start > q.close and t.start < e), None)
    while k is not None and k < len(toks) and not toks[k].word and toks[k].text in ",،؛;":
        k += 1
    if k is None or k >= len(toks) or not toks[k].word:
        return
    f = toks[k].f
    bare = f[1:] if f[:1] == "و" and len(f) > 2 else f
    if bare not in lex.complementizers and f not in _CONTRAST:
        return
    k += 1
    while k < len(toks) and toks[k].word and toks[k].f in lex.complementizers:
        k += 1  # لكن إن ...
    if k >= len(toks) or toks[k].start >= e:
        return
    s2, e2 = _trim(state.text, toks[k].start, e)
    if s2 >= e2 or len(fold_words(state.text[s2:e2], normalized=True, first=MIN_WORDS_AFTER_QUOTE)) < MIN_WORDS_AFTER_QUOTE:
        return
    if any(x.claim and s2 <= x.open < e2 for x in state.quotes):
        return  # another quote after it: the words are not one clause of reported speech
    state.cands.append(Cand("indirect", s2, e2, r.speaker, r.sent, conf, r.mention))
