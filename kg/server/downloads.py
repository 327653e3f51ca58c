"""Downloads of the published dataset, its checksums, and the VoID + DCAT description.

``/downloads`` lists the files; ``/downloads/<name>`` serves one from a fixed whitelist
(anything else is 404, so no path reaches the file system); ``/download/isnad.<ext>``
is kept for the links issue 2 promised; ``/.well-known/void`` describes the dataset.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, send_file

from kg import __version__
from kg.server import isnad
from kg.server import dumps as dm
from kg.server.twins import serialize_rdf

bp = Blueprint("downloads", __name__)

LEGACY = {"ttl": "isnad.ttl", "nt": "isnad.nt", "jsonld": "isnad.jsonld", "trig": "isnad.trig", "nq": "isnad.nq"}
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _build():
    build = isnad().build_dir()
    if build is None:
        abort(503, "no published build")
    return build


def _send(name: str) -> Response:
    spec = dm.FILES.get(name)
    if spec is None:
        abort(404)
    path = dm.dump_path(_build(), name, base_iri=isnad().settings.base_iri)
    if path is None:
        abort(404)
    ctype = "application/gzip" if spec.gzip else f"{spec.media_type}; charset=utf-8"
    resp = send_file(path, mimetype=spec.media_type, as_attachment=True, download_name=name, conditional=True,
                     etag=True)
    resp.headers["Content-Type"] = ctype
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


@bp.route("/downloads")
def downloads_page():
    build = _build()
    files = [(spec, path.stat().st_size if path else None) for spec, path in dm.listed(build, base_iri=isnad().settings.base_iri)]
    return render_template("downloads.html", files=files, build=build.name, twins=[])


@bp.route("/downloads/<name>")
def download(name: str) -> Response:
    if name == dm.SUMS:
        sums = dm.sha256sums(_build(), base_iri=isnad().settings.base_iri)
        return Response(sums, content_type="text/plain; charset=utf-8")
    return _send(name)


@bp.route("/download/isnad.<ext>")
def dataset(ext: str) -> Response:
    if ext not in LEGACY:
        abort(404)
    return _send(LEGACY[ext])


def void_triples(*, counts_only: bool = False) -> list[ox.Triple]:
    """The VoID + DCAT description of the published dataset (``counts_only``: no dumps are made)."""
    root = request.url_root
    ds = ox.NamedNode(f"{root}.well-known/void#dataset")
    n, lit = ox.NamedNode, ox.Literal
    t = ox.Triple
    build = isnad().build_dir()
    out = [t(ds, RDF_TYPE, n(VOID + "Dataset")), t(ds, RDF_TYPE, n(DCAT + "Dataset")),
           t(ds, n(DCT + "title"), lit("Isnad: who said what, when, reported where", language="en")),
           t(ds, n(DCT + "title"), lit("إسناد: من قال ماذا ومتى وأين نُشر", language="ar")),
           t(ds, n(DCT + "description"), lit("Attributed claims from Arabic news as a knowledge graph.", language="en")),
           t(ds, n(DCT + "hasVersion"), lit(__version__)),
           t(ds, n(DCT + "license"), n("https://creativecommons.org/licenses/by/4.0/")),
           t(ds, n(VOID + "sparqlEndpoint"), n(f"{root}sparql")),
           t(ds, n(VOID + "uriSpace"), lit(isnad().settings.base_iri)),
           t(ds, n(VOID + "vocabulary"), n("https://w3id.org/isnad/ontology#")),
           t(ds, n(VOID + "vocabulary"), n("https://schema.org/")),
           t(ds, n(VOID + "vocabulary"), n("http://www.w3.org/2004/02/skos/core#")),
           t(ds, n(VOID + "exampleResource"), n(f"{isnad().settings.base_iri}topic/libya"))]
    if build is None:
        return out
    out.append(t(ds, n(DCT + "identifier"), lit(build.name)))
    triples = dm.statements_in(build)
    if triples is None and not counts_only:
        dm.dump_path(build, "isnad.ttl", base_iri=isnad().settings.base_iri)
        triples = dm.statements_in(build)
    if triples is not None:
        out.append(t(ds, n(VOID + "triples"), lit(str(triples), datatype=n(XSD + "integer"))))
    if counts_only:
        return out
    base = isnad().settings.base_iri
    for spec, _ in dm.listed(build, base_iri=base):
        path = dm.dump_path(build, spec.name, base_iri=base)
        if path is None:
            continue
        url = n(f"{root}downloads/{spec.name}")
        dist = ox.NamedNode(f"{root}.well-known/void#{spec.name}")
        if spec.fmt:
            out.append(t(ds, n(VOID + "dataDump"), url))
        out += [t(ds, n(DCAT + "distribution"), dist), t(dist, RDF_TYPE, n(DCAT + "Distribution")),
                t(dist, n(DCT + "title"), lit(spec.title)), t(dist, n(DCAT + "downloadURL"), url),
                t(dist, n(DCAT + "mediaType"), n(f"https://www.iana.org/assignments/media-types/{spec.media_type}")),
                t(dist, n(DCAT + "byteSize"), lit(str(path.stat().st_size), datatype=n(XSD + "nonNegativeInteger")))]
        if spec.gzip:
            out.append(t(dist, n(DCAT + "compressFormat"),
                         n("https://www.iana.org/assignments/media-types/application/gzip")))
    return out


@bp.route("/.well-known/void")
def void() -> Response:
    _build()
    body = serialize_rdf(void_triples(), "ttl")
    return Response(body, content_type="text/turtle; charset=utf-8")
