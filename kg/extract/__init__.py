"""Claim extraction: SourceDoc in, Extraction out.

The public entry point is :func:`extract`. It never raises on any input string.
(Owned by the extraction work; this is the interface the rest of the pipeline calls.)
"""

from __future__ import annotations

from kg.model import ArticleMeta, Extraction, SourceDoc


def extract(doc: SourceDoc) -> Extraction:
    """Extract the article metadata and every attributed claim from ``doc``.

    >>> from kg.model import SourceDoc
    >>> ex = extract(SourceDoc(name="x.txt", text="عنوان", sha256="0"))
    >>> ex.meta.headline
    'عنوان'
    """
    lines = [ln.strip() for ln in doc.text.splitlines() if ln.strip()]
    headline = doc.title or (lines[0] if lines else doc.name)
    return Extraction(doc=doc, meta=ArticleMeta(headline=headline), notes=["extractor not implemented yet"])
