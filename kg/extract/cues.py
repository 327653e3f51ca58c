"""Attribution: reporting cues, their speakers, and the regions of text they govern.

A cue is a reporting verb (قال، أكدت، أشار إلى ...), a participle (مضيفا، مشيرة إلى) or a
relay (نقلت وكالة X عن Y). Its speaker is the subject after it (VSO), the relayed source,
or, when the subject is dropped (وقال إن، وأضاف:), the last speaker whose gender agrees.
Its region runs from the reported content to the next cue that starts a new clause
(، وقال / بينما دعا) or the end of the sentence; participles do not split a region
except after a quote.
"""

from __future__ import annotations

from kg.extract import speakers as sp
from kg.extract.aliases import match_alias
from kg.extract.lexicon import VerbForm, load
from kg.extract.coordination import coordinated
from kg.extract.unnamed import unnamed_spokesperson
from kg.extract.clauses import (RELATIVE, Region, content_start, find_comp, past_aside, quote_at, quote_mask, skip, subject_before,
                                subject_ending_at, subject_in, verb_at)
from kg.extract.mentions import QUOTE_MARKS, Mention, addressee, parse_mention, start_kind, start_scanner
from kg.extract.phrases import RELATIVE_PRONOUNS, definite
from kg.extract.referents import institution
from kg.extract.relays import according, document, document_subject
from kg.extract.state import DocState, Entity, Sent, Tok

_OBJ_PRON = {"به", "بها", "بهم", "له", "لها", "عنه", "عنها", "عليه", "منه", "اليه", "اليها"}


def cues_step(state: DocState) -> None:
    """Reads ``sents``, ``quotes``; writes ``regions``, ``entities``, ``focus``, ``pairs``, ``credits``."""
    lex = load()
    for si, s in enumerate(state.sents):
        if s.line in state.furniture:
            continue
        state.cur_sent = si
        if state.focus:
            state.speaker_at[si] = state.focus[-1]
        toks = s.toks
        fixed, named, relays, verbs = _read_words(lex, toks)
        _scan_entities(state, s, fixed, named, relays)
        found: list[Region] = []
        acc = according(state, s, si)
        if acc is not None:
            found.append(acc)
        quoted = quote_mask(state)  # token starts are offsets of the text
        for k, v in verbs:
            if quoted[toks[k].start]:
                continue
            if v.lemma == "jaa":
                r = document(state, s, si, k, v)
                if r is not None:
                    found.append(r)
                continue
            if k + 1 < len(toks) and toks[k + 1].f in _OBJ_PRON:
                continue
            if v.tense == "part" and k > 0 and toks[k - 1].f in ("كان", "وكان", "ليس", "يكون"):
                continue
            if k > 0 and toks[k - 1].f == "عدم":
                continue  # «طلب عدم ذكر اسمه»: "not mentioning", a verbal noun, says nothing
            if v.tense == "part" and any(r.start > toks[k].start and r.cue < k for r in found):
                continue  # «وغرد X قائلا:»: the participle is the manner of the cue before it, whose content follows
            r = _region_after(state, s, si, k, v, found)
            if r is not None:
                found.append(coordinated(state, s, r, found))
        if acc is not None and any(r is not acc and toks[r.cue].start >= acc.start and r.cue <= _token_at(toks, acc.start) + 6 for r in found):
            found.remove(acc)  # «وبحسب رويترز، فإن الرئيس X دعا إلى ...»: X speaks; the agency stays credited
        _close_regions(state, s, found)
        for r in found:
            if heading(state, s, r) and not any(r.start <= qq.start < r.end + 2 for qq in state.quotes):
                continue
            state.regions.append(r)
            if r.speaker is not None:
                sp.push_focus(state, r.speaker)


_WORDS: dict[str, int | tuple[int, VerbForm | None, bool]] = {}  # printed word -> 0 / 1 / 2 (its start_kind, when
# that is all there is to it), or (start_kind, reporting-verb form, according-to word)


def _read_words(lex, toks: list[Tok]) -> tuple[list[int], list[int], list[int], list[tuple[int, VerbForm]]]:
    """One pass over a sentence: the tokens where a mention can start (kinds 1 and 2 of
    :func:`kg.extract.starts.start_kind`, registering), the according-to words with a word
    after them, and the reporting verbs with their forms (what the lexicons say about each
    printed word is worked out once)."""
    fixed: list[int] = []
    named: list[int] = []
    relays: list[int] = []
    verbs: list[tuple[int, VerbForm]] = []
    get = _WORDS.get
    last = len(toks) - 1
    for x, t in enumerate(toks):
        w = get(t.text, -1)
        if w == 2:  # most words
            named.append(x)
        elif w == 1:
            fixed.append(x)
        elif w:  # a verb, an according-to word, or not seen yet
            if w == -1:
                w = _word(lex, t)
                if w == 2:
                    named.append(x)
                if w == 1:
                    fixed.append(x)
                if not isinstance(w, tuple):
                    continue
            kind, verb, acc = w
            if kind == 1:
                fixed.append(x)
            elif kind == 2:
                named.append(x)
            if verb is not None:
                verbs.append((x, verb))
            if acc and x < last:
                relays.append(x)
    return fixed, named, relays, verbs


def _word(lex, t: Tok) -> int | tuple[int, VerbForm | None, bool]:
    kind, verb, acc = start_kind(t, registering=True), verb_at(lex, t), t.f in lex.according_to
    w = kind if verb is None and not acc else (kind, verb, acc)
    if len(_WORDS) < 200_000:
        _WORDS[t.text] = w
    return w


def _scan_entities(state: DocState, s: Sent, fixed: list[int], named: list[int], relays: list[int]) -> None:
    """Register every speaker mentioned in a sentence; remember pairs (X مع نظيره Y, X وY).

    ``fixed``, ``named``, ``relays``: see :func:`_read_words`.
    """
    persons: list[Entity] = []
    toks = s.toks
    n = len(toks)
    scan = start_scanner(state, toks, fixed, named)
    quoted = quote_mask(state)  # token starts are offsets of the text
    k = 0
    while k < n:
        c = scan(k)
        while relays and relays[0] <= c:  # «..., وفقا لوكالة رويترز»: the words read on the way (not inside a mention)
            x = relays.pop(0)
            if x >= k:
                hit = match_alias(load().outlet_aliases, toks, x + 1)
                if hit:
                    state.credits.append(hit[0])
        if c >= n:
            break
        m = None if quoted[toks[c].start] else parse_mention(state, toks, c, conj=False, checked=True)
        if m is None:
            k = c + 1
            continue
        if not m.pair:
            state.seen[m.entity.key] = state.cur_sent
        if m.entity.kind == "person" and m.entity.typ in ("named", "role") and m.entity not in persons:
            persons.append(m.entity)
        k = max(m.j, c + 1)
    if len(persons) >= 2:
        state.pairs.append((state.cur_sent, persons[0]))


def _token_at(toks: list[Tok], pos: int) -> int:
    return next((i for i, t in enumerate(toks) if t.start >= pos), len(toks))


def _region_after(state: DocState, s: Sent, si: int, k: int, v: VerbForm, found: list[Region]) -> Region | None:
    """:func:`_region` of the cue at ``k``, where a dropped subject may also be the speaker of a
    cue earlier in the same sentence (قالت X إن ...، مضيفة أن ...: X, not the sentence before)."""
    earlier = [r.speaker for r in found if r.speaker is not None and r.cue < k]
    if not earlier:
        return _region(state, s, si, k, v)
    saved = list(state.focus)
    for ent in earlier:
        sp.push_focus(state, ent)
    try:
        return _region(state, s, si, k, v)
    finally:
        state.focus[:] = saved


def _region(state: DocState, s: Sent, si: int, k: int, v: VerbForm) -> Region | None:
    """The region governed by the cue at token ``k``: its speaker and where its content starts."""
    lex = load()
    toks = s.toks
    found = _speaker(state, s, si, k, v)
    if found is None:
        return None
    speaker, mention, conf, p, relayed = found
    p = content_start(state, toks, p, v)
    if p >= len(toks) or speaker is None:
        if speaker is not None and toks and toks[-1].text == ":" and mention is not None:
            sp.push_focus(state, speaker)  # «وقال X:» with the quote on the next line: X speaks next
            state.colon_led[si + 1] = (speaker, mention)
        return None
    led = toks[p - 1].f in lex.complementizers or toks[p - 1].text == ":" or toks[p - 1].f in v.preps or quote_at(state, toks, p)
    if ("needs_comp" in v.modes or v.tense == "impf") and not (led and toks[p - 1].f not in v.preps or quote_at(state, toks, p)):
        return None  # بين / زاد / present tense: only with أن, a colon or a quote
    if not led and "np" not in v.modes:
        return None  # قال / أوضح / ذكر need أن, إن, a colon or a quote
    if "relay" in v.modes and not led and speaker.typ not in ("outlet", "anon") and not relayed:
        return None  # نقل = "moved" unless a source relays
    return Region(si, k, v, speaker, mention, toks[p].start, s.end, conf)


def _speaker(state: DocState, s: Sent, si: int, k: int, v: VerbForm):
    """``(speaker, mention, confidence, token index after the subject, relayed)`` of a cue, or None."""
    lex = load()
    toks = s.toks
    p = skip(state, toks, k + 1, lex)
    if k + 1 < len(toks) and toks[k + 1].f in lex.honorific_pronouns:  # وأكد سموه / مشيرا سموه
        ent = sp.honored(state, lex.honorific_pronouns[toks[k + 1].f])
        if ent is not None:
            return ent, toks[k + 1].text, 0.75, p, False
    if k > 1 and toks[k - 1].f == "قد" and v.tense == "past":  # وكان X قد أعلن
        m0 = subject_before(state, toks, k - 1)
        if m0 is not None:
            return m0.entity, m0.text, 0.75, p, False
    dropped = p < len(toks) and (toks[p].f in lex.complementizers or toks[p].text == ":" or toks[p].f in v.preps
                                 or quote_at(state, toks, p))
    if dropped:  # SVO (الرئيس X قال إن), else subject dropped: the last speaker agreeing with the verb
        m0 = subject_before(state, toks, k)
        if m0 is not None and m0.j == k and v.tense == "past":
            return m0.entity, m0.text, 0.7, p, False
        ent = sp.last_focus(state, v.gender)
        if ent is not None:
            return ent, None, 0.7, p, False
        return (m0.entity, m0.text, 0.6, p, False) if m0 is not None else None
    if v.tense == "part":
        return sp.last_focus(state, v.gender), None, 0.65, p, False
    c = find_comp(toks, p, lex, state) if ("comp" in v.modes or "quote" in v.modes) else -1
    if "relay" in v.modes and p + 1 < len(toks) and toks[p].f in ("عن", "الي", "إلى"):  # ونُقل عن X قوله
        m = parse_mention(state, toks, p + 1)
        if m is not None:
            return m.entity, m.text, 0.75, (c + 1 if c >= m.j else skip(state, toks, m.j, lex)), True
    if "relay" in v.modes and parse_mention(state, toks, p) is None:
        # نقلت صحيفة وول ستريت جورنال عن مسؤولين قولهم: an outlet we do not know, relaying a source we can read
        for j in range(p + 1, min(len(toks), p + 8)):
            if toks[j].f in ("عن", "الي", "إلى"):
                m2 = parse_mention(state, toks, j + 1)
                if m2 is not None:
                    return m2.entity, m2.text, 0.7, (c + 1 if c >= m2.j else skip(state, toks, m2.j, lex)), True
                break
    if "relay" in v.modes or c <= p:
        m = parse_mention(state, toks, p)
    else:
        m = subject_in(state, toks, p, c) or parse_mention(state, toks, p)
    if c > p and (m is None or (m.entity.typ == "role" and m.j == p + 1)):
        role = _aside_role(state, toks, p, c) or unnamed_spokesperson(state, toks, p, c)  # «، الذي يتحدث باسم ...»
        if role is not None:
            return role, toks[p].text, 0.5, c + 1, False
    if m is None:
        if v.tense == "impf":
            m0 = subject_before(state, toks, k)
            if m0 is None or (c < 0 and not quote_at(state, toks, p)):
                return None
            return m0.entity, m0.text, 0.6, p, False
        m0 = subject_ending_at(state, toks, k) if v.tense == "past" else None
        if m0 is not None:  # SVO with an object: «فإن الرئيس اللبناني دعا إلى ...»
            return m0.entity, m0.text, 0.7, p, False
        doc = document_subject(state, toks, p) if c > p else None  # «وذكر بيان لوزارة الخارجية أن»
        if doc is not None:
            return doc.entity, doc.text, 0.7, c + 1, False
        if c > p and toks[p].f not in lex.circumstantial and not toks[p].f.startswith(lex.speech_nouns):
            unknown = _unknown_subject(state, toks, p, c)
            if unknown is None:
                return None  # a subject we cannot read: no claim rather than a wrong speaker
            return unknown, unknown.label_ar, 0.5, c + 1, False
        ent = sp.last_focus(state, v.gender)
        if c <= p and p < len(toks) and definite(toks[p]):
            if ent is not None and state.focus and ent is not state.focus[-1]:
                return None  # «ودعت الدول الثلاث إلى»: a subject we cannot read, not a speaker from sentences back
            if toks[p].f.endswith("ون") and len(toks[p].f) > 5:
                return None  # «وأكد المشاركون على»: a nominative plural is the subject, not the object
        return ent, None, 0.55, (c + 1 if c > p else p), False
    speaker, mention, relayed = m.entity, m.text, False
    if m.pair:
        state.pairs.append((si, m.entity))
    if m.entity.typ == "outlet":
        state.credits.append(m.entity.key)  # an agency reporting, or relaying (نقلت وكالة X عن Y)
        j = skip(state, toks, m.j, lex)
        if j < len(toks) and toks[j].f in lex.countries_by_adj:
            j = skip(state, toks, j + 1, lex)  # وكالة تاس الروسية
        if j + 2 < len(toks) and toks[j].f == "نقلا" and toks[j + 1].f == "عن":
            m2 = parse_mention(state, toks, j + 2)  # وذكرت وكالة تاس نقلا عن مصدر دبلوماسي أن
            if m2 is not None:
                speaker, mention, relayed = m2.entity, m2.text, True
                m = Mention(m.i, m2.j, m2.entity, m2.text)
    if "relay" in v.modes:
        j = skip(state, toks, m.j, lex)
        if j < len(toks) and toks[j].f in ("عن", "الي", "إلى"):
            relayed = True
            m2 = parse_mention(state, toks, j + 1)
            if m2 is not None:
                speaker, mention = m2.entity, m2.text
                m = Mention(m.i, m2.j, m2.entity, m2.text)
    pos = c + 1 if c >= m.j else skip(state, toks, m.j, lex)
    aside = past_aside(state, toks, skip(state, toks, m.j, lex))
    if aside is not None and (c < m.j or c >= aside):
        pos = aside  # قال أحد المسؤولين، الذي طلب عدم نشر اسمه، «...»
    return speaker, mention, 0.8, pos, relayed


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
            starts_clause = (before is None or before.text in ("،", ",", "؛", ";", ".", "-") or before.f in lex.split_connectives or before.f in RELATIVE
                             or toks[r.cue].f[:1] == "و" and before.text in QUOTE_MARKS or r.form.tense == "part")
            if not starts_clause:
                continue
            cut = toks[r.cue - 1].start if before is not None and not before.word else toks[r.cue].start
            if before is not None and before.f in lex.split_connectives:
                cut = before.start
            keep[-1].end = min(keep[-1].end, cut)
        keep.append(r)
    found[:] = keep


def heading(state: DocState, s: Sent, r: Region | None = None) -> bool:
    """A title or sub-title: no claim but a quote or «X: Y» comes from it.

    Short lines without a final stop are headings when they open the page or carry no
    past-tense reporting verb (some sites print body paragraphs without stops).
    """
    if not s.title:
        return False
    top = state.top_lines
    if top is None:
        titles = {x.line for x in state.sents if x.title}
        lines = [i for i in range(len(state.lines)) if i not in state.furniture]
        body = next((i for i in lines if i not in titles), None)
        top = {i for i in lines if body is not None and i < body} or set(lines[:1])
        state.top_lines = top
    return s.line in top or (r is not None and (r.form is None or r.form.tense != "past"))


_SPOKESPERSON = {"المتحدث", "الناطق", "المتحدثه", "الناطقه"}


def _aside_role(state: DocState, toks: list[Tok], p: int, c: int) -> Entity | None:
    """«وقال المتحدث، الذي يتحدث باسم الخارجية، إن ...»: a spokesperson met nowhere before,
    whose aside says for whom they speak. As for «المتحدث باسم ...» without the aside: the
    body when its name reads as one (وزارة الصحة), else the role (المتحدث باسم الخارجية)."""
    if toks[p].f not in _SPOKESPERSON:
        return None
    k = p + 1
    if k < c and toks[k].text in ("،", ","):
        k += 1
    if k >= c or toks[k].f not in RELATIVE_PRONOUNS:
        return None
    b = next((x for x in range(k + 1, c) if toks[x].f == "باسم"), None)
    if b is None:
        return None
    e = b + 1
    while e < c and e - b <= 4 and toks[e].word and toks[e].f not in load().complementizers:
        e += 1
    if e == b + 1:
        return None
    body = institution(state, toks[:e], b + 1)  # as for «المتحدث باسم وزارة ...»: the body itself
    if body is not None:
        return body.entity
    role = toks[p].text + " " + state.text[toks[b].start:toks[e - 1].end]
    country = next((load().countries_by_adj[t.f] for t in toks[b + 1:e] if t.f in load().countries_by_adj), None)
    return sp.mint(state, role, "person", role=role, country=country, typ="role", gender="f" if toks[p].f.endswith("ه") else "m")


_MEDIA = {"صحيفه", "وكاله", "قناه", "موقع", "مجله", "اذاعه", "تلفزيون", "شبكه", "منصه"}


def _unknown_subject(state: DocState, toks: list[Tok], p: int, c: int) -> Entity | None:
    """A subject the lexicons do not know, between the verb and أن: a plain name, or a named outlet."""
    lex = load()
    words = [t for t in toks[p:c] if t.word]
    for n, t in enumerate(words):  # the subject ends before a time word or an addressee (يوم الخميس، لوكالة ...)
        if n and (t.f in lex.adverbs or addressee(lex, t.f)):
            words = words[:n]
            break
    if not words or len(words) > 5 or any(t.f in lex.stop_words or t.f in lex.circumstantial for t in words):
        return None
    name = state.text[words[0].start:words[-1].end].strip('«»“”" ')
    if words[0].f in _MEDIA:
        ent = sp.mint(state, name, "organization", gender="f", typ="outlet")
        return ent
    if words[0].f.startswith("ال") or len(words) > 4:
        return None
    return sp.mint(state, name, "person")
