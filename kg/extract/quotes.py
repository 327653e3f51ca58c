"""Direct quotes: which quoted spans are speech, and who said them.

A quoted span is a *term* (a name, a title, a scare quote: “بايكار”, «سبوتنيك») when it is
short and no reporting verb, colon or complementizer stands right before it, or when it
is a known name. Other quotes are claims: inside a cue's region they take its speaker;
outside one, a speaker named earlier in the same sentence (or the current speaker for a
paragraph that opens with a quote).

>>> from kg.model import SourceDoc
>>> from kg.extract.segment import normalize_step, quotes_step, sentences_step
>>> st = DocState(doc=SourceDoc(name="t", text="زار الوفد شركة «أرامكو». وقال الوزير: «سنواصل العمل معا».", sha256="0"))
>>> normalize_step(st); quotes_step(st); sentences_step(st); classify_quotes_step(st)
>>> [q.claim for q in st.quotes]
[False, True]
"""

from __future__ import annotations

from kg.extract import speakers as sp
from kg.extract.clauses import subject_before, verb_at
from kg.extract.mentions import parse_mention
from kg.extract.lexicon import ftoks, load
from kg.extract.state import Cand, DocState, Tok
from kg.normalize import fold_words


_PREPOSITIONS = {"من", "في", "إلى", "الى", "عن", "مع", "على", "حول", "ضمن", "باسم", "لدى", "نحو"}


def _prev_word(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \u00a0\t":
        i -= 1
    if i >= 0 and not text[i].isalnum():
        return text[i]
    j = i
    while j >= 0 and (text[j].isalnum() or text[j] in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"):
        j -= 1
    return text[j + 1:i + 1]


def classify_quotes_step(state: DocState) -> None:
    """Reads ``quotes``, ``text``; writes ``Quote.claim`` (speech vs name / term / scare quote)."""
    lex = load()
    for q in state.quotes:
        content = state.text[q.start:q.end]
        words = fold_words(content, normalized=True, first=6)  # what is read below: the first word, a count up to six
        if not words or not any("\u0600" <= ch <= "\u06ff" for ch in content):
            q.claim = False
            continue
        key = ftoks(content)
        if key in lex.speaker_aliases or key in lex.outlet_aliases or key in lex.countries_by_name:
            q.claim = False
            continue
        if words[0] in lex.org_heads and len(words) <= 5:
            q.claim = False  # «الهيئة العليا للمفاوضات»: the name of a body
            continue
        if len(words) > 3:
            q.claim = True
            continue
        prev = _prev_word(state.text, q.open)
        pf = fold_words(prev, normalized=True)
        pv = verb_at(lex, Tok(0, 0, prev, pf[0], True)) if pf else None
        said = pv is not None and (pv.tense != "part" or "quote" in pv.modes)  # قال «...», يتعهدان «...», قائلا «...»
        q.claim = prev == ":" or said or (bool(pf) and pf[0] in lex.complementizers) or _reported_tail(state, q, prev, len(words))


def _reported_tail(state: DocState, q, prev: str, n: int) -> bool:
    """A short quote that ends a reported sentence: «قال X إن التعاون "شأن ثنائي"», «قال مسؤول، الذي ...، "..."».

    Two or three words, closing the sentence, after a past reporting verb of the same
    sentence, and either right after a comma or within a few words of إن / أن.
    """
    if n < 2:
        return False
    lex = load()
    tail = state.text[q.close + 1:q.close + 3].strip()
    if tail[:1] not in ("", ".", "،", ",", "؛") and not state.text[q.close + 1:q.close + 2] == "\n":
        return False
    sent = next((x for x in state.sents if x.start <= q.open < x.end), None)
    if sent is None:
        return False
    before = [t for t in sent.toks if t.end <= q.open]
    if not any((v := verb_at(lex, t)) is not None and v.tense == "past" and ({"quote", "comp"} & v.modes) for t in before):
        return False
    near = [t.f for t in before[-4:] if t.word]
    return prev in ("،", ",") or any(f in lex.complementizers for f in near)


def direct_step(state: DocState) -> None:
    """Reads ``quotes``, ``regions``, ``sents``; appends ``direct`` candidates to ``cands``."""
    for q in state.quotes:
        if not q.claim:
            continue
        si = next((i for i, s in enumerate(state.sents) if s.start <= q.open < s.end), -1)
        if si < 0 or state.sents[si].line in state.furniture:
            continue
        region = next((r for r in state.regions if r.sent == si and r.start - 3 <= q.open < r.end), None)
        if region is not None:
            state.cands.append(Cand("direct", q.start, q.end, region.speaker, si, min(0.95, region.confidence + 0.1), region.mention))
            continue
        s = state.sents[si]
        k = next((i for i, t in enumerate(s.toks) if t.start >= q.open), len(s.toks))
        state.cur_sent = si
        after = _speaker_after(state, s, q)
        if after is not None:
            state.cands.append(Cand("direct", q.start, q.end, after.entity, si, 0.7, after.text))
            sp.push_focus(state, after.entity)
            continue
        if _prev_word(state.text, q.open) in _PREPOSITIONS:
            continue  # وفدا من «...»: narration naming something, not speech
        m = subject_before(state, s.toks, k)
        if m is not None:
            ent = m.entity
            state.cands.append(Cand("direct", q.start, q.end, ent, si, 0.45, m.text))
            sp.push_focus(state, ent)
            continue
        ls = state.lines[s.line][0] if s.line >= 0 else -1
        current = state.speaker_at.get(si)
        led = state.colon_led.get(si)
        if q.open == ls and led is not None and led[0] is current:  # «وقال X:» and the quote on the next line
            state.cands.append(Cand("direct", q.start, q.end, current, si, 0.7, led[1]))
        elif q.open == ls and current is not None:  # a paragraph that opens with a quote continues the speaker
            state.cands.append(Cand("direct", q.start, q.end, current, si, 0.4, None))


def _speaker_after(state: DocState, s, q):
    """Attribution after the quote: «...»، قال الرئيس X / "..." said X."""
    lex = load()
    toks = s.toks
    k = next((i for i, t in enumerate(toks) if t.start > q.close), len(toks))
    while k < len(toks) and not toks[k].word and toks[k].text in ",،-–:":
        k += 1
    if k >= len(toks):
        return None
    v = verb_at(lex, toks[k])
    if v is None or v.tense == "part" or not ({"quote", "comp"} & v.modes):
        return None
    return parse_mention(state, toks, k + 1)
