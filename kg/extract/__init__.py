"""Claim extraction: SourceDoc in, Extraction out.

The public entry point is :func:`extract`. It never raises on any input string.
The work is done by the ordered steps of :mod:`kg.extract.pipeline`, each a function
``step(state: DocState) -> None`` (see its ``STEPS``); what Arabic news looks like is
data under ``kg/data/`` (reporting verbs, titles, speakers, outlets, countries, dates,
topics), loaded once by :mod:`kg.extract.lexicon`.

Offsets: ``Claim.start``/``Claim.end`` slice ``doc.text`` as printed, and
``Claim.text == kg.normalize.normalize(doc.text[start:end])``.

Scoring against a gold file: :func:`kg.evaluate.evaluate` and :func:`kg.evaluate.format_report`
(``python -m kg.evaluate GOLD.yaml [CORPUS_DIR]`` prints the report).
"""

from __future__ import annotations

from kg.model import Extraction, SourceDoc


def extract_text(text: str, name: str = "text.txt") -> Extraction:
    """:func:`extract` on a bare string (the SourceDoc is made here, with its hash).

    >>> [c.speaker.key for c in extract_text("وقال لافروف إن موسكو مستعدة للحوار.").claims]
    ['sergey-lavrov']
    """
    import hashlib

    text = text if isinstance(text, str) else str(text)
    return extract(SourceDoc(name=name, text=text, sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()))


def extract(doc: SourceDoc) -> Extraction:
    """Extract the article metadata and every attributed claim from ``doc``.

    >>> from kg.model import SourceDoc
    >>> ex = extract(SourceDoc(name="x.txt", text="عنوان", sha256="0"))
    >>> ex.meta.headline, ex.notes
    ('عنوان', ['no claims found'])
    >>> ex = extract(SourceDoc(name="y.txt", text="وقال وزير الخارجية القطري محمد بن عبد الرحمن إن الحوار هو الحل الوحيد.", sha256="0"))
    >>> [(c.kind, c.speaker.key, c.text) for c in ex.claims]
    [('indirect', 'mohammed-bin-abdulrahman-al-thani', 'الحوار هو الحل الوحيد')]
    """
    from kg.extract.pipeline import run

    return run(doc)
