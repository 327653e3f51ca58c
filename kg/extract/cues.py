"""Attribution: reporting cues, their speakers, and the regions of text they govern.

A cue is a reporting verb (قال، أكدت، أشار إلى ...), a participle (مضيفا، مشيرة إلى) or a
relay (نقلت وكالة X عن Y). Its speaker is the subject after it (VSO), the relayed source,
or, when the subject is dropped (وقال إن، وأضاف:), the last speaker whose gender agrees.
Its region runs from the reported content to the next cue that starts a new clause
(، وقال / بينما دعا) or the end of the sentence; participles do not split a region
except after a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract import speakers as sp
from kg.extract.lexicon import VerbForm, load
from kg.extract.mentions import QUOTE_MARKS, Mention, parse_mention, strip_lam
from kg.extract.state import DocState, Entity, Sent, Tok

_OBJ_PRON = {"به", "بها", "بهم", "له", "لها", "عنه", "عنها", "عليه", "منه", "اليه", "اليها"}
_RELATIVE = {"الذي", "التي", "الذين", "اللذين"}


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
    subject_before: bool = False


def _verb(lex, t: Tok) -> VerbForm | None:
    if not t.word:
        return None
    f = t.f
    v = lex.verb_forms.get(f)
    if v is None and f[:1] in ("و", "ف") and len(f) > 3:
        v = lex.verb_forms.get(f[1:])
    return v


def _in_quote(state: DocState, pos: int) -> bool:
    mask = state.__dict__.get("_quote_mask")
    if mask is None or len(mask) != len(state.text) + 1:
        mask = bytearray(len(state.text) + 1)
        for q in state.quotes:
            mask[q.open:q.close] = b"\x01" * max(0, min(q.close, len(state.text)) - q.open)
        state.__dict__["_quote_mask"] = mask
    return 0 <= pos < len(mask) and mask[pos] == 1


def _skip(state: DocState, toks: list[Tok], p: int, lex) -> int:
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
        if t.text in QUOTE_MARKS and not any(q.open == t.start and q.claim for q in state.quotes):
            p += 1
            continue
        break
    return p


def _find_comp(toks: list[Tok], p: int, lex, state: DocState, limit: int = 30) -> int:
    """Index of a complementizer within ``limit`` tokens after ``p`` (-1 if none before a cue/quote/stop)."""
    depth = 0
    for k in range(p, min(len(toks), p + limit)):
        t = toks[k]
        if t.text in ("-", "–", "(", ")"):
            depth ^= 1 if t.text != ")" else 0
        if t.text in (".", "؟", "!") or any(q.open == t.start and q.claim for q in state.quotes):
            return -1
        if t.word and (t.f in lex.complementizers or t.text == ":"):
            return k
        if t.text == ":":
            return k
        if k > p and t.f not in lex.complementizers:
            v = _verb(lex, t)
            if v is not None and v.tense != "impf" and toks[k - 1].f not in ("لم", "لا", "لن", "ما", "عدم"):
                return -1
    return -1


def _subject(state: DocState, toks: list[Tok], p: int, q: int) -> Mention | None:
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


def cues_step(state: DocState) -> None:
    """Reads ``sents``, ``quotes``; writes ``regions``, ``entities``, ``focus``, ``pairs``, ``credits``."""
    lex = load()
    for si, s in enumerate(state.sents):
        if s.line in state.furniture:
            continue
        state.cur_sent = si
        _scan_entities(state, s)
        toks = s.toks
        found: list[Region] = []
        acc = _according(state, s, si)
        if acc is not None:
            found.append(acc)
        for k, t in enumerate(toks):
            v = _verb(lex, t)
            if v is None or _in_quote(state, t.start):
                continue
            if v.lemma == "jaa":
                r = _document(state, s, si, k, v)
                if r is not None:
                    found.append(r)
                continue
            if k + 1 < len(toks) and toks[k + 1].f in _OBJ_PRON:
                continue
            if v.tense == "part" and k > 0 and toks[k - 1].f in ("كان", "وكان", "ليس", "يكون"):
                continue
            r = _region(state, s, si, k, v)
            if r is not None:
                found.append(r)
        _close_regions(state, s, found)
        for r in found:
            if s.title and not any(r.start <= qq.start < r.end + 2 for qq in state.quotes):
                continue
            state.regions.append(r)
            if r.speaker is not None:
                sp.push_focus(state, r.speaker)


def _scan_entities(state: DocState, s: Sent) -> None:
    """Register every speaker mentioned in a sentence; remember pairs (X مع نظيره Y, X وY)."""
    persons: list[Entity] = []
    k = 0
    toks = s.toks
    while k < len(toks):
        if _in_quote(state, toks[k].start) or not toks[k].word:
            k += 1
            continue
        m = parse_mention(state, toks, k, conj=False)
        if m is None:
            k += 1
            continue
        if m.entity.kind == "person" and m.entity.typ == "named" and m.entity not in persons:
            persons.append(m.entity)
        k = max(m.j, k + 1)
    if len(persons) >= 2:
        state.pairs.append((state.cur_sent, persons[0]))


def _region(state: DocState, s: Sent, si: int, k: int, v: VerbForm) -> Region | None:
    lex = load()
    toks = s.toks
    p = _skip(state, toks, k + 1, lex)
    speaker: Entity | None = None
    mention: str | None = None
    relayed = False
    conf = 0.8
    if v.tense == "impf" and not s.title and p < len(toks) and toks[p].f not in lex.complementizers and toks[p].text != ":":
        # present tense in a body sentence: only with an explicit subject followed by a quote / complement
        pass
    if k > 1 and toks[k - 1].f == "قد" and v.tense == "past":
        m0 = _subject_before(state, toks, k - 1)
        if m0 is not None:
            speaker, mention, conf = m0.entity, m0.text, 0.75
    if speaker is not None:
        pass
    elif p < len(toks) and (toks[p].f in lex.complementizers or toks[p].text in (":",) or toks[p].f in v.preps
                          or (toks[p].text in QUOTE_MARKS and any(q.open == toks[p].start for q in state.quotes))):
        # subject dropped: the last speaker agreeing with the verb
        if v.tense == "part" or "carry" in v.modes or True:
            speaker = sp.last_focus(state, v.gender)
            conf = 0.7
        if speaker is None:
            m0 = _subject_before(state, toks, k)
            if m0 is not None:
                speaker, mention, conf = m0.entity, m0.text, 0.6
    else:
        if v.tense == "part":
            speaker = sp.last_focus(state, v.gender)
            conf = 0.65
        else:
            c = _find_comp(toks, p, lex, state) if ("comp" in v.modes or "quote" in v.modes) else -1
            if "relay" in v.modes:
                m = parse_mention(state, toks, p)
            else:
                m = _subject(state, toks, p, c) if c > p else parse_mention(state, toks, p)
            if m is None and c > p:
                m = parse_mention(state, toks, p)
            if m is None:
                if "needs_comp" in v.modes or v.tense == "impf":
                    m0 = _subject_before(state, toks, k) if v.tense == "impf" else None
                    if m0 is None or c < 0 and not _quote_at(state, toks, p):
                        return None
                    speaker, mention, conf = m0.entity, m0.text, 0.6
                else:
                    speaker = sp.last_focus(state, v.gender)
                    conf = 0.55
                    if c > p:
                        p = c + 1  # وأضاف في كلمة متلفزة: «...» / أن ...
            else:
                speaker, mention = m.entity, m.text
                if m.entity.typ == "outlet" and "relay" not in v.modes:
                    state.credits.append(m.entity.key)
                if m.pair:
                    state.pairs.append((si, m.entity))
                if "relay" in v.modes:
                    j = _skip(state, toks, m.j, lex)
                    if j < len(toks) and toks[j].f == "عن":
                        relayed = True
                        m2 = parse_mention(state, toks, j + 1)
                        if m2 is not None:
                            if m.entity.typ == "outlet":
                                state.credits.append(m.entity.key)
                            speaker, mention = m2.entity, m2.text
                            m = Mention(m.i, m2.j, m2.entity, m2.text)
                    elif m.entity.typ == "outlet":
                        state.credits.append(m.entity.key)
                p = c + 1 if c > p else _skip(state, toks, m.j, lex)
                if c > p - 1 and c >= 0:
                    p = c + 1
    # content start: after a preposition of the verb and a complementizer
    p = _skip(state, toks, p, lex)
    if "needs_prep" in v.modes and not (p < len(toks) and toks[p].f in v.preps):
        return None
    if p < len(toks) and toks[p].word and toks[p].f in lex.circumstantial and toks[p].f not in v.preps:
        # circumstantial phrase (في البرقية، / على صفحتها ... أن): skip to a comma or a complementizer
        for e in range(p + 1, min(len(toks), p + 14)):
            if toks[e].f in v.preps and e + 1 < len(toks) and toks[e + 1].word:
                p = e
                break
            if toks[e].f in lex.complementizers or toks[e].text == ":":
                p = e + 1
                break
            if toks[e].text in ("،", ","):
                p = e + 1
                break
    if p < len(toks) and toks[p].f in v.preps:
        p += 1
    while p < len(toks) and (toks[p].f in lex.complementizers or toks[p].text == ":"):
        p += 1
    if "needs_comp" in v.modes and not (p > k + 1 and (toks[p - 1].f in lex.complementizers or toks[p - 1].text == ":") or _quote_at(state, toks, p)):
        return None
    if v.tense == "impf" and not (toks[p - 1].f in lex.complementizers or toks[p - 1].text == ":" or _quote_at(state, toks, p)):
        return None
    if p >= len(toks):
        return None
    if speaker is None:
        return None
    led = p > 0 and (toks[p - 1].f in lex.complementizers or toks[p - 1].text == ":" or toks[p - 1].f in v.preps) or _quote_at(state, toks, p)
    if not led and "np" not in v.modes:
        return None  # قال / أوضح / ذكر need أن, إن, a colon or a quote
    if "relay" in v.modes and not led and speaker.typ not in ("outlet", "anon") and not relayed:
        return None  # نقل = "moved" unless a source relays
    return Region(si, k, v, speaker, mention, toks[p].start, s.end, conf)


def _quote_at(state: DocState, toks: list[Tok], p: int) -> bool:
    return p < len(toks) and any(q.open == toks[p].start and q.claim for q in state.quotes)


def _subject_before(state: DocState, toks: list[Tok], k: int) -> Mention | None:
    """A headline-style subject before the verb (لافروف وجاويش أوغلو يتعهدان «...»)."""
    for i in range(0, k):
        m = parse_mention(state, toks, i)
        if m is not None and m.j <= k:
            return m
    return None


def _close_regions(state: DocState, s: Sent, found: list[Region]) -> None:
    """Cut each region where the next clause-starting cue begins; drop regions inside others."""
    lex = load()
    toks = s.toks
    keep: list[Region] = []
    for r in found:
        if keep and r.form is not None and r.form.tense == "part":
            prev = keep[-1]
            tok = toks[r.cue]
            before = toks[r.cue - 1] if r.cue > 0 else None
            after_quote = before is not None and before.text in ("،", ",") and r.cue > 1 and toks[r.cue - 2].text in QUOTE_MARKS
            after_quote = after_quote or (before is not None and before.text in QUOTE_MARKS)
            quote_led = any(q.claim and q.open <= r.start + 1 and q.close >= r.start for q in state.quotes)
            if tok.start < prev.end and not after_quote and not quote_led:
                continue  # a participle continues the clause
        if keep and toks[r.cue].start < keep[-1].end:
            before = toks[r.cue - 1] if r.cue > 0 else None
            starts_clause = (before is None or before.text in ("،", ",", "؛", ";", ".", "-") or before.f in lex.split_connectives or before.f in _RELATIVE
                             or toks[r.cue].f[:1] == "و" and before.text in QUOTE_MARKS or r.form.tense == "part")
            if not starts_clause:
                continue
            cut = toks[r.cue - 1].start if before is not None and not before.word else toks[r.cue].start
            if before is not None and before.f in lex.split_connectives:
                cut = before.start
            keep[-1].end = min(keep[-1].end, cut)
        keep.append(r)
    found[:] = keep


def _document(state: DocState, s: Sent, si: int, k: int, v: VerbForm) -> Region | None:
    """Institutional speech: «جاء في بيان صادر عن X أن ...», «جاء في بيان لوزارة ...: «...»».

    «جاء ذلك في بيان ...» reports nothing by itself but makes X the issuer that a later
    «وقال البيان» refers to.
    """
    lex = load()
    toks = s.toks
    p = k + 1
    narr = p < len(toks) and toks[p].f in ("ذلك", "هذا")
    if narr:
        p += 1
    if not (p + 1 < len(toks) and toks[p].f == "في" and toks[p + 1].f in lex.document_nouns):
        return None
    q = p + 2
    issuer: Mention | None = None
    for j in range(q, min(len(toks), q + 8)):
        t = toks[j]
        if t.f in lex.complementizers or t.text == ":":
            break
        if t.f in ("صادر", "عن", "الصادر", "صادره") or not t.word:
            continue
        cand = [strip_lam(t)]
        m = parse_mention(state, toks[:j] + cand + toks[j + 1:], j)
        if m is not None:
            issuer = m
            break
    if issuer is not None:
        state.issuer = issuer.entity
    if narr or issuer is None:
        return None
    c = _find_comp(toks, issuer.j, lex, state, limit=15)
    start = c + 1 if c >= 0 else -1
    if start < 0 and issuer.j < len(toks) and _quote_at(state, toks, _skip(state, toks, issuer.j, lex)):
        start = _skip(state, toks, issuer.j, lex)
    if start < 0 or start >= len(toks):
        return None
    while start < len(toks) and toks[start].text == ":":
        start += 1
    if start >= len(toks):
        return None
    return Region(si, k, VerbForm("jaa", "m", "past", frozenset({"comp", "quote"}), ()), issuer.entity, issuer.text,
                  toks[start].start, s.end, 0.75)


def _according(state: DocState, s: Sent, si: int) -> Region | None:
    """«ووفقا للمتحدث باسم الخارجية، فإن ...» / «وبحسب وكالة X، ...» opening a sentence."""
    lex = load()
    toks = s.toks
    if len(toks) < 4 or toks[0].f not in lex.according_to or s.title:
        return None
    j = 1
    if toks[j].f in ("ل", "عن", "الي", "إلى"):
        j += 1
    cand = strip_lam(toks[j])
    m = parse_mention(state, toks[:j] + [cand] + toks[j + 1:], j)
    if m is None:
        return None
    comma = next((e for e in range(m.j, min(len(toks), m.j + 12)) if toks[e].text in ("،", ",")), -1)
    if comma < 0 or comma + 1 >= len(toks):
        return None
    start = comma + 1
    if toks[start].f in lex.content_openers:
        start += 1
    if start >= len(toks):
        return None
    ent = m.entity
    if ent.typ == "outlet":
        state.credits.append(ent.key)
    form = VerbForm("according", "m", "past", frozenset({"comp", "np"}), ())
    return Region(si, 0, form, ent, m.text, toks[start].start, s.end, 0.6)
