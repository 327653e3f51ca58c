"""Institutional and according-to attributions.

* «جاء في بيان صادر عن X أن ...» / «جاء في بيان لوزارة ...: «...»»: speech of the issuer;
  «جاء ذلك في بيان ...» only names the issuer a later «وقال البيان» refers to.
* «ووفقا للمتحدث باسم الخارجية، فإن ...» / «وبحسب الأمم المتحدة، ...» opening a sentence.
"""

from __future__ import annotations

from kg.extract.clauses import Region, find_comp, quote_at, skip
from kg.extract.lexicon import VerbForm, load
from kg.extract.mentions import Mention, parse_mention, strip_lam
from kg.extract.state import DocState, Sent


def document(state: DocState, s: Sent, si: int, k: int, v: VerbForm) -> Region | None:
    """Institutional speech: «جاء في بيان صادر عن X أن ...», «جاء في بيان لوزارة ...: «...»».

    «جاء ذلك في بيان ...» reports nothing by itself but makes X the issuer that a later
    «وقال البيان» refers to.
    """
    lex = load()
    toks = s.toks
    p = k + 1
    narr = p < len(toks) and toks[p].f in ("ذلك", "هذا")
    if narr:
        p += 1
    if not (p + 1 < len(toks) and toks[p].f == "في" and toks[p + 1].f in lex.document_nouns):
        return None
    q = p + 2
    issuer: Mention | None = parse_mention(state, toks, p + 1, conj=False)
    if issuer is None or issuer.entity.typ != "joint":
        issuer = _issuer(state, toks, q)
    if issuer is not None:
        state.issuer = issuer.entity
    if narr or issuer is None:
        return None
    c = find_comp(toks, issuer.j, lex, state, limit=15)
    start = c + 1 if c >= 0 else -1
    if start < 0 and issuer.j < len(toks) and quote_at(state, toks, skip(state, toks, issuer.j, lex)):
        start = skip(state, toks, issuer.j, lex)
    if start < 0 or start >= len(toks):
        return None
    while start < len(toks) and toks[start].text == ":":
        start += 1
    if start >= len(toks):
        return None
    return Region(si, k, VerbForm("jaa", "m", "past", frozenset({"comp", "quote"}), ()), issuer.entity, issuer.text,
                  toks[start].start, s.end, 0.75)


def according(state: DocState, s: Sent, si: int) -> Region | None:
    """«ووفقا للمتحدث باسم الخارجية، فإن ...» / «وبحسب وكالة X، ...» opening a sentence."""
    lex = load()
    toks = s.toks
    if len(toks) < 4 or toks[0].f not in lex.according_to or s.title:
        return None
    j = 1
    if toks[j].f in ("ل", "عن", "الي", "إلى"):
        j += 1
    if toks[j].f in lex.document_nouns:  # وبحسب بيان للخارجية، ... / وفق بيان صادر عن ...
        m = _issuer(state, toks, j + 1)
    else:
        m = parse_mention(state, toks[:j] + [strip_lam(toks[j])] + toks[j + 1:], j)
    if m is None:
        return None
    comma = next((e for e in range(m.j, min(len(toks), m.j + 12)) if toks[e].text in ("،", ",")), -1)
    if comma < 0 or comma + 1 >= len(toks):
        return None
    start = comma + 1
    if toks[start].f in lex.content_openers:
        start += 1
    if start >= len(toks):
        return None
    ent = m.entity
    if ent.typ == "outlet":
        state.credits.append(ent.key)
    form = VerbForm("according", "m", "past", frozenset({"comp", "np"}), ())
    return Region(si, 0, form, ent, m.text, toks[start].start, s.end, 0.6)


def _issuer(state: DocState, toks: list, q: int) -> Mention | None:
    """Who issued a statement named just before ``q``: «بيان صادر عن X», «بيان لوزارة X», «بيان الخارجية»."""
    lex = load()
    for j in range(q, min(len(toks), q + 8)):
        t = toks[j]
        if t.f in lex.complementizers or t.text in (":", "،", ","):
            break
        if t.f in ("صادر", "عن", "الصادر", "صادره", "رسمي", "مقتضب") or not t.word:
            continue
        m = parse_mention(state, toks[:j] + [strip_lam(t)] + toks[j + 1:], j)
        if m is not None:
            return m
    return None


def document_subject(state: DocState, toks: list, p: int) -> Mention | None:
    """The issuer when a reporting verb's subject is a statement: «وذكر بيان لوزارة الخارجية أن ...»."""
    if p + 1 >= len(toks) or toks[p].f not in load().document_nouns:
        return None
    return _issuer(state, toks, p + 1)
