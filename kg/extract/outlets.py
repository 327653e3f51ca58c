"""Outlets: publisher, credited agencies, dateline and author from the page's own lines.

Recognised lines (short lines near the top or bottom of the page):
source lines «المصدر : الجزيرة + وكالات», bylines «أوطان بوست – وكالات», datelines
«موسكو: رائد جبر» / «موسكو - سانا» / «طرابلس (وال) -», and a line that is an outlet's name.
Relays inside the text (نقلت رويترز عن ...) are credited by :mod:`kg.extract.cues`.
A dateline naming an agency is the agency's own wire: the agency is the publisher when
no byline, source line, rights line or site name names another outlet, else a credit.

>>> from kg.model import SourceDoc
>>> from kg.extract.segment import normalize_step
>>> st = DocState(doc=SourceDoc(name="t", text="عنوان\\nدمشق - سانا\\nقال الوزير إن ...\\nالمصدر: الجزيرة + وكالات", sha256="0"))
>>> normalize_step(st); outlets_step(st)
>>> st.meta.dateline, st.meta.publisher.key, [o.key for o in st.meta.credits]
('دمشق', 'al-jazeera', ['sana', 'agencies'])
>>> st = DocState(doc=SourceDoc(name="t", text="عنوان\\nأنقرة / الأناضول\\nقال الوزير إن ...", sha256="0"))
>>> normalize_step(st); outlets_step(st)
>>> st.meta.dateline, st.meta.publisher.key, st.meta.credits
('أنقرة', 'anadolu', [])
"""

from __future__ import annotations

import regex

from kg.extract.lexicon import ftoks, load
from kg.normalize import fold
from kg.extract.speakers import slug
from kg.extract.state import DocState
from kg.model import OutletRef

_SOURCE = regex.compile(r"^\s*(?:المصدر|مصدر الخبر|المصادر|source)\s*[:：]\s*(.+)$", regex.I)
_DASH = regex.compile(r"\s*[-–—|]\s*")
_HAS_DASH = regex.compile(r"[-–—|]")
_SLASH = regex.compile(r"^(\S+(?:\s\S+)??)(?:\s+في\s+[^/]{1,25})?\s*/\s*([^/]{2,25}?)\s*/")
_SPLIT = regex.compile(r"\s*(?:\+|،|,|/|&|\s-\s|\s–\s|\sو(?=\S))\s*")
_PAREN = regex.compile(r"^(\S+(?:\s\S+)?)\s*\(([^()]{2,30})\)\s*[-–:]")
_PREFIX = regex.compile(r"^([^\s\-–—]+(?:\s[^\s\-–—]+)??)\s*(?:[\d\s\p{L}/]|[-–—](?=\s*\d)){0,30}?\s*(?:\(([^()]{2,30})\)\s*[-–—:]|[-–—]\s*((?!\d)[^\s:،-]{2,20}(?:\s[^\s:،-]{1,20})?|(?!\d)[^\s:،-]{1,3}(?:\s[^\s:،-]{1,3}){1,2})\s*[-–—:])")
# «أنقرة / الأناضول», «أنقرة/ الأناضول - ...»: a city, a slash, an agency, then the end of the line or a dash / colon
_CITY_SLASH = regex.compile(r"^(\S+(?:\s\S+)??)\s*/\s*([^/\-–—:(),،]{2,25}?)\s*(?:[-–—:/]|$)")
_AUTHOR = regex.compile(r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|تقرير|الكاتب)\s*[:：]?\s*(\S.{1,40})$")
_RIGHTS = regex.compile(r"الحقوق\s+محفوظة|حقوق\s+(?:النشر|الطبع)|©|copyright", regex.I)
_CITY_DASH = regex.compile(r"^(\S+(?:\s\S+)??)\s*[-–—]\s+\S")
# a city, a date of digits and month words, then the agency's name: SPA's and KUNA's datelines
_TRAIL = regex.compile(r"^(\S+(?:\s\S+)??)\s+(?=[^\n]*\d)[\d\s\p{L}/.]{4,70}?\s(?:م|هـ|الموافق)\s+(\S+(?:\s\S+)?)\s*$")
_VIA = regex.compile(r"^\s*(?:نقلا|نقلاً|ونقلا)\s+عن\s+")
_COLON = regex.compile(r"^(\S+(?:\s\S+)?)\s*[:：]\s*(\S.{0,40})$")


def outlet_ref(key: str) -> OutletRef:
    """The :class:`OutletRef` of a registry key."""
    e = load().outlets[key]
    return OutletRef(key=key, label_ar=e.ar, label_en=e.en, kind="agency" if e.kind == "agency" else "outlet", aliases=list(e.aliases))


def _outlet(name: str) -> str | None:
    lex = load()
    k = ftoks(name.strip(" .:-–()[]"))
    return lex.outlet_bylines.get(k) if k else None


def _outlet_in(line: str) -> str | None:
    """The longest outlet alias inside a line (© 2023 سكاي نيوز عربية)."""
    lex = load()
    words = ftoks(line)
    best = None
    for i in range(len(words)):
        for j in range(min(len(words), i + 6), i, -1):
            key = lex.outlet_aliases.get(words[i:j])
            if key and (best is None or j - i > best[0]):
                best = (j - i, key)
                break
    return best[1] if best else None


def _city(name: str) -> str | None:
    lex = load()
    return lex.cities.get(ftoks(name))


_HEAD = regex.compile(r"(\S+)(?:(\s)(\S+))?")


def _city_start(line: str) -> bool:
    """Can the line open with a city, as the dateline patterns read it (one or two words)?

    Such a group is a prefix of the first word, or the first word, one space and a prefix
    of the second: when none of these is a city, no dateline pattern can succeed.

    >>> _city_start("دمشق-سانا: قال"), _city_start("قال الوزير")
    (True, False)
    """
    m = _HEAD.match(line)
    if m is None:
        return False
    got = _CITY_HEADS.get(m.group())
    if got is None:
        got = _city_head(m)
        if len(_CITY_HEADS) < 100_000:
            _CITY_HEADS[m.group()] = got
    return got


_ARABIC = regex.compile(r"[\u0621-\u065f\u0670]+")  # letters, tatweel, marks: folded one character at a time


def _city_head(m) -> bool:
    a, b = m.group(1), m.group(3) or ""
    if _ARABIC.fullmatch(a) and (not b or (m.group(2) == " " and _ARABIC.fullmatch(b))):
        # the fold of a prefix is a prefix of the fold: try the folded prefixes directly
        fa, fb, cities = fold(a), fold(b), load().cities
        if fa:
            return any((fa[:j],) in cities for j in range(1, len(fa) + 1)) or any((fa, fb[:j]) in cities for j in range(1, len(fb) + 1))
    return any(_city(a[:k]) for k in range(1, len(a) + 1)) or any(_city(a + m.group(2) + b[:k]) for k in range(1, len(b) + 1))


_CITY_HEADS: dict[str, bool] = {}  # first two words of a line -> can a city open it (line openings repeat)


def _credit(state: DocState, key: str) -> None:
    if key and all(c.key != key for c in state.meta.credits) and (state.meta.publisher is None or state.meta.publisher.key != key):
        state.meta.credits.append(outlet_ref(key))


def _publisher(state: DocState, key: str | None, name: str | None = None) -> None:
    if state.meta.publisher is not None:
        return
    if key:
        state.meta.publisher = outlet_ref(key)
        state.meta.credits = [c for c in state.meta.credits if c.key != key]
    elif name:
        state.meta.publisher = OutletRef(key=slug(name), label_ar=name.strip())


def _attribute(state: DocState, key: str) -> None:
    """An outlet named by the page: the publisher when it is a paper or site, else a credit."""
    if load().outlets[key].kind == "outlet":
        _publisher(state, key)
    else:
        _credit(state, key)


def _dateline(state: DocState, city: str, agency: str | None = None) -> None:
    state.meta.dateline = state.meta.dateline or city.strip()
    key = _outlet(agency) if agency else None
    if key:
        _credit(state, key)
        if state.wire is None and load().outlets[key].kind == "agency" and key != "agencies":
            state.wire = key


def _line(state: DocState, li: int, line: str) -> bool:
    """Read one page line; True when it is page furniture (byline, source, date or rights line)."""
    words = line.split()
    m = _AUTHOR.match(line)
    if m and len(words) <= 8:
        state.meta.author = state.meta.author or m.group(1).strip()
        return True
    if len(words) <= 14 and ("حقوق" in line or "©" in line or "c" in line or "C" in line) and _RIGHTS.search(line):
        found = _outlet_in(line)
        if found and load().outlets[found].kind == "outlet":
            _publisher(state, found)
        return True
    if li < 10 and _city_start(line):  # every pattern reading a city at the start of the line needs one
        m = _CITY_DASH.match(line)
        if m and _city(m.group(1)) and len(words) > 4:
            _dateline(state, m.group(1))  # «موسكو - أعلن الكرملين ...»
        m = _SLASH.match(line)
        if m and _city(m.group(1)) and _outlet(m.group(2)):
            _dateline(state, m.group(1), m.group(2))  # «أبوظبي في 3 مايو / وام /»
            return False
        m = _CITY_SLASH.match(line)
        if m and _city(m.group(1)) and _outlet(m.group(2)):
            _dateline(state, m.group(1), m.group(2))  # «أنقرة / الأناضول»
            return len(words) <= 5
        m = _TRAIL.match(line) if len(words) <= 14 else None
        if m and _city(m.group(1)) and _outlet(m.group(2)):
            _dateline(state, m.group(1), m.group(2))  # «الرياض 12 ربيع الأول 1445 هـ الموافق 27 سبتمبر 2023 م واس»
            return True
        m = _PREFIX.match(line)
        if m and _city(m.group(1)) and (_outlet(m.group(2) or m.group(3) or "") or (m.group(3) and not m.group(2))):
            _dateline(state, m.group(1), m.group(2) or m.group(3))  # «طرابلس 12 مارس (وال) -», «دمشق - سانا:»
            return len(words) <= 4
    if not words or len(words) > 10 or line[-1:] == ".":
        return False
    city = _city_start(line)
    m = _SOURCE.match(line)
    if m:  # «المصدر : الجزيرة + وكالات»
        for item in _SPLIT.split(m.group(1)):
            key = _outlet(item)
            if key:
                _attribute(state, key)
        return True
    m = _PAREN.match(line) if city else None
    if m and _city(m.group(1)) and _outlet(m.group(2)):
        _dateline(state, m.group(1), m.group(2))
        return False
    parts = _DASH.split(line) if _HAS_DASH.search(line) else [line]
    if len(parts) == 2 and len(words) <= 8:  # «أوطان بوست – وكالات», «دمشق - سانا»
        a, b = parts[0], _VIA.sub("", parts[1])  # «موقع X - نقلا عن سكاي نيوز»: the site reprints the outlet
        ka, kb = _outlet(a), _outlet(b)
        if _city(a) and kb:
            _dateline(state, a, b)
            return True
        if ka or kb:
            if ka:
                _attribute(state, ka)
            elif li < 6 and len(a.split()) <= 3:
                _publisher(state, None, a)  # an outlet the registry does not know
            if kb:
                _credit(state, kb)
            return True
    m = _COLON.match(line) if city else None
    if m and _city(m.group(1)) and len(m.group(2).split()) <= 4:  # «موسكو: رائد جبر»
        who = m.group(2).strip()
        _dateline(state, m.group(1), who)
        if not _outlet(who):
            state.meta.author = state.meta.author or who
        return True
    key = _outlet(line)
    if key and len(words) >= 2 and li > 0:  # a line that is the outlet's name
        _attribute(state, key)
        return True
    return False


def outlets_step(state: DocState) -> None:
    """Reads ``lines``; writes ``meta.publisher``, ``meta.credits``, ``meta.dateline``, ``meta.author``, ``furniture``."""
    n = len(state.lines)
    for li in list(range(min(n, 10))) + list(range(max(10, n - 8), n)):
        s, e = state.lines[li]
        if _line(state, li, state.text[s:e].strip()):
            state.furniture.add(li)
    if state.meta.publisher is None and state.doc.site_name:
        _publisher(state, _outlet(state.doc.site_name), state.doc.site_name)
    if state.meta.publisher is None and state.wire is not None:
        _publisher(state, state.wire)  # the agency's own wire: no other outlet named


def credits_step(state: DocState) -> None:
    """Reads ``credits`` (relays found in the text); adds them to ``meta.credits``."""
    for key in state.credits:
        if key in load().outlets:
            _credit(state, key)
