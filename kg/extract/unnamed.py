"""Unnamed spokespeople: a bare title whose aside says the speaker is not to be named.

«وقال المتحدث، الذي طلب عدم نشر اسمه، إن ...» and «وقالت الناطقة، التي فضلت عدم ذكر اسمها،
إن ...» name no body the speaker talks for. The speaker is the unnamed source who spoke
last (the aside describes that source again), else an anonymous entity of its own,
``unnamed-spokesperson``, the same for both genders. Word lists: kg/data/lexicon.yaml
(``bare_spokesperson``, ``anonymity_verbs``, ``anonymity_objects``).
"""

from __future__ import annotations

from kg.extract import speakers as sp
from kg.extract.lexicon import load
from kg.extract.phrases import RELATIVE_PRONOUNS
from kg.extract.state import DocState, Entity, Tok


def unnamed_spokesperson(state: DocState, toks: list[Tok], p: int, c: int) -> Entity | None:
    """The speaker of a bare title at ``p`` with an anonymity aside before the complement at ``c``."""
    lex = load()
    titles, verbs, objects = lex.bare_spokesperson, lex.anonymity_verbs, lex.anonymity_objects
    if p >= c or toks[p].f not in titles:
        return None
    k = p + 1
    if k < c and toks[k].text in ("،", ","):
        k += 1
    if k < c and toks[k].f in RELATIVE_PRONOUNS:
        k += 1
    if k + 1 >= c or toks[k].f not in verbs or not any(t.f in objects for t in toks[k + 1:c]):
        return None
    gender = "f" if toks[p].f.endswith("ه") else "m"
    last = state.focus[-1] if state.focus else None
    if last is not None and last.typ == "anon" and last.kind == "person":
        return last
    return sp.mint(state, toks[p].text, "person", typ="anon", gender=gender, key="unnamed-spokesperson")
