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

import regex

from kg.extract.lexicon import load
from kg.extract.state import DocState
from kg.normalize import fold

MAX_TOPICS = 3
FALLBACK = "political-process"  # the scheme's most general theme, for an article with no cue at all
_PRE = r"(?:و|ف|ب|ل|ك|وب|ول|ال|وال|بال|لل|ولل|فال)?"


def _cue_re(cues) -> regex.Pattern:
    alts = set()
    for c in cues:
        f = fold(c)
        alts.add(regex.escape(f).replace(r"\ ", r"\s+"))
        if f.startswith("ال"):
            alts.add(regex.escape(f[2:]).replace(r"\ ", r"\s+") if len(f) > 5 else regex.escape(f))
    body = "|".join(sorted(alts, key=len, reverse=True))
    return regex.compile(r"(?<![\p{L}\p{N}])" + _PRE + r"(?:" + body + r")\p{L}{0,3}(?![\p{L}\p{N}])")


@functools.lru_cache(maxsize=1)
def _tables():
    t = load().topics
    files = {k: _cue_re(v["cues"]) for k, v in t["files"].items()}
    pairs = {k: tuple(_cue_re(side) for side in v["pair"]) for k, v in t["files"].items() if v.get("pair")}
    themes = {k: _cue_re(v["cues"]) for k, v in t["themes"].items()}
    return files, pairs, themes


def _files(text: str, speaker_country: str | None = None) -> list[tuple[int, str]]:
    files, pairs, _ = _tables()
    found = []
    for k, rx in files.items():
        m = rx.search(text)
        if m:
            found.append((m.start(), k))
            continue
        if k in pairs:
            a, b = pairs[k]
            ma, mb = a.search(text), b.search(text)
            side_a, side_b = load().topics["files"][k].get("countries", ["RU", "TR"])
            if (ma and mb) or (ma and speaker_country == side_b) or (mb and speaker_country == side_a):
                found.append((min(x.start() for x in (ma, mb) if x), k))
    return sorted(found)


def match_topics(text: str, speaker_country: str | None = None, context: str = "", fallback: str | None = None) -> list[str]:
    """Topic keys for a claim text (most specific first)."""
    _, pairs, themes = _tables()
    f = fold(text)
    files = [k for _, k in _files(f, speaker_country)]
    if not files and context:
        files = [k for _, k in _files(fold(context), speaker_country)][:1]
    if not files and fallback:
        files = [fallback]
    th = sorted(((m.start(), k) for k, rx in themes.items() for m in [rx.search(f)] if m))
    geo = [k for k in files if k not in pairs]
    rel = [k for k in files if k in pairs]
    out = (geo[:1] + rel[:1] + geo[1:2])[:2] if len(th) else (geo + rel)
    for _, k in th:
        if len(out) >= MAX_TOPICS:
            break
        out.append(k)
    for k in geo + rel:
        if len(out) >= MAX_TOPICS:
            break
        if k not in out:
            out.append(k)
    return out[:MAX_TOPICS]


def topics_step(state: DocState) -> None:
    """Reads ``cands``, ``text``; writes ``Cand.topics`` (never empty when the scheme has a file cue)."""
    counts: Counter = Counter(k for _, k in _files(fold(state.text)))
    files, pairs, _ = _tables()
    for k in list(counts):
        counts[k] = len(files[k].findall(fold(state.text)))
    dominant = counts.most_common(1)[0][0] if counts else None
    _, _, themes = _tables()
    tcounts = Counter({k: len(rx.findall(fold(state.text))) for k, rx in themes.items()})
    theme = tcounts.most_common(1)[0][0] if tcounts and tcounts.most_common(1)[0][1] else FALLBACK
    for c in state.cands:
        country = c.speaker.country if c.speaker else None
        s = state.sents[c.sent]
        c.topics = match_topics(state.text[c.start:c.end], country, state.text[s.start:s.end], dominant)
        if not c.topics:
            c.topics = [theme]
