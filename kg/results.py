"""SPARQL results writers over pyoxigraph terms: JSON, XML, CSV and TSV.

pyoxigraph serialises whole result sets; these write a capped list of solutions, so the
endpoint can stop at the row cap and say so.

>>> import pyoxigraph as ox
>>> row = {"s": ox.NamedNode("http://e/a"), "o": ox.Literal("مرحبا", language="ar")}
>>> print(write_select(["s", "o"], [row], "csv").decode())
s,o\r
http://e/a,مرحبا\r
<BLANKLINE>
"""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SELECT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

Row = Mapping[str, "ox.NamedNode | ox.BlankNode | ox.Literal | None"]


def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_cell(t) -> str:
    if t is None:
        return ""
    value = ("_:" + t.value) if isinstance(t, ox.BlankNode) else getattr(t, "value", str(t))
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _tsv_cell(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and not t.language and t.datatype.value == XSD_STRING:
        v = t.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return f'"{v}"'
    return str(t)  # N-Triples form: <iri>, _:b, "v"@lang, "v"^^<dt>


def write_select(variables: list[str], rows: Iterable[Row], fmt: str) -> bytes:
    rows = list(rows)
    if fmt == "json":
        bindings = [{v: _json_term(r[v]) for v in variables if r.get(v) is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head>\n<results>\n")
        for r in rows:
            out.write("<result>")
            for v in variables:
                if r.get(v) is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>")
            out.write("</result>\n")
        out.write("</results>\n</sparql>\n")
        return out.getvalue().encode()
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(r.get(v)) for v in variables) for r in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)] + ["\t".join(_tsv_cell(r.get(v)) for v in variables) for r in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown results format {fmt}")


def write_ask(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return (("_askResult\n" if fmt == "csv" else "?_askResult\n") + str(value).lower() + "\n").encode()
    raise ValueError(f"unknown results format {fmt}")


def count_rows(body: bytes, fmt: str) -> int:
    """The number of solutions in a serialised SELECT result (as pyoxigraph writes them).

    >>> count_rows(write_select(["x"], [{"x": ox.Literal("a\\nb")}, {"x": None}], "csv"), "csv")
    2
    """
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>") + body.count(b"<result/>")
    if fmt == "tsv":
        return max(0, body.count(b"\n") - 1)
    if fmt == "csv":
        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1)
    raise ValueError(f"unknown results format {fmt}")
