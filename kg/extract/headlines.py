"""Headline claims: a title or sub-title line of the form «Speaker: statement».

>>> from kg.model import SourceDoc
>>> from kg.extract.segment import normalize_step, quotes_step, sentences_step
>>> st = DocState(doc=SourceDoc(name="t", text="غوتيريش: لا حل عسكريا للأزمة\\nعاجل: انفجار في الميناء", sha256="0"))
>>> normalize_step(st); quotes_step(st); sentences_step(st); headlines_step(st)
>>> [(c.speaker.key, st.text[c.start:c.end]) for c in st.cands]
[('antonio-guterres', 'لا حل عسكريا للأزمة')]
"""

from __future__ import annotations

from kg.extract import speakers as sp
from kg.extract.lexicon import ftoks, load
from kg.extract.aliases import QUOTE_MARKS
from kg.extract.clauses import verb_at
from kg.extract.mentions import parse_mention
from kg.extract.state import Cand, DocState

MAX_SPEAKER_WORDS = 7  # a speaker of up to 3 words and a verb with a short object


def _addressee_or_verb(rest) -> bool:
    """«بوتين لماكرون: ...», «أردوغان يؤكد: ...», «بيسكوف يرد على ماكرون: ...»: the speaker,
    then whom or how they said it (a reporting verb may take a short object)."""
    words = [t for t in rest if t.word]
    if not words or len(words) > 4:
        return False
    first = words[0].f
    if verb_at(load(), words[0]) is not None:
        return True
    return len(words) <= 2 and first.startswith("ل") and not first.startswith("ال")
MIN_STATEMENT_WORDS = 3


def headlines_step(state: DocState) -> None:
    """Reads ``sents`` (title lines), ``entities``; appends ``headline`` candidates to ``cands``."""
    lex = load()
    for si, s in enumerate(state.sents):
        if not s.title or s.line in state.furniture:
            continue
        toks = s.toks
        c = next((i for i, t in enumerate(toks) if t.text == ":"), -1)
        if c < 1:
            continue
        head = [t for t in toks[:c] if t.word]
        rest = [t for t in toks[c + 1:] if t.word]
        if not head or len(head) > MAX_SPEAKER_WORDS or len(rest) < MIN_STATEMENT_WORDS:
            continue
        htext = state.text[toks[0].start:toks[c - 1].end]
        hkey = ftoks(htext)
        if " ".join(hkey) in lex.not_headline_speakers or hkey[0] in lex.not_headline_speakers or hkey in lex.cities:
            continue
        m = parse_mention(state, toks, 0)
        if m is not None and m.j < c and not _addressee_or_verb(toks[m.j:c]):
            m = None
        if m is None:
            ent = sp.find_in_article(state, htext)
            if ent is None:
                continue
        else:
            ent = m.entity
            if ent.typ == "outlet":
                state.credits.append(ent.key)
        start, end = toks[c + 1].start, s.end
        while start < end and state.text[start] in QUOTE_MARKS | {" "}:
            start += 1
        while end > start and state.text[end - 1] in QUOTE_MARKS | {" ", "."}:
            end -= 1
        state.cands = [x for x in state.cands if not (x.kind == "direct" and start <= x.start and x.end <= end)]
        state.cands.append(Cand("headline", start, end, ent, si, 0.75, htext))
