"""The ordered extraction steps. Each step is ``step(state: DocState) -> None``.

>>> [s.__name__ for s in STEPS][:3]
['normalize_step', 'quotes_step', 'sentences_step']
"""

from __future__ import annotations

import regex

from kg.extract.cues import cues_step
from kg.extract.dates import article_date_step, dates_step
from kg.extract.finalize import finalize_step
from kg.extract.headlines import headlines_step
from kg.extract.indirect import indirect_step
from kg.extract.outlets import credits_step, outlets_step
from kg.extract.quotes import classify_quotes_step, direct_step
from kg.extract.segment import normalize_step, quotes_step, sentences_step
from kg.extract.state import DocState
from kg.extract.topics import topics_step
from kg.model import ArticleMeta, Extraction, SourceDoc

_ARABIC_WORD = regex.compile(r"\p{Arabic}{2,}")
_TAGLINE = regex.compile(r"^(?:موقع|صحيفة|جريدة|بوابة|منصة|شبكة)\s.*(?:إخباري|اخباري|مستقل)")

STEPS = [
    normalize_step,  # text -> normalised text + offset map, lines
    quotes_step,  # paired quotation marks
    sentences_step,  # sentences (quotes kept whole), tokens, title lines
    outlets_step,  # publisher, credits, dateline, author; marks furniture lines
    article_date_step,  # publication date
    classify_quotes_step,  # speech quotes vs names / terms
    cues_step,  # reporting cues, speakers, regions
    direct_step,  # direct claims
    indirect_step,  # indirect claims
    headlines_step,  # «Speaker: statement» titles
    credits_step,  # relaying agencies found in the text
    dates_step,  # statement dates
    topics_step,  # topic keys
    finalize_step,  # claims with offsets into the printed text, duplicates dropped
]


def _headline(state: DocState) -> str:
    if state.doc.title:
        return state.doc.title
    lines = [(i, s, e) for i, (s, e) in enumerate(state.lines) if i not in state.furniture]
    for i, s, e in lines:
        line = state.text[s:e]
        if len(_ARABIC_WORD.findall(line)) >= 3 and not _TAGLINE.search(line):  # skip language switches, taglines
            return line
    return state.text[lines[0][1]:lines[0][2]] if lines else state.doc.name


def run(doc: SourceDoc) -> Extraction:
    """Run every step; a failing step is noted and the steps after it still run."""
    state = DocState(doc=doc)
    notes: list[str] = []
    for step in STEPS:
        try:
            step(state)
        except Exception as exc:  # noqa: BLE001 - extraction never raises on any input
            notes.append(f"{step.__name__} failed: {type(exc).__name__}: {exc}")
            if state.norm is None:
                break
    claims = state.claims
    meta: ArticleMeta = state.meta
    try:
        meta.headline = _headline(state)
    except Exception:  # noqa: BLE001
        meta.headline = doc.name
    if not claims:
        notes.append("no claims found")
    return Extraction(doc=doc, meta=meta, claims=claims, notes=notes + state.notes)
