"""Coordinated cues: a second reporting verb joined to the first by «، و» keeps its speaker.

«ونفت وزارة الخارجية في بيان أن ...، ودعت واشنطن إلى ...»: the ministry both denied and
called; Washington is whom the call is addressed to. For verbs whose object may be an
addressee (``addressee`` in kg/data/verbs.yaml: دعا، حث، ناشد، طالب), when the verb follows a
comma with the conjunction و, an earlier cue of the same sentence has a speaker agreeing with
the verb, and the noun after the verb is directly followed by a link word (إلى، على، ب), the
noun is the addressee and the earlier speaker stays the speaker.
"""

from __future__ import annotations

from kg.extract.clauses import Region, skip
from kg.extract.lexicon import load
from kg.extract.mentions import parse_mention
from kg.extract.state import DocState, Sent


def coordinated(state: DocState, s: Sent, r: Region, found: list[Region]) -> Region:
    """``r`` with the speaker of the earlier coordinated cue when its subject reads as an addressee."""
    v, k, toks = r.form, r.cue, s.toks
    if v is None or "addressee" not in v.modes or v.tense != "past" or k < 2:
        return r
    if not toks[k].f.startswith("و") or toks[k - 1].text not in ("،", ","):
        return r
    prev = next((x for x in reversed(found) if x.speaker is not None and x.cue < k), None)
    if prev is None or prev.speaker is r.speaker:
        return r
    g = prev.speaker.gender
    if v.gender in ("m", "f") and g in ("m", "f") and g != v.gender:
        return r
    p = skip(state, toks, k + 1, load())
    m = parse_mention(state, toks, p) if p < len(toks) else None
    if m is None or m.entity is not r.speaker or m.j >= len(toks) or toks[m.j].f not in load().addressee_links:
        return r
    r.speaker, r.mention = prev.speaker, None
    return r
