"""Indirect speech: the reported content of each cue region that is not a direct quote.

The content runs from after the complementizer (أن / إن / بأن), the verb's preposition
(أشار إلى، أعرب عن) or the subject (أكد X دعم ...) to the end of the region. A region that
opens with a quote gives only the direct claim; one with a quote inside gives an indirect
claim for the words before the quote only when they are a clause of their own.
"""

from __future__ import annotations

from kg.extract.cues import heading
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
        inside = [q for q in state.quotes if q.claim and s - 1 <= q.open < e]
        if inside:
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
        conf = r.confidence - (0.1 if "np" in v.modes and "comp" not in v.modes else 0.0)
        state.cands.append(Cand("indirect", s, e, r.speaker, r.sent, max(0.1, conf), r.mention))
