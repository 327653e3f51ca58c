"""Speaker phrases: parse the mention of a person or body that starts at a token.

Recognised, in order: joint statements, pair words (الجانبان), title + name phrases
(وزير الخارجية الروسي سيرغي لافروف), registry aliases, anonymous sources (مسؤول تركي,
مصادر عسكرية في ...), anaphoric nouns (الوزارة, المصدر), institutions (وزارة الداخلية في
حكومة ...), countries and capitals (موسكو = Russia), names met earlier in the article,
and outlets (نقلت رويترز). ``X وY`` gives the first of the pair.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kg.extract import speakers as sp
from kg.extract.aliases import QUOTE_MARKS, first_words, match_alias, match_phonetic, phonetic_firsts, span_text, strip_lam
from kg.extract.lexicon import ftoks, load, phonetic
from kg.extract.state import DocState, Entity, Tok
from kg.normalize import fold


@dataclass
class Mention:
    i: int
    j: int  # token index after the mention
    entity: Entity
    text: str
    pair: bool = False


@functools.lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word a mention can start with (besides names met in the article)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads)
    words |= {j.split()[0] for j in lex.joint}
    for table in (lex.speaker_aliases, lex.countries_by_name, lex.outlet_aliases):
        words |= first_words(table)
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _person_starters() -> frozenset[str]:
    """Mention starters less countries and outlets (and their clitic forms)."""
    lex = load()
    words = set(lex.titles) | set(lex.pairs) | set(lex.anonymous) | set(lex.anaphora) | set(lex.org_heads)
    words |= {j.split()[0] for j in lex.joint}
    return frozenset(words | first_words(lex.speaker_aliases))


def _strip(f: str) -> str:
    return f[1:] if f[:1] in ("و", "ف") and len(f) > 3 else f


def _is_name_tok(lex, t: Tok, pos: int) -> bool:
    if pos > 0 and t.text == "علي":
        return True  # the name Ali, not the preposition على (which folds the same)
    if not t.word or t.f in lex.stop_words or t.f in lex.complementizers or t.f in lex.verb_forms:
        return False
    if _strip(t.f) in lex.verb_forms or t.f in lex.adverbs or t.f in lex.titles or t.f in lex.circumstantial:
        return False
    if t.f.isdigit():
        return False
    if t.f.startswith("ال") and pos == 0:
        return False
    return True


def _role_phrase(state: DocState, toks: list[Tok], i: int) -> int:
    """Token index after a role phrase starting at ``i`` (== i when there is none)."""
    lex = load()
    if i >= len(toks) or not toks[i].word or toks[i].f not in lex.titles:
        return i
    j = i + 1
    while j < len(toks):
        t = toks[j]
        if not t.word:
            if t.text in QUOTE_MARKS:
                j += 1
                continue
            break
        f = t.f
        hit = match_alias(lex.speaker_aliases, toks, j)
        if hit and lex.speakers[hit[0]].kind == "person":
            break
        if f in lex.complementizers or f in lex.verb_forms or _strip(f) in lex.verb_forms or (f in lex.adverbs and f not in lex.role_nouns and f != "في"):
            break
        if f in lex.titles or f in lex.role_nouns or f in lex.countries_by_adj:
            j += 1
            continue
        if (f.startswith("ال") or f.startswith("وال")) and f not in lex.adverbs and f not in lex.stop_words:
            j += 1
            continue
        if f.startswith("لل") or (f.startswith("ل") and f[1:] in lex.role_nouns):
            j += 1
            continue
        if f in ("في", "لدي", "ب", "عن") and j + 1 < len(toks) and toks[j + 1].word and (toks[j + 1].f.startswith("ال") or toks[j + 1].f in lex.role_nouns):
            j += 2
            continue
        if (f.startswith("ب") and f[1:] in lex.role_nouns) or (f.startswith("بال")):
            j += 1
            continue
        break
    return j


def _name(state: DocState, toks: list[Tok], i: int) -> int:
    lex = load()
    j, n = i, 0
    while j < len(toks) and n < 5:
        t = toks[j]
        if t.text in QUOTE_MARKS:
            j += 1
            continue
        if not _is_name_tok(lex, t, n) and not (n > 0 and t.word and t.f.startswith("ال") and t.f not in lex.stop_words and t.f not in lex.adverbs):
            break
        if n > 0 and t.f.startswith("ال") and toks[j - 1].f not in lex.name_particles and n >= 2:
            break
        if n >= 2 and t.f not in lex.name_particles and toks[j - 1].f not in lex.name_particles:
            break
        n += 1
        j += 1
    return j if n else i


def _anonymous(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    head = lex.anonymous.get(toks[i].f)
    if not head:
        return None
    j = i + 1
    nat = None
    desc: list[str] = []
    aff = None
    while j < len(toks) and toks[j].word:
        f = toks[j].f
        if f in lex.countries_by_adj and not f.startswith("ال"):
            nat = lex.countries_by_adj[f]
        elif f in lex.anonymous_descriptors:
            desc.append(lex.anonymous_descriptors[f])
        elif f in ("في", "ب", "من", "لدي", "داخل") and j + 1 < len(toks):
            for k in range(j + 1, min(j + 4, len(toks))):
                m = match_alias(lex.speaker_aliases, toks, k)
                if m:
                    aff, j = m[0], m[1] - 1
                    break
            else:
                break
        else:
            break
        j += 1
    if aff:
        key = "-".join([aff, *desc, head])
    else:
        dem = lex.countries[nat].get("demonym") if nat else None
        key = "-".join(["unnamed", *([dem] if dem else []), *desc, head])
    text = span_text(state, toks, i, j)
    ent = sp.mint(state, text, "person", country=lex.countries[nat]["iso"] if nat else None, typ="anon", key=key)
    return Mention(i, j, ent, text)


def _anaphor(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    what = lex.anaphora.get(toks[i].f)
    if not what:
        return None
    nxt = toks[i + 1].f if i + 1 < len(toks) and toks[i + 1].word else ""
    if nxt in lex.countries_by_adj:
        return None  # الخارجية الروسية, الوزير التركي: a new mention, not a pointer back
    if what in ("minister", "president", "spokesperson", "official") and nxt.startswith("ال") and nxt not in lex.adverbs:
        return None
    ents = list(state.entities.values())
    test = {
        "ministry": lambda e: any("وزاره" in n for n in e.names) or "ministry" in (e.label_en or "").lower() or "ministry" in e.key,
        "foreign-ministry": lambda e: any("الخارجيه" in n and not n.startswith("role:") for n in e.names) or "foreign-ministry" in e.key,
        "presidency": lambda e: "presidency" in e.key or e.key == "kremlin" or any("الرياسه" in n for n in e.names),
        "government": lambda e: any("حكومه" in n for n in e.names) and e.kind == "organization",
        "source": lambda e: e.typ == "anon",
        "sources": lambda e: e.typ == "anon",
        "statement": lambda e: e.typ == "joint",
        "minister": lambda e: e.kind == "person" and (e.role or "").find("وزير") >= 0,
        "president": lambda e: e.kind == "person" and (e.role or "").find("رئيس") >= 0,
        "spokesperson": lambda e: e.kind == "person" and ("متحدث" in (e.role or "") or "ناطق" in (e.role or "")),
        "official": lambda e: e.typ == "anon",
    }[what]
    if what == "statement" and not any(e.typ == "joint" for e in ents) and state.issuer is not None:
        return Mention(i, i + 1, state.issuer, toks[i].text)
    for e in reversed(state.focus + ents):
        if test(e):
            return Mention(i, i + 1, e, toks[i].text)
    return None


def _org(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    if toks[i].f not in lex.org_heads:
        return None
    j = i + 1
    while j < len(toks) and j - i < 8 and toks[j].word:
        f = toks[j].f
        if f in lex.complementizers or f in lex.verb_forms or _strip(f) in lex.verb_forms or f in lex.adverbs:
            break
        if f in lex.countries_by_adj and j > i + 1:
            j += 1  # وزارة الخارجية الأردنية: the adjective closes the name, unless لل / في goes on
            if not (j < len(toks) and (toks[j].f.startswith("لل") or toks[j].f == "في")):
                break
        elif f.startswith("ال") or f.startswith("وال") or f in lex.role_nouns or f.startswith("لل") or f in lex.countries_by_adj:
            j += 1
        elif f in ("في", "ب", "لدي") and j + 1 < len(toks) and toks[j + 1].word and (toks[j + 1].f.startswith("ال") or toks[j + 1].f in lex.role_nouns or (toks[j + 1].f,) in lex.countries_by_name):
            j += 2
        elif (f,) in lex.countries_by_name and j == i + 1:
            j += 1
        else:
            break
    if j == i + 1 and toks[i].f in lex.anaphora:
        return None
    text = span_text(state, toks, i, j)
    # the registry alias that is the whole phrase, or the phrase less a place (في أنقرة);
    # not a shorter alias followed by more words (مجلس الأمن القومي is not مجلس الأمن)
    for k in range(j, i, -1):
        key = tuple(t.f for t in toks[i:k] if t.word)
        if key in lex.speaker_aliases and (k == j or toks[k].f in ("في", "ب", "لدي")):
            ent = sp.registry_entity(state, lex.speaker_aliases[key], span_text(state, toks, i, k))
            return Mention(i, k, ent, span_text(state, toks, i, k))
    prev = sp.find_in_article(state, text)
    if prev is not None:
        return Mention(i, j, prev, text)
    if j - i < 2:
        return None
    country = next((lex.countries_by_adj[t.f] for t in toks[i:j] if t.f in lex.countries_by_adj), None)
    ent = sp.mint(state, text, "organization", country=lex.countries[country]["iso"] if country else None,
                  gender="f" if toks[i].f.endswith("ه") else "m")
    return Mention(i, j, ent, text)


def parse_mention(state: DocState, toks: list[Tok], i: int, conj: bool = True) -> Mention | None:
    """The speaker mention starting at token ``i``, or None."""
    lex = load()
    while i < len(toks) and toks[i].text in QUOTE_MARKS:
        i += 1
    if i >= len(toks) or not toks[i].word:
        return None
    m = _parse_one(state, toks, i)
    if m is None or not conj:
        return m
    # X وY: a pair; the first is the speaker (a joint statement when countries act together)
    k = m.j
    if k < len(toks) and toks[k].word and toks[k].f.startswith("و") and len(toks[k].f) > 2:
        saved = toks[k]
        stripped = Tok(saved.start + 1, saved.end, saved.text[1:], saved.f[1:], True)
        other = _parse_one(state, toks[:k] + [stripped] + toks[k + 1:], k)
        if other is not None and other.entity is not m.entity and other.entity.typ not in ("anon",):
            m.pair, m.j = True, other.j
            joint = next((e for e in state.entities.values() if e.typ == "joint"), None)
            if joint is not None and m.entity.typ == "country" and other.entity.typ == "country":
                m.entity = joint
    return m


def _parse_one(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    t = toks[i]
    if not could_start(state)(t):
        return None
    # joint statement
    for ph in (lex.joint if t.f in _joint_firsts() else ()):
        words = ph.split()
        if [x.f for x in toks[i:i + len(words)]] == words:
            ent = next((e for e in state.entities.values() if e.typ == "joint"), None)
            if ent is None:
                ent = sp.mint(state, "بيان مشترك", "organization", typ="joint", gender="m",
                              key=_joint_key(state, toks[i + len(words):i + len(words) + 8]))
            return Mention(i, i + len(words), ent, span_text(state, toks, i, i + len(words)))
    if t.f in lex.pairs:
        ent = _pair(state, t.f)
        return Mention(i, i + 1, ent, t.text, pair=True) if ent else None
    # title + name
    j = _role_phrase(state, toks, i)
    if j > i:
        role = span_text(state, toks, i, j).strip('«»“”" ')
        m = match_alias(lex.speaker_aliases, toks, j) or (match_phonetic(toks, j) if j < len(toks) else None)
        if m and lex.speakers[m[0]].kind == "person":
            ent = sp.registry_entity(state, m[0], span_text(state, toks, j, m[1]), role)
            return Mention(i, m[1], ent, span_text(state, toks, i, m[1]))
        k = _name(state, toks, j)
        if k > j:
            name = span_text(state, toks, j, k).strip('«»“”" ')
            ent = sp.find_in_article(state, name)
            if ent is None and phonetic(name) in lex.speaker_phonetic:
                ent = sp.registry_entity(state, lex.speaker_phonetic[phonetic(name)], name, role)
            if ent is None and ftoks(name) in lex.speaker_prefixes:  # محمد بن عبد الرحمن [آل ثاني]
                ent = sp.registry_entity(state, lex.speaker_prefixes[ftoks(name)], name, role)
            if ent is None:
                country = next((lex.countries_by_adj[x.f] for x in toks[i:j] if x.f in lex.countries_by_adj), None)
                g = "f" if toks[i].f.endswith("ه") else "m"
                ent = sp.mint(state, name, "person", role=role, country=country, gender=g)
            else:
                sp.add_name(state, ent, "role:" + " ".join(x.f for x in toks[i:j] if x.word))
            return Mention(i, k, ent, span_text(state, toks, i, k))
        ent = sp.find_by_role(state, role)
        if ent is None:
            # a bare role phrase: the one registry person holding it, else an entity for the role itself
            if toks[i].f in ("المتحدث", "الناطق", "المتحدثه", "الناطقه") and j - i > 2:
                org = _org(state, toks, i + 2)
                if org is not None:
                    return Mention(i, j, org.entity, role)
            key = _registry_role(role)
            if j - i == 1 and toks[i].f in lex.anaphora:
                return _anaphor(state, toks, i)  # a bare الوزير / الرئيس: the one met before
            if key is not None:
                ent = sp.registry_entity(state, key, None, role)
            elif j - i >= 2 or toks[i].f.startswith("ال"):
                country = next((lex.countries_by_adj[x.f] for x in toks[i:j] if x.f in lex.countries_by_adj), None)
                ent = sp.mint(state, role, "person", role=role, country=country, typ="role",
                              gender="f" if toks[i].f.endswith("ه") else "m")
            else:
                return None
        return Mention(i, j, ent, role)
    m = match_alias(lex.speaker_aliases, toks, i) or match_phonetic(toks, i)
    if m and lex.speakers[m[0]].kind == "organization" and _continues(toks, m[1]):
        m = None  # مجلس الأمن القومي: a longer name than the alias; the institution parser decides
    if m:
        ent = sp.registry_entity(state, m[0], span_text(state, toks, i, m[1]))
        return Mention(i, m[1], ent, span_text(state, toks, i, m[1]))
    for fn in (_anonymous, _anaphor, _org):
        r = fn(state, toks, i)
        if r is not None:
            return r
    m = match_alias(lex.countries_by_name, toks, i, 4)
    if m:
        ent = sp.registry_entity(state, m[0], span_text(state, toks, i, m[1]))
        return Mention(i, m[1], ent, span_text(state, toks, i, m[1]))
    if t.f not in lex.stop_words and t.f not in lex.complementizers:
        ent = sp.find_in_article(state, t.text)
        if ent is not None:
            j = i + 1
            while j < len(toks) and toks[j].word and sp.find_in_article(state, span_text(state, toks, i, j + 1)) is ent:
                j += 1
            return Mention(i, j, ent, span_text(state, toks, i, j))
    m = match_alias(lex.outlet_aliases, toks, i, 4)
    if m:
        ent = sp.registry_entity(state, m[0], span_text(state, toks, i, m[1]))
        return Mention(i, m[1], ent, span_text(state, toks, i, m[1]))
    return None


def _joint_key(state: DocState, after: list[Tok]) -> str:
    """``russia-turkey-joint-statement``: the parties named right after the phrase, else the first countries met."""
    lex = load()
    named = []
    for t in after:
        for f in (t.f, t.f[1:] if t.f.startswith("و") else t.f):
            key = lex.countries_by_name.get((f,))
            if key and key not in named:
                named.append(key)
    countries = named[:2] if len(named) >= 2 else [e.key for e in state.entities.values() if e.typ == "country"][:2]
    return "-".join(countries + ["joint-statement"]) if countries else "joint-statement"


def _pair(state: DocState, word: str = "") -> Entity | None:
    """What a pair word (الجانبان, الوزيران) stands for: the joint statement, or the first of the last pair.

    A pair word naming a title (الوزيران, الرئيسان) takes the last pair whose first member holds it.
    """
    joint = next((e for e in state.entities.values() if e.typ == "joint"), None)
    if joint is not None:
        return joint
    for title in ("وزير", "رييس", "زعيم"):
        if title in word:
            fitting = [e for si, e in state.pairs if si <= state.cur_sent and title in fold(e.role or "")]
            return fitting[-1] if fitting else None
    before = [e for si, e in state.pairs if si <= state.cur_sent]
    return before[-1] if before else None


@functools.lru_cache(maxsize=4096)
def _registry_role(role: str) -> str | None:
    """The registry person holding ``role`` when exactly one does (roles change hands: else None)."""
    want = " ".join(ftoks(role))
    keys = [k for k, e in load().speakers.items() if e.kind == "person" and e.role and " ".join(ftoks(e.role)) == want]
    return keys[0] if len(keys) == 1 else None


def _continues(toks: list[Tok], j: int) -> bool:
    """Does an institution's name go on at token ``j`` (an adjective or a definite noun)?"""
    lex = load()
    if j >= len(toks) or not toks[j].word:
        return False
    f = toks[j].f
    if f in lex.adverbs or f in lex.stop_words or f in lex.complementizers or f in lex.verb_forms:
        return False
    return f in lex.role_nouns or f in lex.countries_by_adj or (f.startswith("لل") and len(f) > 4)


@functools.lru_cache(maxsize=1)
def _joint_firsts() -> frozenset[str]:
    return frozenset(ph.split()[0] for ph in load().joint)


def could_start(state: DocState, registering: bool = False):
    """A fast test: can a mention start at this token (a known first word, a name met, a sound-alike)?

    With ``registering`` (scanning a sentence only to meet its people and bodies), countries
    and outlets are left out: they are in the registries and need no introduction.
    """
    starters, names, pf = (_person_starters() if registering else _starters()), sp.name_words(state), phonetic_firsts()
    return lambda t: t.f in starters or t.f in names or phonetic(t.text) in pf
