"""SHACL validation of a build, with pyshacl: a function facade, results as dataclasses.

>>> from rdflib import Graph
>>> validate(Graph()).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from kg.vocab import ONTOLOGY_TTL, SHAPES_TTL, TOPICS_TTL

__all__ = ["Violation", "ValidationResult", "validate", "load_graph", "shapes_graph", "ontology_graph",
           "topics_graph", "is_violation", "ONTOLOGY_TTL", "TOPICS_TTL", "SHAPES_TTL"]


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.shape.rsplit('#', 1)[-1]}: {self.message} [{self.focus}{where}]"


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report: Graph = field(default_factory=Graph)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Graph:
    g = Graph()
    if Path(path).exists():
        g.parse(path, format="turtle")
    return g


def load_graph(path: Path) -> Graph:
    """Parse a Turtle file once (re-read when it changes)."""
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load(str(path), mtime)


def shapes_graph() -> Graph:
    return load_graph(SHAPES_TTL)


def ontology_graph() -> Graph:
    return load_graph(ONTOLOGY_TTL)


def topics_graph() -> Graph:
    return load_graph(TOPICS_TTL)


def _violations(report: Graph) -> list[Violation]:
    out = []
    for r in report.objects(None, SH.result):  # top-level results, not the nested sh:detail ones
        def one(p):
            v = report.value(r, p)
            return str(v) if v is not None else None
        out.append(Violation(focus=one(SH.focusNode) or "", shape=one(SH.sourceShape) or "",
                             path=one(SH.resultPath), message=one(SH.resultMessage) or "",
                             severity=(one(SH.resultSeverity) or "").rsplit("#", 1)[-1]))
    return sorted(out, key=lambda v: (v.focus, v.shape, v.message))


def validate(data: Graph, *, shapes: Graph | None = None) -> ValidationResult:
    """Validate ``data`` (with the ontology and the topic scheme mixed in) against the
    project's shapes, or ``shapes``. See :func:`kg.shacl_fast.validate_parts`."""
    from kg.shacl_fast import validate_parts

    return validate_parts([data], shapes=shapes)


def is_violation(v: Violation) -> bool:
    return v.severity == "Violation"

