"""English keys and labels for unnamed office holders, from the title as printed.

A speaker given only by an office («وزير النفط الإيراني», «سفير روسيا لدى تركيا») is a new
entity; when every word of the title is known to ``kg/data/lexicon.yaml`` (``offices``,
``portfolios``) and to ``countries.yaml``, its key and English label are read from the words
rather than transliterated, so the browse pages show an English label beside the Arabic one.

>>> office("وزير النفط الإيراني")
('iranian-oil-minister', 'Iranian oil minister')
>>> office("سفير روسيا لدى تركيا")
('russian-ambassador-to-turkey', 'Russian ambassador to Turkey')
>>> office("وزير خارجية ألمانيا")   # the construct form, country by name
('german-foreign-minister', 'German foreign minister')
>>> office("رئيس وزراء العراق")
('iraqi-prime-minister', 'Iraqi prime minister')
>>> office("وزيرة الخارجية")  is None   # no country: the title alone names nobody
True
>>> office("وزير شؤون الرئاسة الإيراني") is None   # a word the tables do not know
True
"""

from __future__ import annotations

import functools

from kg.extract.lexicon import _y, ftoks, load

_LINKS = {"لدي": "to", "الي": "to", "في": "in"}


@functools.cache
def _tables() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    data = _y("lexicon.yaml")
    fields = {ftoks(k): v for k, v in (data.get("portfolios") or {}).items()}
    # the construct form drops the article: وزير خارجية روسيا beside وزير الخارجية الروسي
    fields.update({(k[0][2:], *k[1:]): v for k, v in list(fields.items()) if k[0].startswith("ال")})
    return {ftoks(k): v for k, v in (data.get("offices") or {}).items()}, fields


def _longest(table: dict[tuple[str, ...], str], words: tuple[str, ...], i: int) -> tuple[str, int] | None:
    for j in range(len(words), i, -1):
        if words[i:j] in table:
            return table[words[i:j]], j
    return None


def _country(words: tuple[str, ...], i: int, *, adjective: bool) -> tuple[str, int] | None:
    lex = load()
    if adjective and i < len(words) and words[i] in lex.countries_by_adj:
        return lex.countries_by_adj[words[i]], i + 1
    for j in range(min(len(words), i + 4), i, -1):
        if words[i:j] in lex.countries_by_name:
            return lex.countries_by_name[words[i:j]], j
    return None


@functools.lru_cache(maxsize=4096)
def office(role: str) -> tuple[str, str] | None:
    """``(key, English label)`` for a title with a nationality, or None when a word is unknown."""
    offices, portfolios = _tables()
    words = ftoks(role)
    title = _longest(offices, words, 0)
    if title is None:
        return None
    i = title[1]
    field = _longest(portfolios, words, i)
    if field is not None:
        i = field[1]
    nat = _country(words, i, adjective=True)
    if nat is None:
        return None
    i = nat[1]
    where = None
    if i + 1 < len(words) and words[i] in _LINKS:
        place = _country(words, i + 1, adjective=False)
        if place is None:
            return None
        where, i = (_LINKS[words[i]], place[0]), place[1]
    if i != len(words):
        return None
    countries = load().countries
    parts = [countries[nat[0]]["demonym"], *([field[0]] if field else []), title[0]]
    label = " ".join(parts)
    if where:
        label += f" {where[0]} {countries[where[1]]['en']}"
    key = label.replace(" ", "-").lower() if not where else "-".join([*parts, where[0], where[1]]).replace(" ", "-")
    return key, label[0].upper() + label[1:]


def ministry(name: str, country: str) -> tuple[str, str] | None:
    """``(key, English label)`` of «وزارة <portfolio>» of a country (a key of countries.yaml).

    >>> ministry("وزارة الخارجية", "kuwait")
    ('kuwaiti-foreign-ministry', 'Kuwaiti foreign ministry')
    >>> ministry("وزارة شؤون الرئاسة", "kuwait") is None
    True
    """
    _, portfolios = _tables()
    words = ftoks(name)
    if len(words) < 2 or words[0] not in ("وزاره", "الوزاره"):
        return None
    field = _longest(portfolios, words, 1)
    c = load().countries.get(country)
    if field is None or field[1] != len(words) or not c:
        return None
    label = f"{c['demonym']} {field[0]} ministry"
    return label.replace(" ", "-").lower(), label[0].upper() + label[1:]
