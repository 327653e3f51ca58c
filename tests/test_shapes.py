"""The ontology, the topic scheme and the SHACL shapes.

Every shape is exercised twice: ``tests/shapes/valid.ttl`` (with topics.ttl) conforms, and
for each named shape and each SPARQL constraint at least one small edit of that graph
breaks it; the report must then blame exactly the expected shapes, with their messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from pathlib import Path

import pytest
import yaml
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from kg.vocab import (
    DATA,
    DCTERMS,
    ISNAD,
    ONTOLOGY_IRI,
    ONTOLOGY_TTL,
    SHAPES,
    SHAPES_TTL,
    TOPICS_SCHEME,
    TOPICS_TTL,
    VANN,
    topic_iri,
)

HERE = Path(__file__).resolve().parent / "shapes"
VALID_TTL = HERE / "valid.ttl"
TOPICS_YAML = HERE / "topics.yaml"

PREFIXES = """
PREFIX isnad:   <https://w3id.org/isnad/ontology#>
PREFIX schema:  <https://schema.org/>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
PREFIX article: <https://w3id.org/isnad/id/article/>
PREFIX claim:   <https://w3id.org/isnad/id/claim/>
PREFIX speaker: <https://w3id.org/isnad/id/speaker/>
PREFIX outlet:  <https://w3id.org/isnad/id/outlet/>
PREFIX topic:   <https://w3id.org/isnad/id/topic/>
PREFIX group:   <https://w3id.org/isnad/id/topic-group/>
PREFIX run:     <https://w3id.org/isnad/id/run/>
PREFIX statement: <https://w3id.org/isnad/id/statement/>
"""

ARTICLE = DATA["article/78adcc423a5a4434"]
HEADLINE = DATA["claim/78adcc423a5a4434-7-39"]  # Putin, headline claim
INDIRECT = DATA["claim/78adcc423a5a4434-98-144"]  # Lavrov, stated 2021-01-02
DIRECT = DATA["claim/78adcc423a5a4434-154-178"]  # Lavrov, stated 2021-01-01
ORG_CLAIM = DATA["claim/78adcc423a5a4434-214-251"]  # Turkish foreign ministry
PUTIN = DATA["speaker/vladimir-putin"]
LAVROV = DATA["speaker/sergey-lavrov"]
MFA = DATA["speaker/turkey-foreign-ministry"]
PUBLISHER = DATA["outlet/awtan-post"]
REUTERS = DATA["outlet/reuters"]
RUN = DATA["run/20210103T093000Z"]
GROUP = DATA["statement/0123456789abcdef-10-56"]  # the statement group of INDIRECT and its linked claim


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_TTL)


@pytest.fixture(scope="module")
def topics() -> Graph:
    return Graph().parse(TOPICS_TTL)


def valid_graph(topics: Graph) -> Graph:
    g = Graph().parse(VALID_TTL)
    for t in topics:
        g.add(t)
    return g


@dataclass
class Result:
    shape: URIRef
    constraint: URIRef | BNode | None
    focus: URIRef | BNode
    value: object
    messages: set[str]


def run(data: Graph, shapes: Graph, ontology: Graph | None, inference: str = "none"):
    conforms, report, _ = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference=inference, advanced=True
    )
    results = [
        Result(
            shape=report.value(r, SH.sourceShape),
            constraint=report.value(r, SH.sourceConstraint),
            focus=report.value(r, SH.focusNode),
            value=report.value(r, SH.value),
            messages={str(m) for m in report.objects(r, SH.resultMessage)},
        )
        for r in report.objects(None, SH.result)  # top-level results, not nested sh:detail
    ]
    return conforms, results


def english(graph: Graph, node, prop=SH.message) -> str:
    values = [o for o in graph.objects(node, prop) if getattr(o, "language", None) == "en"]
    assert len(values) == 1, f"{node} has {len(values)} English {prop}"
    return str(values[0])


# --------------------------------------------------------------------------------------
# The valid example
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_ontology", [True, False], ids=["ont_graph", "no_ont_graph"])
def test_valid_example_conforms(shapes, ontology, topics, with_ontology):
    conforms, results = run(valid_graph(topics), shapes, ontology if with_ontology else None)
    assert conforms, [(r.shape, r.focus, r.messages) for r in results]


def test_rdfs_inference_only_drags_in_the_linked_claim_of_another_article(shapes, ontology, topics):
    # The shapes need no inference. Validate per article with inference="none": under RDFS,
    # the range of isnad:sameStatementAs types the other article's claim (whose triples are
    # in another named graph) as isnad:Claim, and that bare IRI then fails the claim shape.
    conforms, results = run(valid_graph(topics), shapes, ontology, inference="rdfs")
    assert not conforms
    assert {r.focus for r in results} == {DATA["claim/0123456789abcdef-10-56"]}
    data = valid_graph(topics)
    data.remove((None, ISNAD.sameStatementAs, None))
    conforms, results = run(data, shapes, ontology, inference="rdfs")
    assert conforms, [(r.shape, r.focus, r.messages) for r in results]


def test_topic_scheme_must_be_in_the_data_graph(shapes, ontology):
    conforms, results = run(Graph().parse(VALID_TTL), shapes, ontology)
    assert not conforms
    assert {r.shape for r in results} == {SHAPES["Claim-topic"]}
    assert {r.focus for r in results} == {HEADLINE, INDIRECT, DIRECT, ORG_CLAIM}


# --------------------------------------------------------------------------------------
# One broken example per shape and per SPARQL constraint
# --------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    update: str | Callable[[Graph], None]  # SPARQL Update or edit applied to the valid graph
    shapes: tuple[str, ...]  # local names of every sh:sourceShape expected in the report
    focus: URIRef | None = None  # the focus node of the expected shape's results, if fixed
    constraint: str | None = None  # local name of the SPARQL constraint expected
    message: str | None = None  # the English message expected (else the shape's sh:message)
    value: URIRef | None = None  # the sh:value of the SPARQL constraint's results


def copy_to_blank(node: URIRef):
    """An edit adding a blank node with every outgoing triple of ``node``."""

    def edit(graph: Graph) -> None:
        copy = BNode()
        for p, o in list(graph.predicate_objects(node)):
            graph.add((copy, p, o))

    return edit


CASES = [
    # ---- Claim ------------------------------------------------------------------------
    Case("claim-blank-node", copy_to_blank(DIRECT), ("ClaimShape",)),
    Case("claim-no-kind", "DELETE DATA { claim:78adcc423a5a4434-154-178 a isnad:DirectQuote }",
         ("Claim-kind",), DIRECT),
    Case("claim-two-kinds", "INSERT DATA { claim:78adcc423a5a4434-98-144 a isnad:DirectQuote }",
         ("Claim-kind",), INDIRECT),
    Case("claim-no-text", "DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:text ?t }",
         ("Claim-text",), HEADLINE),
    Case("claim-two-texts", 'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:text "نص آخر"@ar }',
         ("Claim-text",), HEADLINE),
    Case("claim-text-english",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:text ?t };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:text "confident"@en }',
         ("Claim-text",), HEADLINE),
    Case("claim-text-untagged",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:text ?t };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:text "واثق" }',
         ("Claim-text",), HEADLINE),
    Case("claim-text-empty",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:text ?t };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:text ""@ar }',
         ("Claim-text",), HEADLINE),
    Case("claim-no-speaker", "DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:speaker ?s }",
         ("Claim-speaker",), HEADLINE),
    Case("claim-two-speakers",
         "INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:speaker speaker:sergey-lavrov }",
         ("Claim-speaker",), HEADLINE),
    Case("claim-speaker-untyped",
         "DELETE DATA { speaker:turkey-foreign-ministry a schema:Organization }",
         ("Claim-speaker",), ORG_CLAIM),
    Case("claim-speaker-person-and-organization",
         "INSERT DATA { speaker:turkey-foreign-ministry a schema:Person }",
         ("Claim-speaker",), ORG_CLAIM),
    Case("claim-speaker-literal",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:speaker ?s };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:speaker "بوتين" }',
         ("Claim-speaker",), HEADLINE),
    Case("claim-two-mentions",
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:speakerMention "الرئيس الروسي" }',
         ("Claim-speakerMention",), HEADLINE),
    Case("claim-mention-tagged",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:speakerMention ?m };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:speakerMention "بوتين"@ar }',
         ("Claim-speakerMention",), HEADLINE),
    Case("claim-not-reported", "DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:reportedIn ?a }",
         ("Claim-reportedIn",), HEADLINE),
    Case("claim-reported-in-non-article",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:reportedIn ?a };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:reportedIn outlet:awtan-post }',
         ("Claim-reportedIn",), HEADLINE),
    Case("claim-two-dates",
         'INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statedOn "2020-12-31"^^xsd:date }',
         ("Claim-statedOn",), INDIRECT),
    Case("claim-date-is-datetime",
         'DELETE WHERE { claim:78adcc423a5a4434-98-144 isnad:statedOn ?d };'
         'INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statedOn "2021-01-02T10:00:00"^^xsd:dateTime }',
         ("Claim-statedOn",), INDIRECT),
    Case("claim-stated-after-publication",
         'DELETE WHERE { claim:78adcc423a5a4434-98-144 isnad:statedOn ?d };'
         'INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statedOn "2021-01-05"^^xsd:date }',
         ("Article-claimDates",), ARTICLE, "Article-claimDates-notAfterPublished",
         f"Claim {INDIRECT} is stated on 2021-01-05, after the article was published (2021-01-02).",
         INDIRECT),
    Case("claim-stated-after-publication-undated-article",  # no datePublished: nothing to compare
         'DELETE WHERE { claim:78adcc423a5a4434-98-144 isnad:statedOn ?d };'
         'INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statedOn "2021-01-05"^^xsd:date };'
         'DELETE WHERE { article:78adcc423a5a4434 schema:datePublished ?p }',
         ()),
    Case("claim-no-topic", "DELETE WHERE { claim:78adcc423a5a4434-214-251 isnad:topic ?t }",
         ("Claim-topic",), ORG_CLAIM),
    Case("claim-topic-unknown",
         "INSERT DATA { claim:78adcc423a5a4434-214-251 isnad:topic topic:weather }",
         ("Claim-topic",), ORG_CLAIM),
    Case("claim-topic-is-a-group",
         "INSERT DATA { claim:78adcc423a5a4434-214-251 isnad:topic group:files }",
         ("Claim-topic",), ORG_CLAIM),
    Case("claim-topic-out-of-scheme",
         "DELETE DATA { topic:libya skos:inScheme isnad:Topics }",
         ("Claim-topic", "Topic-inScheme")),
    Case("claim-no-start", "DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charStart ?s }",
         ("Claim-charStart",), HEADLINE),
    Case("claim-negative-start",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charStart ?s };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:charStart -1 }',
         ("Claim-charStart",), HEADLINE),
    Case("claim-start-is-string",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charStart ?s };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:charStart "7" }',
         ("Claim-charStart",), HEADLINE),
    Case("claim-no-end", "DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charEnd ?e }",
         ("Claim-charEnd",), HEADLINE),
    Case("claim-two-ends", "INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:charEnd 40 }",
         ("Claim-charEnd",), HEADLINE),
    Case("claim-empty-span",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charEnd ?e };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:charEnd 7 }',
         ("Claim-charStart",), HEADLINE),
    Case("claim-start-after-end",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:charStart ?s };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:charStart 40 }',
         ("Claim-charStart",), HEADLINE),
    Case("claim-span-past-body",
         'DELETE WHERE { claim:78adcc423a5a4434-214-251 isnad:charEnd ?e };'
         'INSERT DATA { claim:78adcc423a5a4434-214-251 isnad:charEnd 254 }',
         ("Article-claimSpans",), ARTICLE, "Article-claimSpans-withinBody",
         f"Claim {ORG_CLAIM} ends at 254, past the end of the article body (253 characters).",
         ORG_CLAIM),
    Case("claim-span-ends-at-body-end",  # allowed: the end offset is exclusive
         'DELETE WHERE { claim:78adcc423a5a4434-214-251 isnad:charEnd ?e };'
         'INSERT DATA { claim:78adcc423a5a4434-214-251 isnad:charEnd 253 }',
         ()),
    Case("claim-confidence-double",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:confidence ?c };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:confidence 0.9e0 }',
         ("Claim-confidence",), HEADLINE),
    Case("claim-confidence-above-one",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:confidence ?c };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:confidence 1.5 }',
         ("Claim-confidence",), HEADLINE),
    Case("claim-confidence-negative",
         'DELETE WHERE { claim:78adcc423a5a4434-7-39 isnad:confidence ?c };'
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:confidence "-0.1"^^xsd:decimal }',
         ("Claim-confidence",), HEADLINE),
    Case("claim-two-confidences", "INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:confidence 0.5 }",
         ("Claim-confidence",), HEADLINE),
    Case("claim-same-as-itself",
         "INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:sameStatementAs claim:78adcc423a5a4434-7-39 }",
         ("SameStatementShape",), HEADLINE, "SameStatement-notSelf", None, HEADLINE),
    Case("claim-same-as-literal",
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:sameStatementAs "c001-02" }',
         ("Claim-sameStatementAs",), HEADLINE),
    Case("claim-two-statements",
         "INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statement statement:other . "
         "statement:other a isnad:Statement }", ("Claim-statement",), INDIRECT),
    Case("claim-statement-literal",
         'INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:statement "0123456789abcdef-10-56" }',
         ("Claim-statement",), HEADLINE),
    Case("claim-statement-untyped",
         "DELETE DATA { statement:0123456789abcdef-10-56 a isnad:Statement }", ("Claim-statement",), INDIRECT),
    Case("claim-statement-is-a-claim",
         "INSERT DATA { claim:78adcc423a5a4434-7-39 isnad:statement claim:78adcc423a5a4434-154-178 }",
         ("Claim-statement",), HEADLINE),
    Case("statement-blank-node", copy_to_blank(GROUP), ("StatementShape",)),
    Case("claim-no-run", "DELETE WHERE { claim:78adcc423a5a4434-7-39 prov:wasGeneratedBy ?r }",
         ("Claim-wasGeneratedBy",), HEADLINE),
    Case("claim-two-runs",
         "INSERT DATA { claim:78adcc423a5a4434-7-39 prov:wasGeneratedBy run:other . "
         "run:other a prov:Activity ; prov:startedAtTime \"2021-01-04T00:00:00Z\"^^xsd:dateTime ; "
         "isnad:softwareVersion \"0.1.0\" }",
         ("Claim-wasGeneratedBy",), HEADLINE),
    Case("claim-run-not-in-graph", "DELETE WHERE { run:20210103T093000Z ?p ?o }",
         ("Claim-wasGeneratedBy",)),
    # ---- the kinds ----------------------------------------------------------------------
    Case("direct-not-claim", "DELETE DATA { claim:78adcc423a5a4434-154-178 a isnad:Claim }",
         ("DirectQuote-isClaim",), DIRECT),
    Case("indirect-not-claim", "DELETE DATA { claim:78adcc423a5a4434-98-144 a isnad:Claim }",
         ("IndirectQuote-isClaim",), INDIRECT),
    Case("headline-not-claim", "DELETE DATA { claim:78adcc423a5a4434-7-39 a isnad:Claim }",
         ("HeadlineClaim-isClaim",), HEADLINE),
    # ---- Article ------------------------------------------------------------------------
    Case("article-blank-node", copy_to_blank(ARTICLE), ("ArticleShape",)),
    Case("article-no-headline", "DELETE WHERE { article:78adcc423a5a4434 schema:headline ?h }",
         ("Article-headline",), ARTICLE),
    Case("article-headline-tagged",
         'DELETE WHERE { article:78adcc423a5a4434 schema:headline ?h };'
         'INSERT DATA { article:78adcc423a5a4434 schema:headline "عنوان"@ar }',
         ("Article-headline",), ARTICLE),
    Case("article-two-headlines", 'INSERT DATA { article:78adcc423a5a4434 schema:headline "عنوان آخر" }',
         ("Article-headline",), ARTICLE),
    Case("article-no-body", "DELETE WHERE { article:78adcc423a5a4434 schema:articleBody ?b }",
         ("Article-articleBody",), ARTICLE),
    Case("article-two-bodies", 'INSERT DATA { article:78adcc423a5a4434 schema:articleBody "نص" }',
         ("Article-articleBody", "Article-claimSpans"), ARTICLE),  # every span is past the short body
    Case("article-two-files", 'INSERT DATA { article:78adcc423a5a4434 isnad:sourceFile "001_x.txt" }',
         ("Article-sourceFile",), ARTICLE),
    Case("article-url-literal",
         'DELETE WHERE { article:78adcc423a5a4434 schema:url ?u };'
         'INSERT DATA { article:78adcc423a5a4434 schema:url "https://example.org/a" }',
         ("Article-url",), ARTICLE),
    Case("article-url-not-http",
         'DELETE WHERE { article:78adcc423a5a4434 schema:url ?u };'
         'INSERT DATA { article:78adcc423a5a4434 schema:url <file:///tmp/a.html> }',
         ("Article-url",), ARTICLE),
    Case("article-two-urls", "INSERT DATA { article:78adcc423a5a4434 schema:url <https://example.org/b> }",
         ("Article-url",), ARTICLE),
    Case("article-publisher-not-outlet",
         'DELETE WHERE { article:78adcc423a5a4434 schema:publisher ?p };'
         'INSERT DATA { article:78adcc423a5a4434 schema:publisher speaker:turkey-foreign-ministry }',
         ("Article-publisher",), ARTICLE),
    Case("article-two-publishers", "INSERT DATA { article:78adcc423a5a4434 schema:publisher outlet:reuters }",
         ("Article-publisher",), ARTICLE),
    Case("article-credits-non-outlet",
         "INSERT DATA { article:78adcc423a5a4434 isnad:credits speaker:sergey-lavrov }",
         ("Article-credits",), ARTICLE),
    Case("article-date-is-string",
         'DELETE WHERE { article:78adcc423a5a4434 schema:datePublished ?d };'
         'INSERT DATA { article:78adcc423a5a4434 schema:datePublished "2021-01-02" }',
         ("Article-datePublished",), ARTICLE),
    Case("article-two-dates",
         'INSERT DATA { article:78adcc423a5a4434 schema:datePublished "2021-01-03"^^xsd:date }',
         ("Article-datePublished",), ARTICLE),
    Case("article-two-datelines", 'INSERT DATA { article:78adcc423a5a4434 schema:dateline "أنقرة" }',
         ("Article-dateline",), ARTICLE),
    Case("article-two-authors", 'INSERT DATA { article:78adcc423a5a4434 schema:author "كاتب آخر" }',
         ("Article-author",), ARTICLE),
    Case("article-hash-upper-case",
         'DELETE WHERE { article:78adcc423a5a4434 isnad:contentHash ?h };'
         'INSERT DATA { article:78adcc423a5a4434 isnad:contentHash '
         '"78ADCC423A5A4434F9FB9029317799B505EBB4443BDC6EFDE88B2F672B308A15" }',
         ("Article-contentHash",), ARTICLE),
    Case("article-hash-short",
         'DELETE WHERE { article:78adcc423a5a4434 isnad:contentHash ?h };'
         'INSERT DATA { article:78adcc423a5a4434 isnad:contentHash "78adcc423a5a4434" }',
         ("Article-contentHash",), ARTICLE),
    Case("article-retrieved-date-only",
         'DELETE WHERE { article:78adcc423a5a4434 isnad:retrievedOn ?d };'
         'INSERT DATA { article:78adcc423a5a4434 isnad:retrievedOn "2021-01-03"^^xsd:date }',
         ("Article-retrievedOn",), ARTICLE),
    # ---- Outlets ------------------------------------------------------------------------
    Case("outlet-blank-node", copy_to_blank(PUBLISHER), ("OutletShape",)),
    Case("outlet-no-arabic-label", 'DELETE DATA { outlet:awtan-post skos:prefLabel "أوطان بوست"@ar }',
         ("Outlet-prefLabel",), PUBLISHER),
    Case("outlet-two-arabic-labels", 'INSERT DATA { outlet:awtan-post skos:prefLabel "اوطان"@ar }',
         ("Outlet-prefLabel",), PUBLISHER),
    Case("outlet-untagged-label", 'INSERT DATA { outlet:awtan-post skos:prefLabel "Awtan" }',
         ("Outlet-prefLabel",), PUBLISHER),
    Case("outlet-untagged-alt-label", 'INSERT DATA { outlet:reuters skos:altLabel "رويتر" }',
         ("Outlet-altLabel",), REUTERS),
    Case("agency-not-outlet", "DELETE DATA { outlet:reuters a isnad:Outlet }",
         ("NewsAgency-isOutlet",), REUTERS),
    # ---- Person -------------------------------------------------------------------------
    Case("person-blank-node", copy_to_blank(PUTIN), ("PersonShape",)),
    Case("person-no-arabic-label", 'DELETE DATA { speaker:vladimir-putin skos:prefLabel "فلاديمير بوتين"@ar }',
         ("Person-prefLabel",), PUTIN),
    Case("person-two-english-labels", 'INSERT DATA { speaker:vladimir-putin skos:prefLabel "V. Putin"@en }',
         ("Person-prefLabel",), PUTIN),
    Case("person-untagged-alt-label", 'INSERT DATA { speaker:vladimir-putin skos:altLabel "بوتن" }',
         ("Person-altLabel",), PUTIN),
    Case("person-job-title-iri",
         "INSERT DATA { speaker:vladimir-putin schema:jobTitle <https://www.wikidata.org/wiki/Q218295> }",
         ("Person-jobTitle",), PUTIN),
    Case("person-country-lower-case",
         'DELETE WHERE { speaker:vladimir-putin isnad:country ?c };'
         'INSERT DATA { speaker:vladimir-putin isnad:country "ru" }',
         ("Person-country",), PUTIN),
    Case("person-country-alpha-3",
         'DELETE WHERE { speaker:vladimir-putin isnad:country ?c };'
         'INSERT DATA { speaker:vladimir-putin isnad:country "RUS" }',
         ("Person-country",), PUTIN),
    Case("person-two-countries", 'INSERT DATA { speaker:vladimir-putin isnad:country "SU" }',
         ("Person-country",), PUTIN),
    # ---- Organization -------------------------------------------------------------------
    Case("organization-blank-node", copy_to_blank(MFA),
         ("OrganizationShape",)),
    Case("organization-english-label-only",
         'DELETE WHERE { speaker:turkey-foreign-ministry skos:prefLabel ?l };'
         'INSERT DATA { speaker:turkey-foreign-ministry skos:prefLabel "Turkish Foreign Ministry"@en }',
         ("Organization-prefLabel",), MFA),
    Case("organization-untagged-alt-label",
         'INSERT DATA { speaker:turkey-foreign-ministry skos:altLabel "الخارجية التركية" }',
         ("Organization-altLabel",), MFA),
    Case("organization-country-name",
         'DELETE WHERE { speaker:turkey-foreign-ministry isnad:country ?c };'
         'INSERT DATA { speaker:turkey-foreign-ministry isnad:country "Turkey" }',
         ("Organization-country",), MFA),
    # ---- Topics -------------------------------------------------------------------------
    Case("topic-blank-node", copy_to_blank(topic_iri("health")),
         ("TopicShape", "Topic-group")),
    Case("topic-out-of-scheme", "DELETE DATA { topic:health skos:inScheme isnad:Topics }",
         ("Topic-inScheme",), topic_iri("health")),
    Case("topic-no-english-label", 'DELETE DATA { topic:health skos:prefLabel "Health and the pandemic"@en }',
         ("Topic-prefLabel",), topic_iri("health")),
    Case("topic-french-label", 'INSERT DATA { topic:health skos:prefLabel "Santé"@fr }',
         ("Topic-prefLabel",), topic_iri("health")),
    Case("topic-no-notation", 'DELETE DATA { topic:health skos:notation "health" }',
         ("Topic-notation",), topic_iri("health")),
    Case("topic-notation-not-key-like",
         'DELETE DATA { topic:health skos:notation "health" };'
         'INSERT DATA { topic:health skos:notation "Health" }',
         ("Topic-notation",), topic_iri("health")),
    Case("topic-in-no-group", "DELETE DATA { group:themes skos:member topic:health }",
         ("Topic-group",), topic_iri("health")),
    Case("topic-in-both-groups", "INSERT DATA { group:files skos:member topic:health }",
         ("Topic-group",), topic_iri("health")),
    # ---- the extraction run -------------------------------------------------------------
    Case("run-blank-node", copy_to_blank(RUN), ("ActivityShape",)),
    Case("run-no-start", "DELETE WHERE { run:20210103T093000Z prov:startedAtTime ?t }",
         ("Activity-startedAtTime",), RUN),
    Case("run-start-is-date",
         'DELETE WHERE { run:20210103T093000Z prov:startedAtTime ?t };'
         'INSERT DATA { run:20210103T093000Z prov:startedAtTime "2021-01-03"^^xsd:date }',
         ("Activity-startedAtTime",), RUN),
    Case("run-no-version", "DELETE WHERE { run:20210103T093000Z isnad:softwareVersion ?v }",
         ("Activity-softwareVersion",), RUN),
    Case("run-two-versions", 'INSERT DATA { run:20210103T093000Z isnad:softwareVersion "0.2.0" }',
         ("Activity-softwareVersion",), RUN),
    Case("run-associated-with-person",
         "INSERT DATA { run:20210103T093000Z prov:wasAssociatedWith speaker:sergey-lavrov }",
         ("Activity-wasAssociatedWith",), RUN),
]


def edited(case: Case, topics: Graph) -> Graph:
    data = valid_graph(topics)
    before = set(data)
    if callable(case.update):
        case.update(data)
    else:
        data.update(PREFIXES + case.update)
    assert set(data) != before, "the edit changed nothing"
    return data


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_example_is_reported_by_its_shape(case, shapes, ontology, topics):
    data = edited(case, topics)

    conforms, results = run(data, shapes, ontology)

    if not case.shapes:  # an edit that must still conform
        assert conforms, [(r.shape, r.focus, r.messages) for r in results]
        return
    assert not conforms
    assert {r.shape for r in results} == {SHAPES[s] for s in case.shapes}
    main = [r for r in results if r.shape == SHAPES[case.shapes[0]]]
    if case.focus is not None:
        assert {r.focus for r in main} == {case.focus}
    if case.constraint is not None:
        constraint = SHAPES[case.constraint]
        hits = [r for r in main if r.constraint == constraint]
        assert hits, f"no result from {constraint}"
        if case.value is not None:
            assert {r.value for r in hits} == {case.value}
        expected = case.message or english(shapes, constraint)
        assert all(expected in r.messages for r in hits), [r.messages for r in hits]
        # The Arabic message comes along, and the property shape's own message.
        assert all(any("\u0600" <= ch <= "\u06ff" for m in r.messages for ch in m) for r in hits)
        assert all(english(shapes, SHAPES[case.shapes[0]]) in r.messages for r in hits)
    else:
        expected = case.message or english(shapes, SHAPES[case.shapes[0]])
        for r in main:
            assert expected in r.messages, r.messages


def test_every_shape_and_sparql_constraint_has_a_broken_example(shapes):
    named_shapes = {
        s for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
        if isinstance(s, URIRef)
    }
    # The helper used through sh:node is exercised by the claim-topic cases.
    named_shapes.discard(SHAPES.TopicOfScheme)
    covered = {SHAPES[s] for c in CASES for s in c.shapes}
    # A node shape counts as covered when it, or one of its property shapes, is blamed.
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        if set(shapes.objects(node_shape, SH.property)) & covered:
            covered.add(node_shape)
    assert named_shapes - covered == set()
    sparql = set(shapes.objects(None, SH.sparql))
    assert sparql, "no SPARQL constraints found"
    assert all(isinstance(c, URIRef) for c in sparql)
    assert sparql - {SHAPES[c.constraint] for c in CASES if c.constraint} == set()


def test_case_ids_are_unique():
    assert len({c.id for c in CASES}) == len(CASES)


# --------------------------------------------------------------------------------------
# The shapes file itself
# --------------------------------------------------------------------------------------


def test_every_named_shape_has_english_and_arabic_messages(shapes):
    named = [s for s in shapes.subjects(SH.message, None) if isinstance(s, URIRef)]
    assert len(set(named)) > 40
    for s in set(named):
        langs = sorted(getattr(m, "language", None) for m in shapes.objects(s, SH.message))
        assert langs == ["ar", "en"], (s, langs)
    for s in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
        if isinstance(s, URIRef):
            assert (s, SH.message, None) in shapes, s


def test_sparql_constraints_declare_their_prefixes(shapes):
    decl = URIRef("https://w3id.org/isnad/shapes")
    declared = {str(shapes.value(d, SH.prefix)) for d in shapes.objects(decl, SH.declare)}
    assert {"isnad", "schema", "skos", "xsd"} <= declared
    for c in set(shapes.objects(None, SH.sparql)):
        assert shapes.value(c, SH.prefixes) == decl
        assert shapes.value(c, SH.select) is not None


def test_node_shapes_use_target_class(shapes):
    targets = {
        shapes.value(s, SH.targetClass)
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (s, SH.targetClass, None) in shapes
    }
    expected = {
        ISNAD.Claim, ISNAD.DirectQuote, ISNAD.IndirectQuote, ISNAD.HeadlineClaim, ISNAD.Article,
        ISNAD.Outlet, ISNAD.NewsAgency, ISNAD.Statement, URIRef("https://schema.org/Person"),
        URIRef("https://schema.org/Organization"), SKOS.Concept, URIRef("http://www.w3.org/ns/prov#Activity"),
    }
    assert targets == expected


# --------------------------------------------------------------------------------------
# The ontology
# --------------------------------------------------------------------------------------

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}


def test_files_parse():
    for path in (ONTOLOGY_TTL, TOPICS_TTL, SHAPES_TTL, VALID_TTL):
        assert len(Graph().parse(path)) > 0, path


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    version = str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert version_iri == URIRef(f"https://w3id.org/isnad/ontology/{version}")
    from kg.vocab import ONTOLOGY_VERSION_IRI
    assert version_iri == ONTOLOGY_VERSION_IRI
    titles = {t.language for t in ontology.objects(ONTOLOGY_IRI, DCTERMS.title)}
    assert titles == {"ar", "en"}
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.created).datatype == XSD.date
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "isnad"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(ISNAD)


def test_every_term_is_labelled_defined_and_attributed(ontology):
    terms = declared_terms(ontology) | {ISNAD.Topics}
    assert len(terms) > 40
    for term in terms:
        labels = {l.language for l in ontology.objects(term, RDFS.label)}
        assert {"ar", "en"} <= labels, term
        definitions = {d.language for d in ontology.objects(term, SKOS.definition)}
        assert "en" in definitions, term
        defined_by = ontology.value(term, RDFS.isDefinedBy)
        assert defined_by is not None, term
        if term.startswith(str(ISNAD)):
            assert defined_by == ONTOLOGY_IRI, term


def test_own_properties_have_domain_range_and_a_property_type(ontology):
    own = {t for t in declared_terms(ontology) if t.startswith(str(ISNAD))}
    props = {t for t in own if (t, RDF.type, OWL.Class) not in ontology}
    assert len(props) == 17
    for p in props:
        assert ontology.value(p, RDFS.domain) is not None, p
        assert ontology.value(p, RDFS.range) is not None, p
        kinds = set(ontology.objects(p, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert len(kinds) == 1, p


CONTRACT_CLASSES = ["Claim", "DirectQuote", "IndirectQuote", "HeadlineClaim", "Article", "Outlet", "NewsAgency"]
CONTRACT_PROPERTIES = [
    "text", "speaker", "speakerMention", "reportedIn", "statedOn", "topic", "charStart", "charEnd",
    "confidence", "sameStatementAs", "sourceFile", "credits", "contentHash", "retrievedOn", "country",
    "softwareVersion",
]


def test_contract_terms_are_declared(ontology):
    for name in CONTRACT_CLASSES:
        assert (ISNAD[name], RDF.type, OWL.Class) in ontology, name
    for name in CONTRACT_PROPERTIES:
        types = set(ontology.objects(ISNAD[name], RDF.type))
        assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("prop, expected", [
    ("text", True), ("speaker", True), ("speakerMention", True), ("reportedIn", True),
    ("statedOn", True), ("charStart", True), ("charEnd", True), ("confidence", True),
    ("sourceFile", True), ("contentHash", True), ("retrievedOn", True), ("country", True),
    ("softwareVersion", True), ("topic", False), ("credits", False), ("sameStatementAs", False),
    ("statement", True),
])
def test_functional_properties_follow_the_cardinalities(ontology, prop, expected):
    assert ((ISNAD[prop], RDF.type, OWL.FunctionalProperty) in ontology) is expected


def test_alignments(ontology):
    schema = "https://schema.org/"
    prov = "http://www.w3.org/ns/prov#"
    sub = RDFS.subClassOf
    assert (ISNAD.Claim, sub, URIRef(schema + "Claim")) in ontology
    assert (ISNAD.Article, sub, URIRef(schema + "NewsArticle")) in ontology
    assert (ISNAD.Outlet, sub, URIRef(schema + "NewsMediaOrganization")) in ontology
    assert (ISNAD.NewsAgency, sub, ISNAD.Outlet) in ontology
    kinds = [ISNAD.DirectQuote, ISNAD.IndirectQuote, ISNAD.HeadlineClaim]
    for k in kinds:
        assert (k, sub, ISNAD.Claim) in ontology
        for other in kinds:
            if other != k:
                assert (k, OWL.disjointWith, other) in ontology
    assert (ISNAD.text, RDFS.subPropertyOf, URIRef(schema + "text")) in ontology
    assert (ISNAD.reportedIn, RDFS.subPropertyOf, URIRef(prov + "wasDerivedFrom")) in ontology
    assert (ISNAD.speaker, RDFS.subPropertyOf, URIRef(prov + "wasAttributedTo")) in ontology
    assert (ISNAD.sameStatementAs, RDF.type, OWL.SymmetricProperty) in ontology
    assert (ISNAD.softwareVersion, RDFS.domain, URIRef(prov + "Activity")) in ontology


# --------------------------------------------------------------------------------------
# The topic scheme
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def topics_yaml() -> dict:
    return yaml.safe_load(TOPICS_YAML.read_text(encoding="utf-8"))


def test_topics_yaml_copy_is_well_formed(topics_yaml):
    assert set(topics_yaml) == {"files", "themes"}
    for group in topics_yaml.values():
        for key, entry in group.items():
            assert set(entry) == {"ar", "en", "cues"}, key


def test_topics_match_the_yaml(topics, topics_yaml):
    expected = {key: entry for group in topics_yaml.values() for key, entry in group.items()}
    concepts = set(topics.subjects(RDF.type, SKOS.Concept))
    assert concepts == {topic_iri(k) for k in expected}
    for key, entry in expected.items():
        c = topic_iri(key)
        labels = {(str(l), l.language) for l in topics.objects(c, SKOS.prefLabel)}
        assert labels == {(entry["ar"], "ar"), (entry["en"], "en")}, key
        assert [str(n) for n in topics.objects(c, SKOS.notation)] == [key]
        assert (c, SKOS.inScheme, TOPICS_SCHEME) in topics
        assert (c, SKOS.topConceptOf, TOPICS_SCHEME) in topics
        assert (TOPICS_SCHEME, SKOS.hasTopConcept, c) in topics
        hidden = {str(h) for h in topics.objects(c, SKOS.hiddenLabel)}
        assert hidden == set(entry["cues"]) - {entry["ar"]}, key
        assert all(h.language == "ar" for h in topics.objects(c, SKOS.hiddenLabel))


def test_topic_groups_are_the_yaml_groups(topics, topics_yaml):
    for group, entries in topics_yaml.items():
        g = DATA[f"topic-group/{group}"]
        assert (g, RDF.type, SKOS.Collection) in topics
        assert {l.language for l in topics.objects(g, SKOS.prefLabel)} == {"ar", "en"}
        assert set(topics.objects(g, SKOS.member)) == {topic_iri(k) for k in entries}


def test_topic_scheme_is_labelled(topics):
    assert (TOPICS_SCHEME, RDF.type, SKOS.ConceptScheme) in topics
    assert {l.language for l in topics.objects(TOPICS_SCHEME, SKOS.prefLabel)} == {"ar", "en"}


def test_topic_labels_are_pairwise_disjoint(topics):
    # SKOS integrity condition S13: pref/alt/hidden labels of a concept never share a literal.
    for c in topics.subjects(RDF.type, SKOS.Concept):
        pref = set(topics.objects(c, SKOS.prefLabel))
        alt = set(topics.objects(c, SKOS.altLabel))
        hidden = set(topics.objects(c, SKOS.hiddenLabel))
        assert not (pref & alt or pref & hidden or alt & hidden), c


def test_topic_scheme_conforms_on_its_own(shapes, ontology, topics):
    conforms, results = run(Graph() + topics, shapes, ontology)
    assert conforms, [(r.shape, r.focus) for r in results]


def test_graph_built_with_rdflib_terms_conforms(shapes, ontology, topics):
    """What kg/rdf.py writes: plain str, int, date, datetime and Decimal literals."""
    import datetime as dt
    from decimal import Decimal

    from kg.vocab import PROV, SCHEMA

    body = "لافروف: نحن ندعم الحل السياسي"
    art, claim, who, run_ = DATA["article/0123456789abcdef"], DATA["claim/0123456789abcdef-8-29"], \
        DATA["speaker/sergey-lavrov"], DATA["run/1"]
    g = Graph() + topics
    g.add((art, RDF.type, ISNAD.Article))
    g.add((art, SCHEMA.headline, Literal(body)))
    g.add((art, SCHEMA.articleBody, Literal(body)))
    g.add((art, SCHEMA.datePublished, Literal(dt.date(2021, 1, 2))))
    for t in (ISNAD.Claim, ISNAD.HeadlineClaim):
        g.add((claim, RDF.type, t))
    g.add((claim, ISNAD.text, Literal(body[8:29], lang="ar")))
    g.add((claim, ISNAD.speaker, who))
    g.add((claim, ISNAD.reportedIn, art))
    g.add((claim, ISNAD.statedOn, Literal(dt.date(2021, 1, 2))))
    g.add((claim, ISNAD.topic, topic_iri("political-process")))
    g.add((claim, ISNAD.charStart, Literal(8)))
    g.add((claim, ISNAD.charEnd, Literal(len(body))))
    g.add((claim, ISNAD.confidence, Literal(Decimal("0.8"))))
    g.add((claim, PROV.wasGeneratedBy, run_))
    g.add((who, RDF.type, SCHEMA.Person))
    g.add((who, SKOS.prefLabel, Literal("سيرغي لافروف", lang="ar")))
    g.add((run_, RDF.type, PROV.Activity))
    g.add((run_, PROV.startedAtTime, Literal(dt.datetime(2021, 1, 3, 9, 30, tzinfo=dt.timezone.utc))))
    g.add((run_, ISNAD.softwareVersion, Literal("0.1.0")))
    conforms, results = run(g, shapes, ontology)
    assert conforms, [(r.shape, r.focus, r.messages) for r in results]

    # A Python float becomes xsd:double, which the confidence shape rejects.
    g.set((claim, ISNAD.confidence, Literal(0.8)))
    conforms, results = run(g, shapes, ontology)
    assert {r.shape for r in results} == {SHAPES["Claim-confidence"]}


# --------------------------------------------------------------------------------------
# The fast engine (rudof) screens builds: it must agree with pyshacl on every example
# --------------------------------------------------------------------------------------

ILL_TYPED = Case("claim-date-ill-typed",
                 "DELETE WHERE { claim:78adcc423a5a4434-98-144 isnad:statedOn ?d };"
                 'INSERT DATA { claim:78adcc423a5a4434-98-144 isnad:statedOn "2021-13-45"^^xsd:date }',
                 ("Claim-statedOn",))


@pytest.mark.parametrize("case", CASES + [ILL_TYPED], ids=[c.id for c in CASES] + [ILL_TYPED.id])
def test_rudof_screen_agrees_with_pyshacl(case, shapes, ontology, topics):
    import pyrudof

    from kg.shacl_fast import validate_parts

    data = edited(case, topics)
    reference, fast = (validate_parts([data], engine=e) for e in ("pyshacl", "rudof"))
    assert fast.conforms == reference.conforms
    assert fast.violations == reference.violations  # a rejection carries pyshacl's report
    conforms, results = run(data, shapes, ontology)
    # rudof on its own blames the same shapes, unless it cannot evaluate the data at all
    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_shacl(SHAPES_TTL.read_text())
    session.read_data((data + ontology).serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    try:
        report = session.validate_shacl()
    except pyrudof.RudofError:
        assert not conforms
        return
    if case is not ILL_TYPED:  # rudof does not check lexical forms; the screen does, before rudof
        assert {str(v.source_shape) for v in report} == {str(r.shape) for r in results}
