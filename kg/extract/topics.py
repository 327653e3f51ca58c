"""Topics: 1-3 keys of the SKOS scheme per claim, files (countries, regions) before themes.

Cue words (kg/data/topics.yaml) are matched on folded text with clitics and endings.
A bilateral file (russia-turkey) needs a cue of each side, or one side in the claim and
the speaker from the other. A claim with no file cue takes the file of its sentence,
else the article's dominant file; one with no cue at all takes the article's dominant
theme (or the most general theme), so every claim has a topic.

>>> match_topics("أكد الوزير دعم وقف إطلاق النار في ليبيا")
['libya', 'ceasefire']
"""

from __future__ import annotations

import functools
from collections import Counter
from itertools import compress, count, repeat
from operator import is_not

import regex

from kg.extract.lexicon import load
from kg.extract.state import DocState
from kg.normalize import fold, split_fold

MAX_TOPICS = 3
FALLBACK = "political-process"  # the scheme's most general theme, for an article with no cue at all
_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "ال", "وال", "بال", "لل", "ولل", "فال", "كال", "فل", "فب")
_WORD = regex.compile(r"[\p{L}\p{N}+]+")


def _index(groups: dict) -> dict[str, list[tuple[int, tuple[str, ...], str, tuple]]]:
    """first cue word -> [(number of words after it, those words but the last, the last, topic key)];
    a cue's ال may be dropped (للإرهاب)."""
    idx: dict[str, list[tuple[int, tuple[str, ...], str, tuple]]] = {}
    for k, v in groups.items():
        for c in v:
            words = tuple(fold(c).split())
            forms = {words}
            if words[0].startswith("ال") and len(words[0]) > 4:
                forms.add((words[0][2:],) + words[1:])
            for w in forms:
                rest = w[1:]
                idx.setdefault(w[0], []).append((len(rest), rest[:-1], rest[-1] if rest else "", k))
    return idx


@functools.cache
def _tables():
    """One index over every cue: keys are ("file", key), ("theme", key) and ("side", file, 0|1)."""
    t = load().topics
    groups: dict = {}
    for k, v in t["files"].items():
        groups[("file", k)] = v["cues"]
        for n, side in enumerate(v.get("pair") or []):
            groups[("side", k, n)] = side
    for k, v in t["themes"].items():
        groups[("theme", k)] = v["cues"]
    sides = {k for k, v in t["files"].items() if v.get("pair")}
    idx = _index(groups)
    _IDX[id(idx)] = idx
    return idx, sides


@functools.lru_cache(maxsize=4096)
def _analyse(text: str, normalized: bool = False) -> tuple[list[str], list[tuple[int, tuple]]]:
    words = split_fold(text, _WORD, _CHUNKS) if normalized else _words(text)
    return words, _scan(words, _tables()[0])


_CHUNKS: dict[str, tuple[str, ...]] = {}  # chunk between spaces -> its folded words


@functools.lru_cache(maxsize=65536)
def _stems(w: str) -> list[str]:
    out = [w]
    out += [w[len(p):] for p in _PREFIXES if w.startswith(p) and len(w) - len(p) >= 2]
    return out


_IDX: dict[int, dict] = {}
_HITS: dict[int, dict[str, tuple]] = {}  # id(index) -> word -> what _scan needs of it (words repeat across articles)


@functools.lru_cache(maxsize=131072)
def _hits(w: str, idx_id: int) -> tuple:
    """Index entries (see :func:`_index`) whose first word is ``w`` less a clitic and up to three final letters."""
    idx = _IDX[idx_id]
    out = []
    for st in _stems(w):
        for cut in range(0, 4):
            head = st[:len(st) - cut] if cut else st
            if len(head) < 2:
                break
            out += idx.get(head, ())
    return tuple(out)


def _scan(words: list[str], idx) -> list[tuple[int, str]]:
    """(position, key) of every cue of ``idx`` found in folded ``words`` (clitics and endings allowed)."""
    found: list = []
    hits = _HITS.setdefault(id(idx), {})
    got = list(map(hits.get, words))  # per word: (keys of one-word cues when all its cues are, its index entries)
    if None in got:
        for i, w in enumerate(words):
            if got[i] is None:
                entries = _hits(w, id(idx))
                got[i] = (tuple(e[3] for e in entries) if all(e[0] == 0 for e in entries) else (), entries) if entries else _NO_HITS
                if len(hits) < 200_000:
                    hits[w] = got[i]
    n_words = len(words)
    append = found.append
    for i in compress(count(), map(is_not, got, repeat(_NO_HITS))):  # the positions of words with cues
        single, entries = got[i]
        if single:  # one-word cues only: nothing more to check
            found.extend(zip(repeat(i), single))
            continue
        for n, middle, last, key in entries:
            if n == 0:
                append((i, key))
            elif i + n < n_words and (n == 1 or tuple(words[i + 1:i + n]) == middle):
                w = words[i + n]  # the last cue word may take up to three more letters
                if w == last or (w.startswith(last) and len(w) - len(last) <= 3):
                    append((i, key))
    return found


_NO_HITS = ((), ())


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _files(found: list[tuple[int, tuple]], speaker_country: str | None = None) -> list[tuple[int, str]]:
    """(first position, file key) of the files whose cues are in ``found`` (see :func:`_analyse`)."""
    _, sides = _tables()
    first: dict[str, int] = {}
    side_pos: dict[tuple[str, int], int] = {}
    for i, g in found:
        if g[0] == "file":
            first.setdefault(g[1], i)
        elif g[0] == "side":
            side_pos.setdefault((g[1], g[2]), i)
    for k in sides:
        if k in first:
            continue
        ia, ib = side_pos.get((k, 0)), side_pos.get((k, 1))
        side_a, side_b = load().topics["files"][k].get("countries", ["RU", "TR"])
        if (ia is not None and ib is not None) or (ia is not None and speaker_country == side_b) or (ib is not None and speaker_country == side_a):
            first[k] = min(x for x in (ia, ib) if x is not None)
    return sorted((i, k) for k, i in first.items())


def match_topics(text: str, speaker_country: str | None = None, context: str = "", fallback: str | None = None,
                 after: str = "", carried: list[str] | None = None, *, normalized: bool = False) -> list[str]:
    """Topic keys for a claim text (most specific first).

    Without a file cue in the text: the file named nearest before it in its sentence
    (``context``), else just after it (``after``), else the speaker's previous file
    (``carried``), else ``fallback`` (the article's dominant file). With ``normalized`` the
    texts are already :func:`kg.normalize.normalize_map` text and are not cleaned again.
    """
    files, found = _claim_files(text, speaker_country, context, after, carried, normalized)
    if not files and fallback:
        files = [fallback]
    return _compose(found, files)


def _claim_files(text: str, speaker_country: str | None, context: str, after: str, carried: list[str] | None,
                 normalized: bool) -> tuple[list[str], list]:
    """The files of :func:`match_topics` short of the fallback, and the cues found in ``text``."""
    _, found = _analyse(text, normalized)
    files = [k for _, k in _files(found, speaker_country)]
    if not files and context:
        near = _files(_analyse(context, normalized)[1], speaker_country)
        files = [max(near)[1]] if near else []
    if not files and after:
        files = [k for _, k in _files(_analyse(after, normalized)[1], speaker_country)][:1]
    if not files and carried:
        files = list(carried)
    return files, found


def _compose(found: list, files: list[str]) -> list[str]:
    """Files and the themes found, in the order :func:`match_topics` gives them."""
    _, sides = _tables()
    th: list[str] = []
    for _, g in sorted(found):
        if g[0] == "theme" and g[1] not in th:
            th.append(g[1])
    geo = [k for k in files if k not in sides]
    rel = [k for k in files if k in sides]
    out = (geo[:1] + rel[:1] + geo[1:2])[:2] if th else (geo + rel)
    for k in th + geo + rel:
        if len(out) >= MAX_TOPICS:
            break
        if k not in out:
            out.append(k)
    return out[:MAX_TOPICS]


def _article_topics(text: str) -> tuple[str | None, str]:
    """The article's dominant file (None without a file cue) and its dominant theme."""
    found = _scan(split_fold(text, _WORD, _CHUNKS), _tables()[0])
    counts: Counter = Counter([g[1] for _, g in found if g[0] == "file"])
    dominant = counts.most_common(1)[0][0] if counts else None  # sides met far apart make no bilateral file
    tcounts = Counter([g[1] for _, g in found if g[0] == "theme"])
    return dominant, (tcounts.most_common(1)[0][0] if tcounts else FALLBACK)


def topics_step(state: DocState) -> None:
    """Reads ``cands``, ``text``; writes ``Cand.topics`` (1-3 keys, never empty).

    The whole article is read for its dominant file and theme only when a claim needs them.
    """
    article: list[tuple[str | None, str]] = []
    carried: dict[str, list[str]] = {}  # speaker key -> files of their last claim
    for c in sorted(state.cands, key=lambda c: c.start):
        country = c.speaker.country if c.speaker else None
        s = state.sents[c.sent]
        key = c.speaker.key if c.speaker else ""
        files, found = _claim_files(state.text[c.start:c.end], country, state.text[s.start:c.start], state.text[c.end:s.end],
                                    carried.get(key), True)
        if not files:
            if not article:
                article.append(_article_topics(state.text))
            if article[0][0]:
                files = [article[0][0]]
        c.topics = _compose(found, files)
        if not c.topics:
            if not article:
                article.append(_article_topics(state.text))
            c.topics = [article[0][1]]
        files = [k for k in c.topics if k in load().topics["files"]]
        if files:
            carried[key] = files[:1]
