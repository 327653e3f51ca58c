"""``isnad eval``: read the predictions back out of the published graph (or extract
the corpus afresh) and score them with :mod:`kg.evaluate`.

Reading from the graph checks what users get, not just what the extractor said: a claim
lost on the way to the store counts as a miss.
"""

from __future__ import annotations

from pathlib import Path

from kg.evaluate import PredArticle, PredClaim, evaluate, format_report
from kg.iris import Minter
from kg.settings import Settings
from kg.store import DataDir, open_store

CLAIMS = """
SELECT ?claim ?file ?kind ?speaker ?text ?date (SAMPLE(?label) AS ?speakerLabel) (GROUP_CONCAT(STR(?topic); separator=" ") AS ?topics) WHERE {
  ?claim a isnad:Claim ; a ?kind ; isnad:text ?text ; isnad:speaker ?speaker ; isnad:reportedIn ?article .
  OPTIONAL { ?speaker skos:prefLabel ?label FILTER(lang(?label) = "ar") }
  FILTER(?kind IN (isnad:DirectQuote, isnad:IndirectQuote, isnad:HeadlineClaim))
  ?article isnad:sourceFile ?file .
  OPTIONAL { ?claim isnad:statedOn ?date }
  OPTIONAL { ?claim isnad:topic ?topic }
} GROUP BY ?claim ?file ?kind ?speaker ?text ?date
"""

ARTICLES = """
SELECT ?file ?publisher ?published ?dateline (GROUP_CONCAT(STR(?credit); separator=" ") AS ?credits) WHERE {
  ?article a isnad:Article ; isnad:sourceFile ?file .
  OPTIONAL { ?article schema:publisher ?publisher }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:dateline ?dateline }
  OPTIONAL { ?article isnad:credits ?credit }
} GROUP BY ?file ?publisher ?published ?dateline
"""

KIND = {"DirectQuote": "direct", "IndirectQuote": "indirect", "HeadlineClaim": "headline"}
PREFIXES = {"isnad": "https://w3id.org/isnad/ontology#", "schema": "https://schema.org/",
            "skos": "http://www.w3.org/2004/02/skos/core#"}


def predictions_from_store(store, minter: Minter) -> tuple[list[PredClaim], list[PredArticle]]:
    """Prediction records read back out of a store built by :mod:`kg.build`."""
    def key(term) -> str | None:
        if term is None:
            return None
        local = minter.local_id(term.value)
        return local[1] if local else term.value

    def val(term) -> str | None:
        return term.value if term is not None else None

    claims = []
    for r in store.query(CLAIMS, prefixes=PREFIXES, use_default_graph_as_union=True):
        topics = [(minter.local_id(t) or ("", t))[1] for t in (val(r["topics"]) or "").split()]
        claims.append(PredClaim(val(r["file"]), KIND[r["kind"].value.rsplit("#", 1)[-1]], key(r["speaker"]),
                                val(r["text"]), val(r["date"]), topics, val(r["speakerLabel"])))
    articles = []
    for r in store.query(ARTICLES, prefixes=PREFIXES, use_default_graph_as_union=True):
        credits = [(minter.local_id(c) or ("", c))[1] for c in (val(r["credits"]) or "").split()]
        articles.append(PredArticle(val(r["file"]), key(r["publisher"]), val(r["published"]), val(r["dateline"]),
                                    credits))
    return claims, articles


def run_eval(settings: Settings, gold: Path, *, from_graph: bool = True, show_misses: bool = True) -> int:
    if not gold.exists():
        raise FileNotFoundError(f"gold file not found: {gold}")
    if from_graph:
        build = DataDir(settings.data_dir).current()
        if build is None:
            raise RuntimeError(f"nothing published in {settings.data_dir}: run `isnad build` first")
        claims, articles = predictions_from_store(open_store(build), Minter(settings.base_iri))
        report = evaluate(claims, gold, articles=articles)
    else:
        from kg.corpus import CorpusError, read_corpus
        from kg.extract import extract

        docs = [d for d in read_corpus(settings.corpus_dir) if not isinstance(d, CorpusError)]
        report = evaluate([extract(d) for d in docs], gold)
    print(format_report(report, details=show_misses))
    return 0
