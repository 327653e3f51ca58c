"""Last step: candidates to :class:`kg.model.Claim` records, offsets into the printed text."""

from __future__ import annotations

from kg.extract.speakers import to_ref
from kg.extract.state import DocState
from kg.extract.topics import FALLBACK
from kg.model import Claim
from kg.normalize import fold_normalized, normalize

_KIND_ORDER = {"headline": 0, "direct": 1, "indirect": 2}


def finalize_step(state: DocState) -> None:
    """Reads ``cands``, ``norm``; writes ``claims``: one :class:`Claim` per distinct statement.

    The same words reported twice (a repeated title) are kept once; a claim's ``text`` is
    ``normalize(doc.text[start:end])``; its date is never after the publication date.
    """
    seen: dict[tuple[str, int], list[str]] = {}  # (kind, spaces) -> texts kept; folding keeps every space
    raw = state.doc.text or ""
    for c in sorted(state.cands, key=lambda c: (c.start, _KIND_ORDER[c.kind])):
        if c.speaker is None or c.end <= c.start:
            continue
        start, end = state.norm.raw_span(c.start, c.end)
        text = normalize(raw[start:end])
        if not text:
            continue
        kept = seen.setdefault((c.kind, text.count(" ")), [])
        if kept:  # fold only when another claim of the kind could fold the same
            folded = fold_normalized(text)
            if any(fold_normalized(t) == folded for t in kept):
                continue
        kept.append(text)
        date = c.date
        if date is not None and state.article_date is not None and date > state.article_date:
            date = None
        state.claims.append(Claim(kind=c.kind, start=start, end=end, text=text, speaker=to_ref(c.speaker, c.mention),
                            stated_on=date, topics=list(c.topics) or [FALLBACK], confidence=round(max(0.0, min(1.0, c.confidence)), 2)))
