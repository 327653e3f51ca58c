"""The synthetic corpus generator: reproducible, varied, and its records match its text."""

from __future__ import annotations

from collections import Counter

from kg.corpus import read_corpus
from kg.model import SourceDoc
from kg.synth import EASTERN, MONTHS_LEV, SPEAKERS, article, articles, oracle_extract, write_corpus


def test_same_seed_same_corpus_other_seed_other_corpus():
    a = [x.text for x in articles(30, seed=11)]
    assert a == [x.text for x in articles(30, seed=11)]
    assert a != [x.text for x in articles(30, seed=12)]
    assert len(set(a)) == 30


def test_every_claim_span_is_the_claim_text_and_has_speaker_topic_and_date():
    for a in articles(300, seed=1):
        assert a.extraction.claims
        for c in a.extraction.claims:
            assert a.text[c.start:c.end] == c.text
            assert c.speaker is not None and c.topics and c.stated_on is not None
            assert c.stated_on <= a.extraction.meta.published


def test_spellings_date_forms_and_speech_kinds_vary():
    texts = [a.text for a in articles(400, seed=2)]
    joined = "\n".join(texts)
    kinds = Counter(c.kind for a in articles(400, seed=2) for c in a.extraction.claims)
    assert set(kinds) == {"direct", "indirect", "headline"}
    spellings = {s for entry in SPEAKERS for s in (entry[2],) + entry[4] if s in joined}
    assert len(spellings) > len(SPEAKERS) * 1.5  # more than one spelling of most speakers
    assert any(m in joined for m in MONTHS_LEV)  # Levantine month names
    assert any(chr(c) in joined for c in EASTERN.values())  # Eastern Arabic digits
    assert " هـ" in joined and ("أمس" in joined or "اليوم" in joined)  # Hijri and relative dates
    assert "«" in joined and " إن " in joined


def test_written_corpus_reads_back_and_oracle_gives_the_generated_claims(tmp_path):
    write_corpus(tmp_path, 25, seed=4)
    docs = list(read_corpus(tmp_path))
    assert len(docs) == 25 and all(isinstance(d, SourceDoc) for d in docs)
    for d in docs:
        ex = oracle_extract(d)
        i = int(d.name.split("-")[2].split(".")[0])
        assert ex.doc is d
        assert [(c.start, c.end) for c in ex.claims] == [(c.start, c.end) for c in article(i, seed=4).extraction.claims]


def test_oracle_hands_an_edited_article_to_the_real_extractor():
    from kg.extract import extract

    a = article(3, seed=9)
    edited = SourceDoc(name=a.name, text=a.text + "\nتعديل", sha256="0" * 64)
    assert oracle_extract(edited) == extract(edited)
