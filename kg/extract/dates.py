"""Dates: the article's publication date, and the date each statement was made.

The publication date comes from a date line near the top or bottom of the page
(٢٢ يوليو ٢٠٢٠; 22 تموز/ يوليو 2020; الأربعاء – 16 جمادى الأولى 1442 هـ – 30 ديسمبر 2020 مـ),
the Gregorian date preferred over the Hijri one. A statement date comes from an explicit
date or a relative word (أمس، اليوم، أول أمس، a weekday) in the claim's sentence, outside
the reported words, counted from the publication date; it is carried to the same speaker's
later claims. Without a publication date, relative words give no date; no date is ever
after the publication date.

>>> find_dates("الأربعاء – 16 جمادى الأولى 1442 هـ – 30 ديسمبر 2020 مـ")[-1][2]
datetime.date(2020, 12, 30)
>>> find_dates("في 22 تموز/ يوليو", dt.date(2020, 7, 25))[0][2]
datetime.date(2020, 7, 22)
>>> find_dates("أمس الخميس", None)
[]
"""

from __future__ import annotations

import datetime as dt
import functools

import regex
from hijridate import Hijri

from kg.extract.lexicon import load
from kg.normalize import fold
from kg.extract.cues import heading
from kg.extract.mentions import parse_mention
from kg.extract.state import DocState

_ONE = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه"))


def _f1(s: str) -> str:
    """Length-keeping fold (alef, ya, ta marbuta) so match offsets stay valid.

    >>> _f1("إلى الأمة")
    'الي الامه'
    """
    for a, b in _ONE:  # faster than str.translate on Arabic text; no pair makes another's character
        s = s.replace(a, b)
    return s


def _alt(names) -> str:
    return "|".join(sorted((regex.escape(_f1(n)).replace(r"\ ", r"\s*") for n in names), key=len, reverse=True))


@functools.cache
def _patterns():
    d = load().dates
    greg = {_f1(n).replace(" ", ""): int(m) for m, ns in d["gregorian_months"].items() for n in ns}
    hij = {_f1(n).replace(" ", ""): int(m) for m, ns in d["hijri_months"].items() for n in ns}
    wd = {_f1(n): int(k) for k, ns in d["weekdays"].items() for n in ns}
    rel = {_f1(k): int(v) for k, v in d["relative_days"].items()}
    g = _alt([n for ns in d["gregorian_months"].values() for n in ns])
    h = _alt([n for ns in d["hijri_months"].values() for n in ns])
    w = r"(?<![\p{L}])"
    od = {_f1(n): int(k) for k, ns in (d.get("ordinal_days") or {}).items() for n in ns}
    not_day = _alt(d.get("ordinal_not_day") or ["\uffff"])  # الأسبوع الثاني من مارس is no day
    day = r"(?<!\d)(\d{1,2}|(?<!(?:" + not_day + r")\s+)(?:" + _alt(od or ["\uffff"]) + r"))"
    explicit = regex.compile(w + day + r"\s*(?:من\s+)?(?:شهر\s+)?(" + g + r")(?:\s*[/(]\s*(?:" + g + r")\s*\)?)?(?:\s*[،,]?\s*(?:عام|سنه|سنة)?\s*(\d{4}))?(?![\p{L}])")
    hijri = regex.compile(w + r"(\d{1,2})\s*(" + h + r")\s*(\d{4})\s*(?:هـ|ه)?")
    numeric = regex.compile(r"(?<!\d)(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))(?!\d)")
    relative = regex.compile(w + r"(" + _alt(rel) + r")(?:\s+(" + _alt(wd) + r"))?(?![\p{L}])")
    weekday = regex.compile(w + r"(?:يوم\s+)?(" + _alt(wd) + r")(?![\p{L}])")
    months = {_f1(k): int(v) for k, v in (d.get("relative_months") or {}).items()}
    monthday = regex.compile(w + r"(?:الـ?)?" + day + r"\s*(?:من\s+)?(" + _alt(months or ["\uffff"]) + r")(?![\p{L}])")
    return greg, hij, wd, rel, explicit, hijri, numeric, relative, weekday, months, monthday, od


def _day(g: str, ordinals: dict[str, int]) -> int:
    """The day of a matched day group: digits, or an ordinal word (الخامس -> 5)."""
    return int(g) if g.isdigit() else ordinals[" ".join(g.split())]


_DIGIT = regex.compile(r"\d")
_YEAR = regex.compile(r"\d{4}")


@functools.cache
def _date_words() -> tuple[str, ...]:
    """A word every relative-day or weekday match contains (the first word of each name)."""
    d = load().dates
    names = [*d["relative_days"], *(n for ns in d["weekdays"].values() for n in ns)]
    return tuple(sorted({_f1(n).split()[0] for n in names}, key=lambda w: (len(w), w)))


def _could_hold_date(t: str) -> bool:
    """What every date :func:`find_dates` finds in ``t`` (already length-keeping folded) contains:
    a digit, or a relative-day or weekday word. A quick reject before the date patterns.
    """
    return _DIGIT.search(t) is not None or _has_any(t, _date_words()) or _has_any(t, _ordinal_words())


@functools.cache
def _ordinal_words() -> tuple[str, ...]:
    """The first word of every ordinal day name (الخامس، الحادي)."""
    names = [n for ns in (load().dates.get("ordinal_days") or {}).values() for n in ns]
    return tuple(sorted({_f1(n).split()[0] for n in names}, key=lambda w: (len(w), w)))


@functools.cache
def _literals() -> tuple[tuple[str, ...], ...]:
    """A word every match of a pattern contains (the first word of each name it lists):
    hijri months, gregorian months, relative days, weekdays."""
    d = load().dates

    def firsts(names) -> tuple[str, ...]:  # shortest first: the likeliest to be found, and any() stops there
        return tuple(sorted({_f1(n).split()[0] for n in names}, key=lambda w: (len(w), w)))

    return (firsts(n for ns in d["hijri_months"].values() for n in ns), firsts(n for ns in d["gregorian_months"].values() for n in ns),
            firsts(d["relative_days"]), firsts(n for ns in d["weekdays"].values() for n in ns))


def _has_any(t: str, words: tuple[str, ...]) -> bool:
    return any(map(t.__contains__, words))


@functools.cache
def _vague_words() -> tuple[str, ...]:
    """A word every vague time contains (the last word of each)."""
    return tuple(sorted({_f1(n).split()[-1] for n in load().dates.get("vague") or []}, key=lambda w: (len(w), w)))


@functools.cache
def _vague() -> regex.Pattern:
    return regex.compile(r"(?<![\p{L}])(?:" + _alt(load().dates.get("vague") or ["\uffff"]) + r")(?![\p{L}])")


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def find_dates(text: str, ref: dt.date | None = None, *, folded: str | None = None) -> list[tuple[int, int, dt.date, str]]:
    """Dates in ``text`` as ``(start, end, date, kind)``; kind: full | partial | hijri | relative | weekday.

    Partial dates (no year) and relative words need ``ref`` (the publication date).
    ``folded``: ``_f1(text)`` when the caller has it (a slice of the article's, made once).
    """
    greg, hij, wd, rel, explicit, hijri, numeric, relative, weekday, months, monthday, od = _patterns()
    t = _f1(text) if folded is None else folded
    if not _could_hold_date(t):
        return []
    out: list[tuple[int, int, dt.date, str]] = []
    taken: list[tuple[int, int]] = []

    def add(s, e, d, k):
        if d is not None and not any(a <= s < b for a, b in taken):
            out.append((s, e, d, k))
            taken.append((s, e))

    digits = _DIGIT.search(t) is not None  # each pattern runs only when its literal words are there
    year = digits and _YEAR.search(t) is not None  # hijri and numeric dates have a four-digit year
    hij_words, greg_words, rel_words, wd_words = _literals()
    for m in (hijri.finditer(t) if year and _has_any(t, hij_words) else ()):
        try:
            g = Hijri(int(m.group(3)), hij["".join(m.group(2).split())], int(m.group(1))).to_gregorian()
            add(m.start(), m.end(), dt.date(g.year, g.month, g.day), "hijri")
        except (ValueError, OverflowError, KeyError):
            pass
    ords = _has_any(t, _ordinal_words())
    for m in (explicit.finditer(t) if (digits or ords) and _has_any(t, greg_words) else ()):
        mon = greg.get("".join(m.group(2).split()))
        if mon is None:
            continue
        if m.group(3):
            add(m.start(), m.end(), _mk(int(m.group(3)), mon, _day(m.group(1), od)), "full")
        elif ref is not None:
            d = _mk(ref.year, mon, _day(m.group(1), od))
            if d is not None and d > ref:
                d = _mk(ref.year - 1, mon, _day(m.group(1), od))
            add(m.start(), m.end(), d, "partial")
    for m in (numeric.finditer(t) if year and ("-" in t or "/" in t or "." in t) else ()):
        if m.group(1):
            add(m.start(), m.end(), _mk(int(m.group(1)), int(m.group(2)), int(m.group(3))), "full")
        else:
            add(m.start(), m.end(), _mk(int(m.group(6)), int(m.group(5)), int(m.group(4))), "full")
    if ref is not None:
        for m in (monthday.finditer(t) if (digits or ords) and months else ()):  # في الـ12 من الشهر الجاري
            y, mon = divmod(ref.year * 12 + ref.month - 1 + months.get(" ".join(m.group(2).split()), 0), 12)
            add(m.start(), m.end(), _mk(y, mon + 1, _day(m.group(1), od)), "partial")
        for m in (relative.finditer(t) if _has_any(t, rel_words) else ()):
            add(m.start(), m.end(), ref + dt.timedelta(days=rel.get(" ".join(m.group(1).split()), 0)), "relative")
        for m in (weekday.finditer(t) if _has_any(t, wd_words) else ()):
            back = (ref.weekday() - wd[m.group(1)]) % 7
            add(m.start(), m.end(), ref - dt.timedelta(days=back), "weekday")
    out.sort()
    return out


def article_date_step(state: DocState) -> None:
    """Reads ``lines``, ``doc.date``; writes ``article_date`` and ``meta.published``."""
    if state.doc.date is not None:
        state.article_date = state.doc.date
    else:
        n = len(state.lines)
        order = list(range(min(n, 12))) + [i for i in range(max(12, n - 6), n)]
        for li in order:
            s, e = state.lines[li]
            line = state.text[s:e]
            if len(line.split()) > 18:
                head = line[:60]  # «طرابلس 13 نوفمبر 2024 (وال) - بحث ...»: a dated dateline opening the body
                first = tuple(fold(w) for w in head.split()[:1])
                dated = [d for d in find_dates(head) if d[3] == "full" and d[0] <= 25]
                if first in load().cities and dated and state.article_date is None:
                    state.article_date = dated[0][2]
                    break
                continue
            found = [d for d in find_dates(line) if d[3] in ("full", "hijri")]
            if not found:
                continue
            rest = line
            for a, b, _, _ in sorted(found, reverse=True):
                rest = rest[:a] + " " + rest[b:]
            date_line = len(rest.split()) <= 8
            if not date_line and found[0][0] > 30:
                continue  # a date inside a sentence (في 6 فبراير 2011 ...), not the page's date
            greg = [d for d in found if d[3] == "full"]
            state.article_date = (greg or found)[0][2]
            if date_line:
                state.furniture.add(li)
            break
    state.meta.published = state.article_date


def dates_step(state: DocState) -> None:
    """Reads ``cands``, ``sents``, ``article_date``; writes ``Cand.date`` and ``event_dates``."""
    ref = state.article_date
    by_sent: dict[int, list] = {}
    for c in state.cands:
        by_sent.setdefault(c.sent, []).append(c)
    ft = _f1(state.text)  # keeps every offset: one pass for the whole article
    for si, s in enumerate(state.sents):
        seg = ft[s.start:s.end]
        if heading(state, s) or not _could_hold_date(seg):
            continue
        cands = by_sent.get(si, [])
        for a, b, d, kind in find_dates(state.text[s.start:s.end], ref, folded=seg):
            if ref is not None and d > ref:
                continue
            pos = s.start + a
            if any(c.start <= pos < c.end for c in cands):
                continue  # a date inside the reported words
            if cands:
                for c in cands:
                    state.event_dates.append((si, c.speaker.key if c.speaker else "", d))
                for key in _met_with(state, si, cands):  # «في مؤتمر صحفي مشترك عقده اليوم مع نظيره Y»: Y was there too
                    state.event_dates.append((si, key, d))
            else:
                for key in _participants(state, si, pos):
                    state.event_dates.append((si, key, d))
    vague, vague_words = _vague(), _vague_words()
    for c in state.cands:
        if c.speaker is None or c.kind == "headline":
            continue  # a headline sums up the article: it dates no statement of its own
        s = state.sents[c.sent]
        outside = ft[s.start:c.start] + " " + ft[c.end:s.end]
        own = [d for si, k, d in state.event_dates if k == c.speaker.key and si == c.sent]
        if not own and _has_any(outside, vague_words) and vague.search(outside):
            continue  # «قال X الأسبوع الماضي إن ...»: no date, none inherited
        before = [d for si, k, d in state.event_dates if k == c.speaker.key and si <= c.sent]
        if own:
            c.date = own[-1]
        elif before:
            c.date = before[-1]
        elif state.sents[c.sent].title:  # a quote in the title («زيادة التعاون»): when the body dates it
            after = [d for si, k, d in state.event_dates if k == c.speaker.key]
            c.date = after[0] if after else None


def _met_with(state: DocState, si: int, cands) -> list[str]:
    """Speakers named after مع outside the reported words of a sentence (those who shared the occasion)."""
    toks = state.sents[si].toks
    keys = []
    for k in range(1, len(toks)):
        if toks[k - 1].f in ("مع", "ومع") and not any(c.start <= toks[k].start < c.end for c in cands):
            m = parse_mention(state, toks, k, conj=False)
            if m is not None and m.entity.kind == "person" and m.entity.key not in keys:
                keys.append(m.entity.key)
    return keys


def _called_by(toks, k: int) -> bool:
    """«تلقى X اتصالا هاتفيا من [فخامة] Y»: Y, the caller, takes part in what the sentence dates."""
    for b in (k - 1, k - 2):
        if b > 0 and toks[b].f == "من" and toks[b - 1].f in ("هاتفيا", "اتصالا"):
            return True
    return False


def _participants(state: DocState, si: int, pos: int) -> list[str]:
    """Who a narration sentence dates: its first speaker mention and those met ``مع`` it (مع نظيره X)."""
    toks = state.sents[si].toks
    keys: list[str] = []
    k = 0
    dateline = fold(state.meta.dateline) if state.meta.dateline else None
    group = -1  # «اتفق الرئيسان الروسي X والتركي Y»: a pair word, then its members right after it
    while k < len(toks):
        if toks[k].start >= pos:  # after the date word only the caller of a call («اليوم اتصالا هاتفيا من Y»)
            if toks[k].start > pos + 80:
                break
            if not _called_by(toks, k):
                k += 1
                continue
        m = parse_mention(state, toks, k, conj=False)
        if m is not None and not keys and (m.entity.typ == "outlet" or (m.entity.typ == "country" and fold(m.text) == dateline)):
            k = max(m.j, k + 1)  # «أبوظبي في 15 يناير / وام / تلقى ...»: the dateline and its agency, not participants
            continue
        if m is not None:
            if not keys or k <= group or _called_by(toks, k) or (k > 0 and toks[k - 1].f in ("مع", "ومع")) or (k > 1 and toks[k - 2].f == "مع"):
                if not keys and m.pair and m.j - m.i == 1:
                    group = m.j + 8
                if m.entity.key not in keys:
                    keys.append(m.entity.key)
            k = max(m.j, k + 1)
            continue
        k += 1
    return keys
