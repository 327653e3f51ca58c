"""Bad input to the build: every bad file gets its own clear message, the rest is published.

Each case is a real file in a copy of the corpus, built by the real build; the store is
then read back to check what went in. Property tests push arbitrary text through reading,
normalising, extracting and the whole build.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kg.build import build
from kg.corpus import CorpusError, decode, read_bytes, read_corpus
from kg.extract import extract
from kg.model import SourceDoc
from kg.normalize import fold, normalize
from kg.settings import PROJECT_ROOT, Settings
from kg.store import DataDir, open_store

ARABIC = "قال وزير الخارجية إن الوضع في المنطقة مستقر وإن المحادثات ستستمر الأسبوع المقبل."
ARTICLES = """PREFIX isnad: <https://w3id.org/isnad/ontology#> PREFIX schema: <https://schema.org/>
SELECT ?a ?file ?body WHERE { ?a a isnad:Article ; isnad:sourceFile ?file ; schema:articleBody ?body }"""
SPANS = """PREFIX isnad: <https://w3id.org/isnad/ontology#> PREFIX schema: <https://schema.org/>
SELECT ?c ?text ?start ?end ?body WHERE {
  ?c a isnad:Claim ; isnad:text ?text ; isnad:charStart ?start ; isnad:charEnd ?end ; isnad:reportedIn ?a .
  ?a schema:articleBody ?body }"""


def settings_for(tmp_path, corpus) -> Settings:
    return Settings.load(env={}, overrides={"data": str(tmp_path / "data"), "corpus": str(corpus)})


def published(settings: Settings) -> dict[str, str]:
    """sourceFile -> articleBody of every article in the published store."""
    store = open_store(DataDir(settings.data_dir).current())
    return {s["file"].value: s["body"].value for s in store.query(ARTICLES, use_default_graph_as_union=True)}


def test_vocabulary_matches_the_writer():
    """The vocabulary used above is the one the RDF writer uses."""
    from kg.rdf import ISNAD, SCHEMA

    assert str(ISNAD) == "https://w3id.org/isnad/ontology#" and str(SCHEMA) == "https://schema.org/"


# --- one reader call per kind of bad bytes -------------------------------------------------------------

@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n ", "empty file"),
    ("nul.txt", b"\x00\x01\x02binary", "binary"),
    ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    ("controls.txt", bytes(range(1, 32)) * 50, "binary"),
    ("latin1.txt", "Le ministre a déclaré que la situation était stable.".encode("latin-1"), "not UTF-8"),
    ("shiftjis.txt", "外務大臣は状況が安定していると述べた".encode("shift_jis"), "not UTF-8"),
    ("bad.jsonl", b'{"text": 3}\n{not json}\n', "bad JSON-lines record"),
    ("empty.html", b"<html><head><style>p{}</style></head><body><script>go()</script></body></html>", "no main text"),
])
def test_bad_bytes_get_a_reason(name, data, reason):
    out = read_bytes(name, data)
    assert out and all(isinstance(o, CorpusError) for o in out)
    assert all(reason in o.reason and o.name.startswith(name) for o in out), out


def test_windows_1256_is_detected_and_decoded():
    (doc,) = read_bytes("w.txt", ARABIC.encode("cp1256"))
    assert doc.text == ARABIC


def test_utf8_bom_and_crlf():
    (doc,) = read_bytes("b.txt", b"\xef\xbb\xbf" + ARABIC.replace(".", ".\r\n").encode())
    assert doc.text == ARABIC.replace(".", ".\n") and "\r" not in doc.text


def test_html_in_a_txt_file_is_read_as_html():
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body><article><h1>عنوان الخبر</h1>" \
           f"<p>{ARABIC}</p><p>{ARABIC}</p></article><script>var x = 1;</script></body></html>"
    (doc,) = read_bytes("page.txt", page.encode())
    assert ARABIC in doc.text and "<p>" not in doc.text and "var x" not in doc.text


def test_too_large_is_rejected_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 50 MB, sparse where the file system allows it
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")
    (err,) = list(read_corpus(tmp_path))
    assert isinstance(err, CorpusError) and "too large" in err.reason and "52428800" in err.reason


# --- the whole build over a corpus holding every bad case ---------------------------------------------------

@pytest.fixture()
def bad_corpus(tmp_corpus):
    articles = sorted(tmp_corpus.glob("*.txt"))
    (tmp_corpus / "900_empty.txt").write_bytes(b"")
    (tmp_corpus / "901_binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + os.urandom(4096))
    (tmp_corpus / "902_cp1256.txt").write_bytes(("خبر بترميز قديم\n" + ARABIC).encode("cp1256"))
    (tmp_corpus / "903_latin1.txt").write_bytes("Le ministre a déclaré.".encode("latin-1"))
    with open(tmp_corpus / "904_huge.txt", "wb") as fh:
        fh.seek(50 * 1024 * 1024 - 1)
        fh.write(b"\n")
    (tmp_corpus / "905_page.txt").write_text(
        f"<html><body><article><h1>عنوان</h1><p>{ARABIC}</p><p>{ARABIC}</p></article></body></html>", encoding="utf-8")
    (tmp_corpus / "906_noclaims.txt").write_text("نشرة الطقس\nالجو مشمس غدا في معظم المناطق.", encoding="utf-8")
    (tmp_corpus / "907_copy.txt").write_bytes(articles[0].read_bytes())
    return tmp_corpus


def test_build_reports_each_bad_file_and_publishes_the_rest(tmp_path, bad_corpus):
    settings = settings_for(tmp_path, bad_corpus)
    report = build(settings, log=lambda m: None)
    by_name = {o.name: o for o in report.outcomes}
    expect = {"900_empty.txt": "empty file", "901_binary.txt": "binary", "903_latin1.txt": "not UTF-8",
              "904_huge.txt": "too large", "907_copy.txt": "same text as 000_"}
    for name, words in expect.items():
        assert by_name[name].status in ("unreadable", "rejected") and words in " ".join(by_name[name].reasons), name
    assert by_name["906_noclaims.txt"].status == "published"
    assert any("no attributed claims" in r for r in by_name["906_noclaims.txt"].reasons)
    assert report.exit_code == 1
    bodies = published(settings)
    originals = sorted(p.name for p in bad_corpus.glob("0*.txt"))
    assert set(originals) | {"902_cp1256.txt", "905_page.txt", "906_noclaims.txt"} == set(bodies)
    assert bodies["902_cp1256.txt"] == "خبر بترميز قديم\n" + ARABIC
    assert ARABIC in bodies["905_page.txt"] and "<p>" not in bodies["905_page.txt"]


def test_cli_build_exit_code_and_messages(tmp_path, bad_corpus):
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "--corpus", str(bad_corpus), "--data",
                           str(tmp_path / "data")], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1, proc.stderr
    for name in ("900_empty.txt", "901_binary.txt", "903_latin1.txt", "904_huge.txt", "907_copy.txt"):
        assert name in proc.stderr and name in proc.stdout
    assert "Traceback" not in proc.stderr
    assert DataDir(tmp_path / "data").current() is not None


def test_renamed_file_keeps_its_identity(tmp_path, tmp_corpus):
    settings = settings_for(tmp_path, tmp_corpus)
    build(settings, log=lambda m: None)
    first = open_store(DataDir(settings.data_dir).current())
    before = {s["a"].value for s in first.query(ARTICLES, use_default_graph_as_union=True)}
    triples_before = len(first) - _run_triples(first)
    del first
    victim = sorted(tmp_corpus.glob("*.txt"))[1]
    victim.rename(tmp_corpus / "999_renamed.txt")
    report = build(settings, log=lambda m: None)
    assert report.exit_code == 0
    second = open_store(DataDir(settings.data_dir).current())
    after = {s["a"].value: s["file"].value for s in second.query(ARTICLES, use_default_graph_as_union=True)}
    assert set(after) == before, "same texts, same article IRIs"
    assert "999_renamed.txt" in after.values() and victim.name not in after.values()
    assert len(second) - _run_triples(second) == triples_before


def _run_triples(store) -> int:
    """Triples that differ between two builds of the same corpus: the build-run description."""
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/isnad/id/graph/runs> { ?s ?p ?o } }"
    return int(next(iter(store.query(q)))["n"].value)


# --- properties: any text in, no exception out, spans slice back ------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
arabic_words = st.lists(st.sampled_from(ARABIC.split() + ["«", "»", '"', ":", "،", "\n", "قال", "أكد", "الرئيس"]),
                        max_size=60).map(" ".join)


@hsettings(max_examples=200, deadline=None)
@given(texts)
def test_reading_never_raises(text):
    for data in (text.encode("utf-8"), text.encode("utf-16"), text.encode("cp1256", "replace")):
        out = read_bytes("x.txt", data)
        assert all(isinstance(o, (SourceDoc, CorpusError)) for o in out)


@hsettings(max_examples=200, deadline=None)
@given(st.one_of(texts, arabic_words))
def test_normalise_and_extract_never_raise(text):
    fold(text)
    doc = SourceDoc(name="x.txt", text=text, sha256="0" * 64)
    ex = extract(doc)
    for c in ex.claims:  # the project's span contract (kg/normalize.py): text == normalize(slice)
        assert 0 <= c.start < c.end <= len(text)
        assert normalize(text[c.start:c.end]) == c.text


def build_one(root, text: str) -> tuple[Settings, list]:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(text.encode("utf-8"))
    settings = settings_for(root, corpus)
    report = build(settings, log=lambda m: None)
    return settings, report.outcomes


def test_whole_build_spans_on_a_known_claim(tmp_path):
    """The template below does give claims, so the property test over it checks real spans."""
    settings, (outcome,) = build_one(tmp_path, "عنوان الخبر\nنص\nوقال وزير الخارجية الروسي سيرغي لافروف: «الوضع مستقر  في\nالمنطقة».\n")
    assert outcome.status == "published" and outcome.claims >= 1
    store = open_store(DataDir(settings.data_dir).current())
    spans = list(store.query(SPANS, use_default_graph_as_union=True))
    assert spans
    for s in spans:
        start, end = int(s["start"].value), int(s["end"].value)
        assert normalize(s["body"].value[start:end]) == s["text"].value == "الوضع مستقر في المنطقة"


@pytest.mark.slow
@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(texts, arabic_words), quote=arabic_words)
def test_whole_build_keeps_spans(tmp_path_factory, body, quote):
    """One article built from arbitrary text: it is published or refused with a reason, never a crash;
    every claim's charStart/charEnd slice the stored articleBody back to the claim text (as
    kg/normalize.py defines it: isnad:text is the slice with whitespace runs, tatweel and
    zero-width marks cleaned)."""
    root = tmp_path_factory.mktemp("prop")
    corpus = root / "corpus"
    corpus.mkdir()
    text = f"عنوان الخبر\n{body}\nوقال وزير الخارجية الروسي سيرغي لافروف: «{quote}».\n"
    (corpus / "a.txt").write_bytes(text.encode("utf-8"))
    settings = settings_for(root, corpus)
    report = build(settings, log=lambda m: None)
    (outcome,) = report.outcomes
    if outcome.status != "published":
        assert outcome.reasons, outcome
        return
    store = open_store(DataDir(settings.data_dir).current())
    (body_stored,) = published(settings).values()
    assert body_stored == decode(text.encode("utf-8")).replace("\r\n", "\n").replace("\r", "\n")
    for s in store.query(SPANS, use_default_graph_as_union=True):
        start, end = int(s["start"].value), int(s["end"].value)
        assert 0 <= start < end <= len(s["body"].value)
        assert normalize(s["body"].value[start:end]) == s["text"].value
