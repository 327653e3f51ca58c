"""Speaker phrases: parse the mention of a person or body that starts at a token.

Recognised, in order: joint statements, pair words (الجانبان), title + name phrases
(وزير الخارجية الروسي سيرغي لافروف), registry aliases, anonymous sources (مسؤول تركي,
مصادر عسكرية في ...), anaphoric nouns (الوزارة, المصدر), institutions (وزارة الداخلية في
حكومة ...), countries and capitals (موسكو = Russia), names met earlier in the article,
and outlets (نقلت رويترز). ``X وY`` gives the first of the pair.

The parts live in :mod:`kg.extract.starts` (where a mention can start),
:mod:`kg.extract.phrases` (titles and names) and :mod:`kg.extract.referents`
(anonymous sources, anaphora, institutions, joint statements).
"""

from __future__ import annotations

from kg.extract import speakers as sp
from kg.extract.aliases import QUOTE_MARKS, first_words, match_alias, match_phonetic, span_text, strip_lam
from kg.extract.lexicon import ftoks, load, phonetic
from kg.extract.phrases import addressee, continues, name_phrase, registry_role, role_country, role_phrase
from kg.extract.referents import ONE_OF, anaphor, anonymous, institution, joint_firsts, joint_key, ministerial_country, pair_referent
from kg.extract.starts import can_start, next_start, start_kind, start_scanner
from kg.extract.state import DocState, Mention, Tok

__all__ = ["QUOTE_MARKS", "Mention", "addressee", "can_start", "next_start", "parse_mention", "start_kind", "start_scanner", "strip_lam"]


def parse_mention(state: DocState, toks: list[Tok], i: int, conj: bool = True, checked: bool = False) -> Mention | None:
    """The speaker mention starting at token ``i``, or None (``checked``: :func:`can_start` said yes)."""
    while i < len(toks) and toks[i].text in QUOTE_MARKS:
        i += 1
    if i >= len(toks) or not toks[i].word:
        return None
    m = _parse_one(state, toks, i, checked)
    if m is None or not conj:
        return m
    # X وY: a pair; the first is the speaker (a joint statement when countries act together)
    k = m.j
    if k < len(toks) and toks[k].word and toks[k].f.startswith("و") and len(toks[k].f) > 2:
        saved = toks[k]
        stripped = Tok(saved.start + 1, saved.end, saved.text[1:], saved.f[1:], True)
        other = _parse_one(state, [stripped] + toks[k + 1:], 0)  # a parse reads only from its first token on
        if other is not None and other.entity is not m.entity and other.entity.typ not in ("anon",):
            m.pair, m.j = True, k + other.j
            joint = next((e for e in state.entities.values() if e.typ == "joint"), None)
            if joint is not None and m.entity.typ == "country" and other.entity.typ == "country":
                m.entity = joint
    return m


def _parse_one(state: DocState, toks: list[Tok], i: int, checked: bool = False) -> Mention | None:
    lex = load()
    t = toks[i]
    if not checked and not can_start(state, t):
        return None
    # joint statement
    for ph in (lex.joint if t.f in joint_firsts() else ()):
        words = ph.split()
        if [x.f for x in toks[i:i + len(words)]] == words:
            ent = next((e for e in state.entities.values() if e.typ == "joint"), None)
            if ent is None:
                ent = sp.mint(state, "بيان مشترك", "organization", typ="joint", gender="m",
                              key=joint_key(state, toks[i + len(words):i + len(words) + 8]))
            return Mention(i, i + len(words), ent, span_text(state, toks, i, i + len(words)))
    if t.f in lex.pairs:
        ent = pair_referent(state, t.f)
        return Mention(i, i + 1, ent, t.text, pair=True) if ent else None
    # title + name
    f = t.f
    spk, ctry, outl = _FIRSTS[0] if _FIRSTS else _firsts()  # quick rejects: words no alias of the table starts with
    j = role_phrase(state, toks, i) if f in lex.titles else i
    if j > i:
        role = span_text(state, toks, i, j).strip('«»“”" ')
        m = match_alias(lex.speaker_aliases, toks, j) or (match_phonetic(toks, j) if j < len(toks) else None)
        if m is None and j + 1 < len(toks) and toks[j].text in ("،", ","):  # «المتحدث باسم الكرملين، دميتري بيسكوف،»
            m = match_alias(lex.speaker_aliases, toks, j + 1) or match_phonetic(toks, j + 1)
            if m and not (m[1] < len(toks) and toks[m[1]].text in ("،", ",")):
                m = None  # an apposition is closed by a second comma
        if m and lex.speakers[m[0]].kind == "person":
            ent = sp.registry_entity(state, m[0], span_text(state, toks, j, m[1]), role)
            return Mention(i, m[1], ent, span_text(state, toks, i, m[1]))
        k = name_phrase(state, toks, j)
        if k == j and j + 1 < len(toks) and toks[j].text in ("،", ","):  # «المحلل السياسي التركي، كرم يلدز،»
            k2 = name_phrase(state, toks, j + 1)
            if k2 > j + 1 and k2 < len(toks) and toks[k2].text in ("،", ","):
                j, k = j + 1, k2
        if k > j:
            name = span_text(state, toks, j, k).strip('«»“”" ')
            ent = sp.find_in_article(state, name)
            if ent is None and phonetic(name) in lex.speaker_phonetic:
                ent = sp.registry_entity(state, lex.speaker_phonetic[phonetic(name)], name, role)
            if ent is None and ftoks(name) in lex.speaker_prefixes:  # محمد بن عبد الرحمن [آل ثاني]
                ent = sp.registry_entity(state, lex.speaker_prefixes[ftoks(name)], name, role)
            if ent is None:
                country = role_country(toks[i:j]) or ministerial_country(state, [x.f for x in toks[i:j] if x.word])
                g = "f" if toks[i].f.endswith("ه") else "m"
                ent = sp.mint(state, name, "person", role=role, country=country, gender=g)
            else:
                sp.add_name(state, ent, "role:" + " ".join(x.f for x in toks[i:j] if x.word))
            return Mention(i, k, ent, span_text(state, toks, i, k))
        ent = sp.find_by_role(state, role) or sp.find_by_role_words(state, [x.f for x in toks[i:j] if x.word], lex)
        if ent is None:
            # a bare role phrase: the one registry person holding it, else an entity for the role itself
            if toks[i].f in ("المتحدث", "الناطق", "المتحدثه", "الناطقه") and j - i > 2:
                org = institution(state, toks, i + 2)
                if org is not None:
                    return Mention(i, j, org.entity, role)
            key = registry_role(role)
            if j - i == 1 and toks[i].f in lex.anaphora:
                return anaphor(state, toks, i)  # a bare الوزير / الرئيس: the one met before
            if key is not None:
                ent = sp.registry_entity(state, key, None, role)
            elif j - i >= 2 or toks[i].f.startswith("ال"):
                country = role_country(toks[i:j])
                ent = sp.mint(state, role, "person", role=role, country=country, typ="role",
                              gender="f" if toks[i].f.endswith("ه") else "m")
            else:
                return None
        return Mention(i, j, ent, role)
    m = (match_alias(lex.speaker_aliases, toks, i) if f in spk else None) or match_phonetic(toks, i)
    if m and lex.speakers[m[0]].kind == "organization" and continues(toks, m[1]):
        m = None  # مجلس الأمن القومي: a longer name than the alias; the institution parser decides
    if m:
        text = span_text(state, toks, i, m[1])
        return Mention(i, m[1], sp.registry_entity(state, m[0], text), text)
    r = anonymous(state, toks, i) if f in ONE_OF or f in lex.anonymous else None
    if r is None and f in lex.anaphora:
        r = anaphor(state, toks, i)
    if r is None and f in lex.org_heads:
        r = institution(state, toks, i)
    if r is not None:
        return r
    m = match_alias(lex.countries_by_name, toks, i, 4) if f in ctry else None
    if m:
        text = span_text(state, toks, i, m[1])
        return Mention(i, m[1], sp.registry_entity(state, m[0], text), text)
    if t.f not in lex.stop_words and t.f not in lex.complementizers:
        ent = sp.find_in_article(state, t.text)
        if ent is not None:
            j = i + 1
            while j < len(toks) and toks[j].word and sp.find_in_article(state, span_text(state, toks, i, j + 1)) is ent:
                j += 1
            return Mention(i, j, ent, span_text(state, toks, i, j))
    m = match_alias(lex.outlet_aliases, toks, i, 4) if f in outl else None
    if m:
        text = span_text(state, toks, i, m[1])
        return Mention(i, m[1], sp.registry_entity(state, m[0], text), text)
    return None


_FIRSTS: list[tuple[frozenset[str], frozenset[str], frozenset[str]]] = []


def _firsts() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First words (with clitics) of the speaker, country and outlet alias tables."""
    if not _FIRSTS:
        lex = load()
        _FIRSTS.append((first_words(lex.speaker_aliases), first_words(lex.countries_by_name), first_words(lex.outlet_aliases)))
    return _FIRSTS[0]
