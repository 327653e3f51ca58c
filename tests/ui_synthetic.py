"""A small synthetic corpus with claims, built into a temp data folder the way kg.build lays it out.

Used by the browse, Linked Data, downloads and browser tests while the real extractor is
not merged, and to test escaping: one article carries XSS payloads in its headline, claim
text and speaker name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pyoxigraph as ox

from kg.build import merge_entities
from kg.iris import Minter
from kg.model import ArticleMeta, Claim, Extraction, OutletRef, SourceDoc, SpeakerRef
from kg.rdf import BuildRun, article_rdf
from kg.search import build_index
from kg.settings import Settings
from kg.store import SHACL_REPORT, STORE, DataDir
from kg.validate import ONTOLOGY_TTL, TOPICS_TTL

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

LAVROV = SpeakerRef(key="sergey-lavrov", kind="person", label_ar="سيرغي لافروف", label_en="Sergey Lavrov",
                    role="وزير الخارجية الروسي", country="RU", aliases=["سيرجي لافروف"])
CAVUSOGLU = SpeakerRef(key="mevlut-cavusoglu", kind="person", label_ar="مولود جاويش أوغلو",
                       label_en="Mevlut Cavusoglu", role="وزير الخارجية التركي", country="TR",
                       aliases=["مولود تشاووش أوغلو"])
HOSTILE = SpeakerRef(key="hostile-speaker", kind="person", label_ar="المتحدث " + XSS, label_en="Hostile " + XSS,
                     country="XX")
RT = OutletRef(key="rt-arabic", label_ar="روسيا اليوم", label_en="RT Arabic")
TASS = OutletRef(key="tass", label_ar="تاس", label_en="TASS", kind="agency")
ANADOLU = OutletRef(key="anadolu", label_ar="الأناضول", label_en="Anadolu Agency", kind="agency")

# (file name, headline, date, publisher, credits, [(speaker, kind, claim text, topics, stated_on)])
ARTICLES = [
    ("000_lavrov_libya.txt", "لافروف: لا حل عسكريا في ليبيا", dt.date(2020, 1, 14), RT, [TASS], [
        (LAVROV, "direct", "لا يوجد حل عسكري للأزمة الليبية", ["libya", "political-process"], dt.date(2020, 1, 13)),
        (LAVROV, "indirect", "مكافحة الإرهاب في ليبيا أولوية لموسكو", ["libya", "counter-terrorism"], None),
    ]),
    ("001_cavusoglu_libya.txt", "جاويش أوغلو يتحدث عن ليبيا", dt.date(2020, 3, 2), None, [ANADOLU], [
        (CAVUSOGLU, "direct", "وقف إطلاق النار في ليبيا يجب أن يصمد", ["libya", "ceasefire"], None),
        (CAVUSOGLU, "indirect", "تركيا تدعم الحكومة الشرعية في ليبيا", ["libya", "political-process"], None),
    ]),
    ("002_lavrov_syria.txt", "لافروف يبحث الملف السوري", dt.date(2021, 5, 20), RT, [], [
        (LAVROV, "direct", "العملية السياسية في سوريا تتقدم ببطء", ["syria", "political-process"], None),
    ]),
    ("003_hostile.txt", "عنوان " + XSS, dt.date(2019, 7, 1), TASS, [], [
        (HOSTILE, "direct", "تصريح " + XSS + " عن الإرهاب", ["counter-terrorism"], None),
    ]),
]


def _doc(name: str, headline: str, claims) -> tuple[SourceDoc, list[tuple[int, int]]]:
    paras = [headline]
    for sp, kind, text, _, _ in claims:
        paras.append(f"وقال {sp.label_ar} في تصريح صحفي: «{text}». وأضاف أن الاتصالات مستمرة.")
    body = "\n".join(paras)
    spans, pos = [], 0
    for _, _, text, _, _ in claims:
        start = body.index(text, pos)
        spans.append((start, start + len(text)))
        pos = start + len(text)
    return SourceDoc(name=name, text=body, sha256=hashlib.sha256(body.encode()).hexdigest()), spans


def extractions() -> list[Extraction]:
    out = []
    for name, headline, date, pub, credits, claims in ARTICLES:
        doc, spans = _doc(name, headline, claims)
        cl = [Claim(kind=kind, start=s, end=e, text=text, speaker=sp, topics=topics, stated_on=on, confidence=0.9)
              for (sp, kind, text, topics, on), (s, e) in zip(claims, spans)]
        meta = ArticleMeta(headline=headline, published=date, publisher=pub, credits=list(credits), dateline="موسكو")
        out.append(Extraction(doc=doc, meta=meta, claims=cl))
    return out


def build_synthetic(data: Path, *, base_iri: str = "https://w3id.org/isnad/id/") -> Settings:
    """Write the synthetic articles as a published build in ``data``; returns its Settings."""
    settings = Settings.load(env={}, overrides={"data": str(data), "base_iri": base_iri, "query_timeout": 5,
                                                "page_size": 2})
    minter = Minter(base_iri)
    run = BuildRun.create(version="0.0.0-test", started="2026-01-01T00:00:00+00:00")
    datadir = DataDir(data)
    build = datadir.new_build()
    store = ox.Store(str(build / STORE))

    def load(data_bytes: bytes, graph: str, fmt=ox.RdfFormat.N_TRIPLES) -> None:
        store.bulk_load(data_bytes, fmt, to_graph=ox.NamedNode(graph))

    load(ONTOLOGY_TTL.read_bytes(), minter.graph("ontology"), ox.RdfFormat.TURTLE)
    load(TOPICS_TTL.read_bytes(), minter.graph("topics"), ox.RdfFormat.TURTLE)
    arts = [article_rdf(ex, minter, run) for ex in extractions()]
    entities = merge_entities(a.entities.serialize(format="nt") for a in arts)
    load(entities.serialize(format="nt").encode(), minter.graph("entities"))
    load(run.triples(minter).serialize(format="nt").encode(), minter.graph("runs"))
    for a in arts:
        load(a.graph.serialize(format="nt").encode(), str(a.iri))
    store.flush()
    store = None  # closes the writable store before the catalogue opens it read-only
    build_index(build, base_iri)
    (build / SHACL_REPORT).write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                      "[] a sh:ValidationReport ; sh:conforms true .\n")
    datadir.publish(build)
    return settings


# Fixtures (imported by the test modules that use them).

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def synth(tmp_path_factory) -> Settings:
    """The synthetic corpus, built and published in a temp data folder."""
    return build_synthetic(tmp_path_factory.mktemp("synth"))


@pytest.fixture(scope="session")
def synth_app(synth):
    from kg.server import create_app

    app = create_app(synth)
    app.config["TESTING"] = True
    yield app
    app.extensions["isnad"].engine.close()


@pytest.fixture()
def synth_client(synth_app):
    return synth_app.test_client()
