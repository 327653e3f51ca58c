"""Claim extraction: SourceDoc in, Extraction out.

The public entry point is :func:`extract`. It never raises on any input string.
The work is done by the ordered steps of :mod:`kg.extract.pipeline`.
"""

from __future__ import annotations

from kg.model import Extraction, SourceDoc


def extract(doc: SourceDoc) -> Extraction:
    """Extract the article metadata and every attributed claim from ``doc``.

    >>> from kg.model import SourceDoc
    >>> ex = extract(SourceDoc(name="x.txt", text="عنوان", sha256="0"))
    >>> ex.meta.headline, ex.notes
    ('عنوان', ['no claims found'])
    >>> ex = extract(SourceDoc(name="y.txt", text="وقال وزير الخارجية القطري محمد بن عبد الرحمن إن الحوار هو الحل الوحيد.", sha256="0"))
    >>> [(c.kind, c.speaker.key, c.text) for c in ex.claims]
    [('indirect', 'mhmd-bn-abd-alrhmn', 'الحوار هو الحل الوحيد')]
    """
    from kg.extract.pipeline import run

    return run(doc)
