"""Stable IRIs for everything the project mints.

The same input always gives the same IRI, so a rebuild never duplicates anything and
links from outside keep working.

>>> m = Minter("https://w3id.org/isnad/id/")
>>> m.article("ab" * 32)
'https://w3id.org/isnad/id/article/abababababababab'
>>> m.claim("ab" * 32, 10, 42)
'https://w3id.org/isnad/id/claim/abababababababab-10-42'
>>> m.speaker("sergey-lavrov")
'https://w3id.org/isnad/id/speaker/sergey-lavrov'
>>> m.local_id(m.claim("ab" * 32, 10, 42))
('claim', 'abababababababab-10-42')
>>> m.statement(m.claim("ab" * 32, 10, 42))
'https://w3id.org/isnad/id/statement/abababababababab-10-42'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/isnad/id/"

KINDS = ("article", "claim", "speaker", "outlet", "topic", "run", "graph", "statement")
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


@dataclass(frozen=True)
class Minter:
    base: str = DEFAULT_BASE

    def _iri(self, kind: str, key: str) -> str:
        if not _SAFE_KEY.match(key):
            key = quote(key, safe="")
        return f"{self.base}{kind}/{key}"

    def article(self, sha256: str) -> str:
        return self._iri("article", sha256[:16])

    def claim(self, article_sha256: str, start: int, end: int) -> str:
        return self._iri("claim", f"{article_sha256[:16]}-{start}-{end}")

    def speaker(self, key: str) -> str:
        return self._iri("speaker", key)

    def outlet(self, key: str) -> str:
        return self._iri("outlet", key)

    def topic(self, key: str) -> str:
        return self._iri("topic", key)

    def run(self, run_id: str) -> str:
        return self._iri("run", run_id)

    def graph(self, name: str) -> str:
        return self._iri("graph", name)

    def statement(self, first_claim: str) -> str:
        """The node of a group of claims reporting one statement, named after its smallest
        member claim IRI (the claim's id; a foreign claim IRI is quoted whole)."""
        local = self.local_id(first_claim)
        return self._iri("statement", local[1] if local and local[0] == "claim" else first_claim)

    def local_id(self, iri: str) -> tuple[str, str] | None:
        """Split an IRI minted here into (kind, id); None for a foreign IRI."""
        if not iri.startswith(self.base):
            return None
        kind, _, key = iri[len(self.base):].partition("/")
        if kind not in KINDS or not key or "/" in key:
            return None
        return kind, key
