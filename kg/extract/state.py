"""The state every extraction step reads and writes.

Offsets inside the state are into the normalised text ``state.text`` (see
:mod:`kg.normalize`); :mod:`kg.extract.finalize` maps them back to the printed text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.model import ArticleMeta, Claim, SourceDoc
from kg.normalize import NormText


@dataclass(slots=True)
class Tok:
    """A token: a run of letters / marks / digits, or one other non-space character.

    Slotted: the steps read token fields thousands of times per article, and slot reads
    are the fastest (a named tuple is made faster but read several times slower).
    """

    start: int
    end: int
    text: str
    f: str  # folded
    word: bool  # letters/digits (False: punctuation mark)


@dataclass
class Quote:
    start: int  # offset of the first character inside the marks
    end: int  # offset just after the last character inside the marks
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark (== end when unbalanced)
    claim: bool = False  # words a speaker said, not a name / term / scare quote


@dataclass
class Sent:
    start: int
    end: int
    line: int
    title: bool  # a title / sub-title line (no final stop, short, standalone)
    toks: list[Tok] = field(default_factory=list)


@dataclass(eq=False)
class Entity:
    """A speaker met in the article (resolved against the registry or minted).

    Compared by identity: an article holds one entity per key (kg.extract.speakers makes
    them), so ``in`` / ``remove`` on lists of entities need not compare every field.
    """

    key: str
    kind: str  # person | organization
    label_ar: str
    label_en: str | None = None
    role: str | None = None
    country: str | None = None
    gender: str | None = None
    names: set[str] = field(default_factory=set)  # folded spellings met
    mentions: list[str] = field(default_factory=list)  # as printed
    registry: bool = False
    minted: bool = False
    typ: str = "named"  # named | anon | country | joint | outlet | role
    rank: int = field(default=-1, repr=False)  # order met in the article (kg.extract.speakers)
    role_words: tuple | None = field(default=None, repr=False)  # (role, names count, words), see kg.extract.speakers


@dataclass
class Mention:
    """A speaker mention: tokens ``i`` to ``j`` (exclusive) of a sentence, and who they name."""

    i: int
    j: int  # token index after the mention
    entity: Entity
    text: str
    pair: bool = False


@dataclass
class Cand:
    """A claim candidate in normalised offsets."""

    kind: str  # direct | indirect | headline
    start: int
    end: int
    speaker: Entity | None
    sent: int
    confidence: float
    mention: str | None = None
    date: dt.date | None = None
    topics: list[str] = field(default_factory=list)


@dataclass
class DocState:
    doc: SourceDoc
    norm: NormText | None = None
    text: str = ""
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of non-empty lines
    quotes: list[Quote] = field(default_factory=list)
    sents: list[Sent] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    focus: list[Entity] = field(default_factory=list)  # speakers of claims, most recent last
    speaker_at: dict[int, Entity] = field(default_factory=dict)  # sentence -> the speaker in effect when it starts
    seen: dict[str, int] = field(default_factory=dict)  # entity key -> the last sentence mentioning it
    colon_led: dict[int, tuple[Entity, str]] = field(default_factory=dict)  # sentence -> (speaker, mention) of «وقال X:» ending the one before
    pairs: list[tuple[int, Entity]] = field(default_factory=list)  # (sentence, first member) of each pair met
    cur_sent: int = 0  # the sentence a step is working on
    issuer: Entity | None = None  # who issued the last statement met (جاء في بيان صادر عن ...)
    regions: list = field(default_factory=list)  # attribution regions (kg.extract.cues.Region)
    credits: list[str] = field(default_factory=list)  # outlet keys credited inside the text
    wire: str | None = None  # the agency of the dateline («دمشق - سانا»): the publisher unless another outlet is
    cands: list[Cand] = field(default_factory=list)
    meta: ArticleMeta = field(default_factory=lambda: ArticleMeta(headline=""))
    article_date: dt.date | None = None
    furniture: set[int] = field(default_factory=set)  # line indices that are page furniture
    event_dates: list[tuple[int, str, dt.date]] = field(default_factory=list)  # (sent, entity key, date)
    claims: list[Claim] = field(default_factory=list)  # the output (kg.extract.finalize)
    notes: list[str] = field(default_factory=list)
    # caches kept by the steps (derived data, rebuilt when missing)
    quote_mask: bytearray | None = None  # 1 for every offset inside a pair of quotation marks
    name_words: set[str] | None = None  # folded words of the names met (see speakers.name_words)
    name_words_n: int = -1  # number of entities when name_words was built
    claim_opens: frozenset[int] | None = None  # opening marks of speech quotes (after classification)
    top_lines: set[int] | None = None  # heading lines before the first body paragraph
    # who has which name (kg.extract.speakers keeps them as names are added)
    name_owners: dict[str, list[Entity]] = field(default_factory=dict)  # folded name -> entities with it
    name_heads: dict[str, list[Entity]] = field(default_factory=dict)  # what precedes a space in a body's name
    name_tails: dict[str, list[Entity]] = field(default_factory=dict)  # what follows a space in a named person's name

    def line_of(self, pos: int) -> int:
        for i, (s, e) in enumerate(self.lines):
            if s <= pos <= e:
                return i
        return -1
