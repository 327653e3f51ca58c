"""The gallery of example queries: ``kg/queries/*.rq`` files with a header comment block.

Header lines (``# key: value``) before the query::

    # title: Claims by a speaker
    # title-ar: تصريحات متحدث
    # description: Every claim attributed to one speaker, newest first.
    # param: speaker = <https://w3id.org/isnad/id/speaker/sergey-lavrov>
    # expect: rows

A parameter's default term appears in the query; a user's value replaces it after being
checked (an IRI) or escaped (a literal), never pasted raw.

>>> term("https://w3id.org/isnad/id/topic/libya")
'<https://w3id.org/isnad/id/topic/libya>'
>>> term('2020"} ; DROP')
'"2020\\\\"} ; DROP"'
>>> term("<bad iri>") is None
True
>>> term("2020"), Param("year", '"x"').display
('2020', 'x')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.iris import DEFAULT_BASE

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_HEADER = re.compile(r"^#\s*([a-z-]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$")
_IRI = re.compile(r"^<?([a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]*)>?$", re.IGNORECASE)
_NAME = re.compile(r"^[a-z0-9-]{1,80}$")


@dataclass(frozen=True)
class Param:
    name: str
    default: str  # a SPARQL term as written in the query

    @property
    def display(self) -> str:
        """The default as a user would type it: an IRI without brackets, a literal without quotes."""
        d = self.default
        if len(d) >= 2 and d[0] + d[-1] in ("<>", '""'):
            return d[1:-1].replace('\\"', '"')
        return d


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    title_ar: str
    description: str
    params: tuple[Param, ...]
    text: str
    expect_rows: bool


def term(value: str) -> str | None:
    """A user's parameter value as a SPARQL term: ``<iri>`` when it looks like an IRI, else a
    quoted, escaped literal; None for something that is neither."""
    value = value.strip()
    if re.fullmatch(r"-?\d{1,18}", value):
        return value
    m = _IRI.match(value)
    if m and (value.startswith("<") == value.endswith(">")):
        return f"<{m.group(1)}>"
    if value.startswith("<"):
        return None
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def parse(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if pm:
                params.append(Param(pm.group(1), pm.group(2).strip()))
        else:
            meta[key] = value
    return Example(name=path.stem, title=meta.get("title", path.stem), title_ar=meta.get("title-ar", ""),
                   description=meta.get("description", ""), params=tuple(params), text=text,
                   expect_rows=meta.get("expect", "") == "rows")


def examples(directory: Path = QUERIES_DIR) -> list[Example]:
    return [parse(p) for p in sorted(directory.glob("*.rq"))]


def example(name: str, directory: Path = QUERIES_DIR) -> Example | None:
    if not _NAME.match(name):
        return None
    path = directory / f"{name}.rq"
    return parse(path) if path.is_file() else None


def compose(ex: Example, values: dict[str, str] | None = None, *, base_iri: str = DEFAULT_BASE) -> str:
    """The example's query with parameter values put in (unknown or invalid values keep the default)
    and the default base IRI swapped for ``base_iri``."""
    text = ex.text.replace(DEFAULT_BASE, base_iri) if base_iri != DEFAULT_BASE else ex.text
    for p in ex.params:
        given = (values or {}).get(p.name)
        new = term(given) if given else None
        if new:
            default = p.default.replace(DEFAULT_BASE, base_iri)
            body_start = text.find("\n", text.rfind("# param:"))
            text = text[:body_start] + text[body_start:].replace(default, new)
    return text
