"""The data files under ``kg/data/``, loaded once and indexed by folded form.

Everything language-specific the extractor knows lives in those YAML files; this module
only reads them and builds look-up tables keyed by :func:`kg.normalize.fold`.

>>> lex = load()
>>> lex.verb_forms["اكدت"].lemma, lex.verb_forms["اكدت"].gender
('akkad', 'f')
>>> lex.countries_by_adj["الروسيه"]
'russia'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.normalize import fold

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    gender: str  # m | f | pl
    tense: str  # past | impf | part
    modes: frozenset[str]
    preps: tuple[str, ...]


@dataclass
class Entry:
    """A registry entry: a speaker (person or body) or an outlet."""

    key: str
    ar: str
    en: str | None
    kind: str  # person | organization | outlet | agency
    role: str | None = None
    country: str | None = None
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    verb_forms: dict[str, VerbForm]
    complementizers: frozenset[str]
    document_nouns: frozenset[str]
    according_to: frozenset[str]
    content_openers: frozenset[str]
    split_connectives: frozenset[str]
    titles: frozenset[str]
    role_nouns: frozenset[str]
    name_particles: frozenset[str]
    anonymous: dict[str, str]
    anonymous_descriptors: dict[str, str]
    anaphora: dict[str, str]
    pairs: frozenset[str]
    joint: tuple[str, ...]
    org_heads: frozenset[str]
    adverbs: frozenset[str]
    circumstantial: frozenset[str]
    stop_words: frozenset[str]
    not_headline_speakers: frozenset[str]
    speech_nouns: tuple[str, ...]
    document_modifiers: frozenset[str]
    unnamed_asides: tuple[tuple[str, ...], ...]
    honorific_pronouns: dict[str, str]
    narration_verbs: frozenset[str]
    speakers: dict[str, Entry]
    speaker_aliases: dict[tuple[str, ...], str]  # folded token tuple -> key
    speaker_phonetic: dict[str, str]  # phonetic key of a full name -> key (unambiguous ones only)
    speaker_prefixes: dict[tuple[str, ...], str]  # first 3+ words of a long name -> key (unambiguous ones only)
    outlets: dict[str, Entry]
    outlet_aliases: dict[tuple[str, ...], str]
    outlet_bylines: dict[tuple[str, ...], str]  # outlet_aliases + short forms trusted only in bylines
    countries: dict[str, dict]
    countries_by_adj: dict[str, str]  # folded adjective (any form) -> country key
    countries_by_name: dict[tuple[str, ...], str]  # folded name / capital -> country key
    cities: dict[tuple[str, ...], str]  # folded city -> printed city
    topics: dict
    dates: dict
    max_alias_len: int = 8
    addressee_links: frozenset[str] = frozenset()  # kg.extract.coordination
    bare_spokesperson: frozenset[str] = frozenset()  # kg.extract.unnamed
    anonymity_verbs: frozenset[str] = frozenset()
    anonymity_objects: frozenset[str] = frozenset()


def _y(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.lru_cache(maxsize=65536)
def ftoks(s: str) -> tuple[str, ...]:
    """Folded word tuple of a phrase (the key of every alias table).

    >>> ftoks("وزارة الخارجية  الروسية")
    ('وزاره', 'الخارجيه', 'الروسيه')
    """
    return tuple(w for w in fold(s).replace('"', " ").replace("«", " ").replace("»", " ").split() if w not in {"-", "–", "(", ")"})


@functools.lru_cache(maxsize=65536)
def fkey(s: str) -> str:
    """:func:`ftoks` joined by spaces: how names are kept in ``Entity.names``.

    >>> fkey("«وزارة  الخارجية»")
    'وزاره الخارجيه'
    """
    return " ".join(ftoks(s))


def _fs(items) -> frozenset[str]:
    return frozenset(fold(x) for x in items or [])


def _adj_forms(adj: str) -> list[str]:
    base = adj
    return [base, base + "ة", "ال" + base, "ال" + base + "ة", base + "ين", "ال" + base + "ين", base + "ون", "ال" + base + "ون", base + "ان", "ال" + base + "ان"]


@functools.cache
def load() -> Lexicon:
    """Read every data file once (cached)."""
    v = _y("verbs.yaml")
    forms: dict[str, VerbForm] = {}
    for lemma, e in v["verbs"].items():
        modes = frozenset(e.get("modes") or [])
        preps = tuple(fold(p) for p in e.get("preps") or [])
        for slot, gender, tense in (("m", "m", "past"), ("f", "f", "past"), ("pl", "pl", "past"), ("impf", "m", "impf"), ("part", "m", "part")):
            for w in e.get(slot) or []:
                fw = fold(w)
                g = gender
                if tense == "impf" and fw.startswith("ت"):
                    g = "f"
                if tense == "impf" and (fw.endswith("ان") or fw.endswith("ون")):
                    g = "pl"
                if tense == "part" and fw.endswith("ه"):
                    g = "f"
                if tense == "part" and (fw.endswith("ين")):
                    g = "pl"
                forms.setdefault(fw, VerbForm(lemma, g, tense, modes, preps))
    lx = _y("lexicon.yaml")
    countries = _y("countries.yaml")
    by_adj: dict[str, str] = {}
    by_name: dict[tuple[str, ...], str] = {}
    cities: dict[tuple[str, ...], str] = {}
    for key, c in countries.items():
        for a in c.get("adj") or []:
            for f in _adj_forms(a):
                by_adj.setdefault(fold(f), key)
        for p in c.get("plural") or []:
            by_adj.setdefault(fold(p), key)
            if fold(p).startswith("ال"):
                by_adj.setdefault(fold(p)[2:], key)
        for n in [c["ar"], *(c.get("alt") or []), *(c.get("capitals") or [])]:
            by_name.setdefault(ftoks(n), key)
        for n in [*(c.get("capitals") or []), *(c.get("cities") or [])]:
            cities.setdefault(ftoks(n), n)
    sp = _y("speakers.yaml")
    speakers: dict[str, Entry] = {}
    for key, e in (sp.get("persons") or {}).items():
        speakers[key] = Entry(key, e["ar"], e.get("en"), "person", e.get("role"), e.get("country"), e.get("gender") or "m", list(e.get("aliases") or []))
    for key, e in (sp.get("organizations") or {}).items():
        speakers[key] = Entry(key, e["ar"], e.get("en"), "organization", e.get("role"), e.get("country"), e.get("gender") or "f", list(e.get("aliases") or []))
    for key, c in countries.items():
        speakers.setdefault(key, Entry(key, c["ar"], c["en"], "organization", f"Government of {c['en']}", c["iso"], "f", [*(c.get("alt") or [])]))
    aliases: dict[tuple[str, ...], str] = {}
    phon: dict[str, str | None] = {}
    prefixes: dict[tuple[str, ...], str | None] = {}
    for key, e in speakers.items():
        for a in [e.ar, *e.aliases]:
            aliases.setdefault(ftoks(a), key)
            if e.kind == "person":
                words = ftoks(a)
                for n in range(3, len(words)):
                    prefixes[words[:n]] = key if prefixes.get(words[:n], key) == key else None
                ph = phonetic(a)
                if len(ph.replace(" ", "")) >= 5 and " " in ph:
                    phon[ph] = key if phon.get(ph, key) == key else None
    ol = _y("outlets.yaml")
    outlets: dict[str, Entry] = {}
    oal: dict[tuple[str, ...], str] = {}
    obl: dict[tuple[str, ...], str] = {}
    for key, e in ol.items():
        outlets[key] = Entry(key, e["ar"], e.get("en"), e.get("type") or "outlet", aliases=list(e.get("aliases") or []))
        for a in [e["ar"], e.get("en") or "", *(e.get("aliases") or [])]:
            if a:
                oal.setdefault(ftoks(a), key)
        for a in e.get("byline") or []:
            obl.setdefault(ftoks(a), key)
    return Lexicon(
        verb_forms=forms,
        complementizers=_fs(v["complementizers"]),
        document_nouns=_fs(v["document_nouns"]),
        according_to=_fs(v.get("according_to")),
        content_openers=_fs(v.get("content_openers")),
        split_connectives=_fs(v["split_connectives"]),
        titles=_fs(lx["titles"]),
        role_nouns=_fs(lx["role_nouns"]),
        name_particles=_fs(lx["name_particles"]),
        anonymous={fold(k): val for k, val in lx["anonymous"].items()},
        anonymous_descriptors={fold(k): val for k, val in lx["anonymous_descriptors"].items()},
        anaphora={fold(k): val for k, val in lx["anaphora"].items()},
        pairs=_fs(lx["pairs"]),
        joint=tuple(fold(x) for x in lx["joint"]),
        org_heads=_fs(lx["org_heads"]),
        adverbs=_fs(lx["adverbs"]),
        circumstantial=_fs(lx["circumstantial"]),
        stop_words=_fs(lx["stop_words"]),
        not_headline_speakers=_fs(lx["not_headline_speakers"]),
        speech_nouns=tuple(fold(x) for x in lx.get("speech_nouns") or []),
        document_modifiers=_fs(lx.get("document_modifiers") or []),
        unnamed_asides=tuple(sorted({ftoks(x) for x in lx.get("unnamed_asides") or []}, key=len, reverse=True)),
        honorific_pronouns={fold(k): fold(v) for k, v in (lx.get("honorific_pronouns") or {}).items()},
        narration_verbs=_fs(lx.get("narration_verbs") or []),
        addressee_links=_fs(v.get("addressee_links")),
        bare_spokesperson=_fs(lx.get("bare_spokesperson")),
        anonymity_verbs=_fs(lx.get("anonymity_verbs")),
        anonymity_objects=_fs(lx.get("anonymity_objects")),
        speakers=speakers,
        speaker_aliases=aliases,
        speaker_phonetic={k: v for k, v in phon.items() if v},
        speaker_prefixes={k: v for k, v in prefixes.items() if v and k not in aliases},
        outlets=outlets,
        outlet_aliases=oal,
        outlet_bylines={**obl, **oal},
        countries=countries,
        countries_by_adj=by_adj,
        countries_by_name=by_name,
        cities=cities,
        topics=_y("topics.yaml"),
        dates=_y("dates.yaml"),
    )


_PHON = [("تش", "ك"), ("چ", "ك"), ("ج", "ك"), ("غ", "ك"), ("ق", "ك"), ("گ", "ك"), ("ث", "س"), ("ص", "س"), ("ذ", "ز"),
         ("ظ", "ز"), ("ض", "ز"), ("ط", "ت"), ("خ", "ه"), ("ح", "ه"), ("ع", "")]
_VOWELS = set("اويءآأإىةؤئه")
# after تش -> ك, the one-letter replacements: none makes a letter another one replaces
_PHON_TABLE = str.maketrans({a: b or None for a, b in _PHON if len(a) == 1})
assert _PHON[0] == ("تش", "ك") and all(len(a) == 1 and b not in dict(_PHON) for a, b in _PHON[1:])


@functools.lru_cache(maxsize=65536)
def phonetic(name: str) -> str:
    """A spelling-tolerant key of a name: consonant skeleton with similar sounds merged.

    >>> phonetic("سيرغي شويغو") == phonetic("سيرجي شويجو") == phonetic("سرجي شويكو")
    True
    >>> phonetic("مولود جاويش أوغلو") == phonetic("مولود تشاووش اوغلو")
    True
    """
    out = []
    for w in fold(name).split():
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]
        w = w.replace("تش", "ك").translate(_PHON_TABLE)  # = the replacements of _PHON in turn
        sk = w[:1] if w[:1] not in _VOWELS else "ا"
        for ch in w[1:]:
            if ch in _VOWELS or ch == sk[-1:]:
                continue
            sk += ch
        out.append(sk)
    return " ".join(out)


def country_iso(key: str | None) -> str | None:
    """ISO code of a country key (``russia`` -> ``RU``)."""
    if not key:
        return None
    c = load().countries.get(key)
    return c["iso"] if c else None


def country_key(iso: str | None) -> str | None:
    """Country key of an ISO code (``RU`` -> ``russia``): the inverse of :func:`country_iso`."""
    if not iso:
        return None
    return next((k for k, c in load().countries.items() if c["iso"] == iso), None)
