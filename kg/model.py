"""Typed records that flow from extraction to RDF.

Extraction fills an :class:`Extraction` for one article; :mod:`kg.rdf` turns it into
triples. Offsets are always into the article text *as printed* (``SourceDoc.text``),
so ``text[start:end]`` is what a reader sees.

>>> s = SpeakerRef(key="sergey-lavrov", kind="person", label_ar="سيرغي لافروف")
>>> c = Claim(kind="direct", start=3, end=9, text="نص", speaker=s)
>>> c.kind, c.speaker.key
('direct', 'sergey-lavrov')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ClaimKind = Literal["direct", "indirect", "headline"]
SpeakerKind = Literal["person", "organization"]
OutletKind = Literal["outlet", "agency"]


@dataclass
class SourceDoc:
    """One article as read from the corpus: decoded text and where it came from."""

    name: str  # corpus file name, e.g. 000_fc3441faf8fe065a.txt
    text: str  # decoded text as printed (newlines normalised to \n)
    sha256: str  # hash of ``text`` encoded as UTF-8
    url: str | None = None  # for fetched pages
    title: str | None = None  # headline given by the container (HTML <title>, JSON field)
    date: dt.date | None = None  # date given by the container, if any
    site_name: str | None = None
    retrieved: dt.datetime | None = None


@dataclass
class SpeakerRef:
    """A resolved speaker: a person or a body, under its canonical key."""

    key: str  # canonical key: registry key, or a key minted from the normalised name
    kind: SpeakerKind
    label_ar: str
    label_en: str | None = None
    mention: str | None = None  # as printed in this claim's sentence
    role: str | None = None  # as printed or normalised, e.g. وزير الخارجية الروسي
    country: str | None = None  # ISO 3166 alpha-2, e.g. RU
    aliases: list[str] = field(default_factory=list)  # other spellings met
    gender: Literal["m", "f"] | None = None


@dataclass
class OutletRef:
    """A newspaper, site, broadcaster or agency."""

    key: str
    label_ar: str
    label_en: str | None = None
    kind: OutletKind = "outlet"
    aliases: list[str] = field(default_factory=list)


@dataclass
class Claim:
    """One attributed statement found in an article."""

    kind: ClaimKind
    start: int  # offset of the claim text in SourceDoc.text
    end: int
    text: str  # normalised claim text (censorship splits and tatweel removed)
    speaker: SpeakerRef | None = None
    stated_on: dt.date | None = None
    topics: list[str] = field(default_factory=list)  # topic keys, most specific first
    confidence: float = 0.5


@dataclass
class ArticleMeta:
    """What the article says about itself."""

    headline: str
    published: dt.date | None = None
    dateline: str | None = None
    publisher: OutletRef | None = None
    credits: list[OutletRef] = field(default_factory=list)
    author: str | None = None


@dataclass
class Extraction:
    """Everything extraction found in one article."""

    doc: SourceDoc
    meta: ArticleMeta
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # human-readable remarks ("no claims found")
