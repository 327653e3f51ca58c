"""Checks a SPARQL query before anything runs: size, update forms, and SERVICE.

Every engine here follows SERVICE by default, which would let anyone make the server
call any address. The check reads the query's tokens with strings, IRIs and comments
blanked out, so a SERVICE keyword anywhere (subqueries, SILENT, variable endpoints) is
found, and the word inside a string, an IRI or a prefixed name is not.

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
>>> check_query("SELECT * WHERE { SERVICE SILENT ?x { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.sparql_guard.QueryRefused: SERVICE is not allowed on this endpoint
>>> query_form("PREFIX ex: <http://e/> ASK { ?s ?p ?o }")
'ASK'
"""

from __future__ import annotations

import re

UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")

_BLANKABLE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_KEYWORD = re.compile(r"(?<![\w:?$@.-])([A-Za-z]+)(?![\w:-])")


class QueryRefused(ValueError):
    """The query is not accepted here (HTTP 400)."""


def blank(query: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces."""
    return _BLANKABLE.sub(lambda m: " " * len(m.group(0)), query)


def keywords(query: str) -> list[str]:
    return [m.group(1).upper() for m in _KEYWORD.finditer(blank(query))]


def query_form(query: str) -> str | None:
    """The first query or update keyword after the prologue, upper-cased."""
    for word in keywords(query):
        if word in QUERY_FORMS or word in UPDATE_FORMS:
            return word
    return None


def check_query(query: str, *, max_bytes: int = 100_000) -> None:
    """Raise QueryRefused when ``query`` must not run; return None when it may."""
    if len(query.encode("utf-8", "surrogatepass")) > max_bytes:
        raise QueryRefused(f"query too large: more than {max_bytes} bytes")
    words = keywords(query)
    form = query_form(query)
    if form in UPDATE_FORMS:
        raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE is not allowed on this endpoint")
    if form is None:
        raise QueryRefused("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
