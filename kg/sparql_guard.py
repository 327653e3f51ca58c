"""Checks a SPARQL query before anything runs: size, update forms, and SERVICE.

Every engine here follows SERVICE by default, which would let anyone make the server
call any address. The check reads the query's tokens with strings, IRIs and comments
blanked out, so a SERVICE keyword anywhere (subqueries, SILENT, variable endpoints) is
found, and the word inside a string, an IRI or a prefixed name is not.

A lexical scan cannot always tell an IRI from a ``<`` comparison (``FILTER(?a<?b)...#>``
is both), so whenever the word appears anywhere in the text and the scan did not find it
as a keyword, the query is parsed with rdflib's SPARQL grammar and refused if the parse
holds a SERVICE pattern or fails. ``\\uXXXX`` escapes are undone first (the SPARQL
grammar allows them anywhere in the text).

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
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"service", re.I)


class QueryRefused(ValueError):
    """The query is not accepted here (HTTP 400)."""


def blank(query: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces."""
    return _BLANKABLE.sub(lambda m: " " * len(m.group(0)), query)


def keywords(query: str) -> list[str]:
    return [m.group(1).upper() for m in _KEYWORD.finditer(blank(query))]


def unescape(query: str) -> str:
    r"""Undo ``\uXXXX`` and ``\UXXXXXXXX`` escapes (invalid code points are left alone).

    >>> unescape(r"\u0053ERVICE")
    'SERVICE'
    """

    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(one, query)


def query_form(query: str) -> str | None:
    """The first query or update keyword after the prologue, upper-cased."""
    for word in keywords(query):
        if word in QUERY_FORMS or word in UPDATE_FORMS:
            return word
    return None


def _parsed_has_service(query: str) -> bool:
    """Parse with rdflib; True when a SERVICE pattern is found or the parse fails."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(query)
    except RecursionError:
        return True
    except Exception:  # any parse failure: cannot show that SERVICE is absent
        return True
    return "ServiceGraphPattern" in repr(tree)


def nesting_depth(query: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` outside strings, IRIs and comments.

    >>> nesting_depth("SELECT * WHERE { { ?s ?p '{{{' } FILTER((1)) }")
    3
    """
    depth = deepest = 0
    for c in blank(query):
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    return deepest


def check_query(query: str, *, max_bytes: int = 100_000, max_depth: int = 200) -> None:
    """Raise QueryRefused when ``query`` must not run; return None when it may."""
    if len(query.encode("utf-8", "surrogatepass")) > max_bytes:
        raise QueryRefused(f"query too large: more than {max_bytes} bytes")
    if nesting_depth(query) > max_depth:
        raise QueryRefused(f"query nested too deeply: more than {max_depth} levels of brackets")
    texts = {query, unescape(query)}
    words = [w for text in texts for w in keywords(text)]
    forms = {query_form(text) for text in texts}
    if forms & set(UPDATE_FORMS):
        raise QueryRefused("SPARQL Update is not accepted: this endpoint is read-only")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE is not allowed on this endpoint")
    if forms == {None}:
        raise QueryRefused("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    if any(_SERVICE_WORD.search(text) for text in texts) and any(_parsed_has_service(t) for t in texts):
        raise QueryRefused("SERVICE is not allowed on this endpoint (the query names SERVICE in a way "
                           "that could not be shown to be harmless)")


def top_level_words(query: str) -> list[str]:
    """Keywords outside every ``{ }`` block: the prologue, the query form and the solution modifiers."""
    depth, flat = 0, []
    for c in blank(query):
        if c == "{":
            depth += 1
            flat.append(" ")
        elif c == "}":
            depth -= 1
            flat.append(" ")
        else:
            flat.append(c if depth == 0 else " ")
    return [m.group(1).upper() for m in _KEYWORD.finditer("".join(flat))]


def with_row_limit(query: str, cap: int) -> str | None:
    """``query`` bounded to at most ``cap`` solutions, or None when it cannot be bounded lexically.

    A SELECT without FROM, without a trailing VALUES block and without its own LIMIT gets
    ``LIMIT cap`` appended; one whose own LIMIT is already at most ``cap`` is returned as is.

    >>> with_row_limit("SELECT * WHERE { ?s ?p ?o } # end", 11)
    'SELECT * WHERE { ?s ?p ?o } # end\\nLIMIT 11'
    >>> with_row_limit("SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 3", 11)
    'SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 3'
    >>> with_row_limit("SELECT * WHERE { ?s ?p ?o } LIMIT 500", 11) is None
    True
    """
    words = top_level_words(query)
    if query_form(query) != "SELECT" or "FROM" in words or "VALUES" in words:
        return None
    if "LIMIT" not in words:
        return f"{query}\nLIMIT {cap}"
    flat_limits = re.findall(r"(?i)\bLIMIT\s+(\d+)", blank(query))
    if words.count("LIMIT") == 1 and len(flat_limits) >= 1 and int(flat_limits[-1]) <= cap:
        return query
    return None
