"""Speakers that are not a title and a name: anonymous sources, anaphora, institutions, joint statements.

* anonymous sources: «مسؤول تركي», «أحد المسؤولين», «مصادر عسكرية في وزارة الدفاع»;
* anaphora: «الوزارة», «المصدر», «الوزير» — the entity of that kind met last;
* institutions: «وزارة الداخلية في حكومة الوفاق», a registry alias or a minted body;
* joint statements and pair words: «بيان مشترك», «الجانبان».
"""

from __future__ import annotations

import functools

from kg.extract import speakers as sp
from kg.extract.offices import ministry
from kg.extract.aliases import match_alias, span_text
from kg.extract.lexicon import country_iso, country_key, load
from kg.extract.phrases import RELATIVE_PRONOUNS, strip_conj
from kg.extract.state import DocState, Entity, Mention, Tok
from kg.normalize import fold


ONE_OF = {"احد": "m", "احدي": "f"}  # أحد المسؤولين = one official
_SINGULAR = {"officials": "official", "sources": "source", "diplomats": "diplomat", "observers": "observer",
             "analysts": "analyst", "experts": "expert", "witnesses": "witness", "activists": "activist", "residents": "resident"}


def anonymous(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    start = i
    if toks[i].f in ONE_OF and i + 1 < len(toks) and toks[i + 1].word:
        f = toks[i + 1].f
        head = lex.anonymous.get(f[2:] if f.startswith("ال") else f)
        if head not in _SINGULAR:
            return None
        head, i = _SINGULAR[head], i + 1
    else:
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
                org = institution(state, toks, j + 1)  # مسؤول في وزارة المالية اللبنانية: a body the registry does not know
                if org is None or org.entity.kind != "organization" or org.entity.typ != "named":
                    break
                aff, j = org.entity.key, org.j - 1
                nat = nat or country_key(org.entity.country)
        else:
            break
        j += 1
    if len(desc) > 1:  # the lexicon's order, not the text's: «مصادر دبلوماسية غربية» = western-diplomatic
        rank = list(dict.fromkeys(lex.anonymous_descriptors.values()))
        desc.sort(key=rank.index)
    if aff:
        key = "-".join([aff, *desc, head])
    else:
        dem = lex.countries[nat].get("demonym") if nat else None
        key = "-".join(["unnamed", *([dem] if dem else []), *desc, head])
    text = span_text(state, toks, start, j)
    group = None if aff or nat or desc else _group(state, head, start < i or head in _SINGULAR.values())
    if group is not None:  # «أحد المسؤولين», a bare «مسؤولون:» title: the unnamed group the article describes
        return Mention(start, j, group, text)
    ent = sp.mint(state, text, "person", country=lex.countries[nat]["iso"] if nat else None, typ="anon", key=key)
    return Mention(start, j, ent, text)


_PLURAL = {v: k for k, v in _SINGULAR.items()}


def _group(state: DocState, head: str, one_of: bool) -> Entity | None:
    """A described unnamed group met in the article (مسؤولان أمريكيان) that an undescribed plural
    head, or «one of the ...», refers back to: the most recent one with that head."""
    if one_of and head not in _PLURAL:
        return None
    if not one_of and head not in _SINGULAR:
        return None  # a bare singular «مسؤول» is a new person
    plural = _PLURAL.get(head, head) if one_of else head
    bare = "unnamed-" + plural
    for e in reversed(state.focus + list(state.entities.values())):
        if e.typ == "anon" and e.key != bare and e.key.endswith("-" + plural):
            return e
    return None


def anaphor(state: DocState, toks: list[Tok], i: int) -> Mention | None:
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
    if what == "statement" and not any(e.typ == "joint" for e in ents):
        # «ودعا البيان»: the issuer of the last statement met, else the body that spoke last
        issuer = state.issuer or next((e for e in reversed(state.focus) if e.kind == "organization" and e.typ not in ("outlet", "anon")), None)
        return Mention(i, i + 1, issuer, toks[i].text) if issuer is not None else None
    for e in reversed(state.focus + ents):
        if test(e):
            return Mention(i, i + 1, e, toks[i].text)
    return None


def institution(state: DocState, toks: list[Tok], i: int) -> Mention | None:
    lex = load()
    if toks[i].f not in lex.org_heads:
        return None
    j = i + 1
    while j < len(toks) and j - i < 8 and toks[j].word:
        f = toks[j].f
        if f in lex.complementizers or f in lex.verb_forms or strip_conj(f) in lex.verb_forms or f in lex.adverbs or f in RELATIVE_PRONOUNS:
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
    if country is None:
        country = _home_country(state, [t.f for t in toks[i:j] if t.word])
        key = lex.speaker_aliases.get(tuple(t.f for t in toks[i:j] if t.word) + (fold("ال" + lex.countries[country]["adj"][0] + "ة"),)) if country else None
        if key is not None:  # وزارة الخارجية in a Cairo wire that quoted the Egyptian minister
            return Mention(i, j, sp.registry_entity(state, key, text), text)
    known = ministry(text, country) if country else None  # وزارة الخارجية in a Kuwaiti wire: kuwaiti-foreign-ministry
    ent = sp.mint(state, text, "organization", country=lex.countries[country]["iso"] if country else None,
                  gender="f" if toks[i].f.endswith("ه") else "m", key=known[0] if known else None)
    if known and ent.label_en is None:
        ent.label_en = known[1]
    return Mention(i, j, ent, text)


def ministerial_country(state: DocState, words: list[str]) -> str | None:
    """ISO code of the country of a minister's title printed without one (مساعد وزير الخارجية in a
    Kuwaiti wire): as for a ministry, by :func:`_home_country`."""
    k = next((n for n, w in enumerate(words) if w in ("وزير", "وزيره")), -1)
    if k < 0 or k + 1 >= len(words):
        return None
    country = _home_country(state, ["وزاره", *words[k + 1:k + 2]])
    return country_iso(country)


def _home_country(state: DocState, words: list[str]) -> str | None:
    """Whose a ministry named without a country is: the country of a minister of the same portfolio met
    in the article (وزير الخارجية بدر عبد العاطي … وزارة الخارجية → Egypt), else the dateline's.

    >>> from kg.extract import extract_text
    >>> ex = extract_text("القاهرة - أكد وزير الخارجية المصري سامح شكري دعم الحل السياسي. وقالت وزارة الخارجية إن الاتصال تناول ليبيا.")
    >>> [c.speaker.key for c in ex.claims]
    ['sameh-shoukry', 'egyptian-foreign-ministry']
    """
    lex = load()
    if len(words) < 2:
        return None
    portfolio = words[1]
    for ent in reversed(state.focus + list(state.entities.values())):
        role = fold(ent.role or "").split()
        if ent.country and len(role) > 1 and role[0] in ("وزير", "وزيره") and role[1] == portfolio:
            return country_key(ent.country)
    city = state.meta.dateline
    return lex.countries_by_name.get(tuple(fold(city).split())) if city else None


def joint_key(state: DocState, after: list[Tok]) -> str:
    """``russia-turkey-joint-statement``: the parties named right after the phrase, else the first countries met."""
    lex = load()
    named = []
    for t in after:
        for f in (t.f, t.f[1:] if t.f.startswith("و") else t.f):
            key = lex.countries_by_name.get((f,))
            if key and key not in named:
                named.append(key)
    countries = named[:2] if len(named) >= 2 else [e.key for e in state.entities.values() if e.typ == "country"][:2]
    if len(countries) < 2:  # «الرئيسان الروسي X والتركي Y ... بيان مشترك»: the countries of the people met
        met = [country_key(e.country) for e in state.entities.values() if e.kind == "person" and e.typ != "anon"]
        for key in met:
            if key and key not in countries:
                countries.append(key)
        countries = countries[:2] if len(countries) >= 2 else []
    return "-".join(countries + ["joint-statement"]) if countries else "joint-statement"


def pair_referent(state: DocState, word: str = "") -> Entity | None:
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
    people = [e for e in before if e.kind == "person"]  # «بين روسيا وأوكرانيا» in a readout of two leaders' call
    return (people or before)[-1] if before else None


@functools.cache
def joint_firsts() -> frozenset[str]:
    return frozenset(ph.split()[0] for ph in load().joint)
