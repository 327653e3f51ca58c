"""Speaker entities of one article: registry look-up, minting, in-article resolution, focus.

One entity per real speaker: a registry alias gives the canonical key; an unknown name
gets a key minted from its transliterated, folded form (ASCII slug), and a later bare
surname or role in the same article resolves to the entity met first.

>>> slug("أحمد المسماري")
'ahmd-almsmari'
>>> slug("") .startswith("x-")
True
"""

from __future__ import annotations

import functools
import hashlib

import regex

from kg.extract.lexicon import Entry, country_iso, fkey, ftoks, load
from kg.extract.offices import office
from kg.extract.state import DocState, Entity
from kg.model import SpeakerRef
from kg.normalize import fold

_TR = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "i", "ء": "", "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}


_DASHES = regex.compile(r"-+")


@functools.lru_cache(maxsize=16384)
def slug(name: str) -> str:
    """An ASCII key for an unknown name: transliteration of its folded form (stable)."""
    f = fold(name)
    out = "".join(_TR.get(ch, ch if ch.isascii() and ch.isalnum() else ("-" if ch.isspace() or ch in "-_" else "")) for ch in f)
    out = _DASHES.sub("-", out.lower()).strip("-")
    if not out:
        out = "x-" + hashlib.sha1(f.encode("utf-8")).hexdigest()[:10]
    return out[:80]


@functools.lru_cache(maxsize=4096)
def _entry_names(key: str) -> frozenset[str]:
    e = load().speakers[key]
    return frozenset(" ".join(ftoks(a)) for a in [e.ar, *e.aliases])


def _from_entry(e: Entry, typ: str = "named") -> Entity:
    names = set(_entry_names(e.key))
    return Entity(key=e.key, kind="person" if e.kind == "person" else "organization", label_ar=e.ar, label_en=e.en,
                  role=e.role, country=e.country, gender=e.gender, names=names, registry=True, typ=typ)


def registry_entity(state: DocState, key: str, mention: str | None = None, role: str | None = None) -> Entity:
    """The article's entity for registry ``key`` (created on first mention)."""
    ent = state.entities.get(key)
    if ent is None:
        lex = load()
        e = lex.speakers.get(key)
        if e is None:
            o = lex.outlets[key]
            ent = Entity(key=key, kind="organization", label_ar=o.ar, label_en=o.en, gender="f", registry=True, typ="outlet",
                         names={" ".join(ftoks(o.ar))})
        else:
            ent = _from_entry(e, "country" if key in lex.countries else "named")
        state.entities[key] = ent
        _new_entity(state, ent)
    if mention:
        if mention not in ent.mentions:
            ent.mentions.append(mention)
        add_name(state, ent, fkey(mention))
    if role:
        ent.role = ent.role or role
        add_name(state, ent, "role:" + fkey(role))
    return ent


def find_in_article(state: DocState, name: str) -> Entity | None:
    """An entity met earlier whose full name, or last name word(s), equals ``name``.

    The most recently met such entity: one with the very name, else a body whose name
    goes on after it (وزارة الداخلية -> وزارة الداخلية في حكومة ...), or a named person
    whose name ends with it (a surname).
    """
    fn = fkey(name)
    if not fn or fn.split()[-1] not in name_words(state):
        return None
    got = state.name_owners.get(fn)
    if got:
        return max(got, key=_rank)
    got = state.name_tails.get(fn, []) + (state.name_heads.get(fn, []) if " " in fn else [])
    return max(got, key=_rank) if got else None


def _rank(ent: Entity) -> int:
    return ent.rank


def _index_name(state: DocState, ent: Entity, name: str) -> None:
    """Keep the look-ups of :func:`find_in_article` and :func:`find_by_role` for a name added to ``ent``."""
    state.name_owners.setdefault(name, []).append(ent)
    if " " in name:
        heads, tails = _affixes(name)
        if ent.kind == "organization":
            for h in heads:
                state.name_heads.setdefault(h, []).append(ent)
        elif ent.kind == "person" and ent.typ == "named" and not name.startswith("role:"):
            for t in tails:
                state.name_tails.setdefault(t, []).append(ent)


@functools.lru_cache(maxsize=16384)
def _affixes(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What comes before each space of a name, and after it.

    >>> _affixes("محمد بن سلمان")
    (('محمد', 'محمد بن'), ('بن سلمان', 'سلمان'))
    """
    cuts = [k for k, ch in enumerate(name) if ch == " "]
    return tuple(name[:k] for k in cuts), tuple(name[k + 1:] for k in cuts)


def find_by_role(state: DocState, role: str) -> Entity | None:
    """A named person met earlier in the article under the same role (وزير الدفاع الروسي)."""
    got = [ent for ent in state.name_owners.get("role:" + fkey(role), ()) if ent.typ == "named"]
    return max(got, key=_rank) if got else None


_GENERIC_HEADS = frozenset({"دبلوماسي", "دبلوماسيه", "مسوول", "مسووله", "سياسي", "سياسيه"})


def _bare(f: str) -> str:
    f = f[1:] if f[:1] in ("و", "ف") and f[1:3] == "ال" else f
    return f[2:] if f.startswith("ال") and len(f) > 3 else f


def find_by_role_words(state: DocState, words: list[str], lex) -> Entity | None:
    """A named person met earlier, referred to again by a short form of their role.

    «المبعوث الأممي» for «المبعوث الأممي الخاص إلى سوريا غير بيدرسون», «الوزير التركي» for
    «وزير الخارجية التركي هاكان فيدان», «الدبلوماسية الروسية» for a Russian woman diplomat:
    every word of the short form is a word of the role (a nationality must be the person's
    country); a generic head (الدبلوماسي، المسؤول) needs only gender and nationality to agree.
    The most recent such person wins.
    """
    if not words:
        return None
    bare = [_bare(w) for w in words]
    head, rest = bare[0], bare[1:]
    generic = head in _GENERIC_HEADS
    if not generic and len(bare) < 2:
        return None  # a bare الوزير / الرئيس is an anaphor (kg.extract.mentions)
    gender = "f" if head.endswith("ه") else "m"
    nats = [lex.countries_by_adj.get(w) or lex.countries_by_adj.get("ال" + w) for w in rest]
    if generic and not any(nats):
        return None
    seen = set()
    for ent in reversed(state.focus + list(state.entities.values())):
        if ent.key in seen or ent.kind != "person" or ent.typ not in ("named", "anon"):
            continue
        seen.add(ent.key)
        if ent.typ == "anon":  # «مسؤول أمريكي» ... «المسؤول الأمريكي»: the unnamed source again
            if generic and ent.country and all(country_iso(n) == ent.country for n in nats if n):
                return ent
            continue
        if ent.gender in ("m", "f") and ent.gender != gender:
            continue
        if any(n and country_iso(n) != ent.country for n in nats):
            continue
        role_words = _role_words(ent)
        if not role_words:
            continue
        if generic or (head in role_words and all(w in role_words or nats[k] for k, w in enumerate(rest))):
            return ent
    return None


def _role_words(ent: Entity) -> frozenset[str]:
    """The bare words of an entity's role and of every ``role:`` name (kept until either changes)."""
    got = ent.role_words
    if got is None or got[0] != ent.role or got[1] != len(ent.names):
        words = frozenset(_bare(w) for r in [ent.role or "", *(n[5:] for n in ent.names if n.startswith("role:"))] for w in ftoks(r))
        got = ent.role_words = (ent.role, len(ent.names), words)
    return got[2]


def mint(state: DocState, name: str, kind: str, role: str | None = None, country: str | None = None,
         gender: str | None = None, typ: str = "named", key: str | None = None) -> Entity:
    """A new entity for a speaker the registry does not know (or the existing one with that key).

    An unnamed office holder (``typ="role"``) whose title :func:`kg.extract.offices.office` reads
    gets its English key and label: «وزير النفط الإيراني» is ``iranian-oil-minister``.
    """
    known = office(name) if typ == "role" and key is None else None
    key = key or (known[0] if known else slug(name))
    ent = state.entities.get(key)
    if ent is None:
        ent = Entity(key=key, kind=kind, label_ar=name, label_en=known[1] if known else None, role=role, country=country_iso(country) if country and len(country) > 2 else country,
                     gender=gender or ("m" if kind == "person" else "f"), minted=True, typ=typ)
        state.entities[key] = ent
        _new_entity(state, ent)
    add_name(state, ent, fkey(name))
    if name not in ent.mentions:
        ent.mentions.append(name)
    if role:
        ent.role = ent.role or role
        add_name(state, ent, "role:" + fkey(role))
    return ent


def _new_entity(state: DocState, ent: Entity) -> None:
    ent.rank = len(state.entities) - 1
    for name in ent.names:
        _index_name(state, ent, name)
    if state.name_words is not None and state.name_words_n == len(state.entities) - 1:
        for name in ent.names:
            state.name_words.update(_name_words(name))
        state.name_words_n = len(state.entities)


@functools.lru_cache(maxsize=16384)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(name.removeprefix("role:").split())


def add_name(state: DocState, ent: Entity, name: str) -> None:
    """Record a folded spelling (or ``role:`` title) of ``ent`` met in the article."""
    if name not in ent.names:
        ent.names.add(name)
        _index_name(state, ent, name)
        if state.name_words is not None:
            state.name_words.update(_name_words(name))


def honored(state: DocState, honorific: str) -> Entity | None:
    """The speaker an honorific pronoun stands for (سموه -> سمو): the one mentioned last
    among those introduced with that honorific (صاحب السمو الشيخ ..., سمو الشيخ ...)."""
    def has(e: Entity) -> bool:
        return any(n.startswith("role:") and (honorific in n[5:].split() or "ال" + honorific in n[5:].split()) for n in e.names)
    found = [e for e in state.entities.values() if has(e)]
    return max(found, key=lambda e: (state.seen.get(e.key, -1), e.rank)) if found else None


def push_focus(state: DocState, ent: Entity) -> None:
    """Make ``ent`` the most recent speaker (what a pronoun-dropped verb refers to)."""
    if ent in state.focus:
        state.focus.remove(ent)
    state.focus.append(ent)


def last_focus(state: DocState, gender: str | None = None) -> Entity | None:
    """The most recent speaker agreeing with a verb's ``gender`` (m / f / pl; None: any)."""
    for ent in reversed(state.focus):
        if gender in (None, "pl") or ent.gender is None:
            return ent
        if ent.gender == gender:
            return ent
    return None


def to_ref(ent: Entity, mention: str | None = None) -> SpeakerRef:
    """The :class:`SpeakerRef` of an entity."""
    aliases = sorted({m for m in ent.mentions if m != ent.label_ar})
    return SpeakerRef(key=ent.key, kind="person" if ent.kind == "person" else "organization", label_ar=ent.label_ar,
                      label_en=ent.label_en, mention=mention, role=ent.role, country=ent.country, aliases=aliases,
                      gender=ent.gender if ent.gender in ("m", "f") else None)


def name_words(state: DocState) -> set[str]:
    """Every folded word of every name met in the article (a quick filter for mention parsing)."""
    if state.name_words is None or state.name_words_n != len(state.entities):
        state.name_words = {w for e in state.entities.values() for name in e.names for w in name.removeprefix("role:").split()}
        state.name_words_n = len(state.entities)
    return state.name_words
