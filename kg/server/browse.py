"""Browse pages (minimal): the claims list and one claim."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from kg.server import isnad

bp = Blueprint("browse", __name__)

CLAIMS = """
SELECT ?claim ?text ?kind ?date ?speaker ?speakerLabel WHERE {
  ?claim a isnad:Claim ; isnad:text ?text ; isnad:speaker ?speaker ; a ?kind .
  FILTER(?kind != isnad:Claim)
  OPTIONAL { ?claim isnad:statedOn ?date }
  OPTIONAL { ?speaker skos:prefLabel ?speakerLabel FILTER(lang(?speakerLabel) = "ar") }
} ORDER BY DESC(?date) ?claim
"""

CLAIM = """
SELECT ?p ?o ?oLabel WHERE {
  ?claim ?p ?o .
  OPTIONAL { ?o skos:prefLabel|schema:headline ?oLabel }
}
"""


@bp.route("/")
def home():
    return render_template("home.html")


@bp.route("/query")
def query_page():
    return render_template("home.html")


@bp.route("/claims")
def claims():
    rows = [{k: (s[k].value if s[k] is not None else None) for k in ("claim", "text", "kind", "date", "speaker", "speakerLabel")}
            for s in isnad().query(CLAIMS)]
    for r in rows:
        r["id"] = isnad().minter.local_id(r["claim"])[1]
        r["kind"] = r["kind"].rsplit("#", 1)[-1]
    return render_template("claims.html", rows=rows)


@bp.route("/claims/<cid>")
def claim(cid: str):
    import pyoxigraph as ox

    iri = isnad().minter.claim.__self__._iri("claim", cid)
    rows = [(s["p"].value, s["o"].value, s["oLabel"].value if s["oLabel"] else None)
            for s in isnad().query(CLAIM, claim=ox.NamedNode(iri))]
    if not rows:
        abort(404)
    return render_template("claim.html", iri=iri, rows=rows)
