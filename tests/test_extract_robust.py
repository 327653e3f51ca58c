"""Any string in, no exception out; every claim's offsets slice the printed text."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract_text as run
from kg.normalize import normalize

_PIECES = ["قال", "وقال", "إن", "أن", "وأضاف", ":", "«", "»", "“", "”", '"', "الوزير", "لافروف", "أمس", "اليوم",
           "وزارة", "الخارجية", "الروسية", "مصادر", "عسكرية", "ـ.ـ", "ـ", "\n", "\n\n", " ", "،", ".", "-", "(", ")",
           "12 مارس 2021", "٢٠٢٠", "\u200c", "ﻻ", "المصدر", "رويترز", "مشيرا", "إلى", "عن", "بيان", "جاء", "في", "x",
           "سفير", "روسيا", "لدى", "تركيا", "وزير", "خارجية", "قائلا", "وغرد", "لم", "تسمه", "نقلا", "وكالة", "تاس",
           "الخامس", "من", "الشهر", "الجاري", "الـ12", "مضيفة", "صدر", "مساء", "أليكسي", "المشاركون", "فإن"]


def _check(text):
    ex = run(text)
    assert ex.meta is not None
    assert not [n for n in ex.notes if "failed" in n], ex.notes
    if not ex.claims:
        assert ex.notes
    for c in ex.claims:
        assert 0 <= c.start <= c.end <= len(text)
        assert normalize(text[c.start:c.end]) == c.text
        assert c.speaker is not None and c.speaker.key
        assert 0.0 <= c.confidence <= 1.0
        assert 1 <= len(c.topics) <= 3
        if c.stated_on is not None and ex.meta.published is not None:
            assert c.stated_on <= ex.meta.published
    if ex.meta.published is not None:
        assert isinstance(ex.meta.published, dt.date)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join))
def test_arabic_news_shaped_noise(text):
    _check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_unicode(text):
    _check(text)


def test_empty_and_whitespace():
    for t in ["", " ", "\n\n", "«", "»»««", '"""', "ـ.ـ"]:
        _check(t)


def test_corpus_slices_with_damaged_marks():
    import random
    from pathlib import Path

    rnd = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))]
    for _ in range(60):
        t = rnd.choice(texts)
        a = rnd.randrange(len(t))
        chars = list(t[a:a + rnd.randrange(1500)])
        for _ in range(rnd.randrange(8)):
            if chars:
                chars[rnd.randrange(len(chars))] = rnd.choice('«»“”"\n:،.-ـ ')
        _check("".join(chars))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["\x1c", "\x1f", "\u064e", "\u0651", "\t", "\u00a0", "+", "ـ"]), max_size=30).map("".join),
       st.integers(0, 5))
def test_chunked_tokenizer_equals_the_token_pattern(text, cut):
    """Tokens built from cached whitespace-free chunks are those of the token pattern over the text."""
    from kg.extract.segment import _tokenize, tokenize

    start = min(cut, len(text))
    assert tokenize(text, start, len(text)) == _tokenize(text, start, len(text))
    assert tokenize(text, 0, max(0, len(text) - cut)) == _tokenize(text, 0, max(0, len(text) - cut))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(list("سيرغجقشوتاأإلآىةـ") + ["\u064e", "\ufe70", "ﻻ", "Σ", "x"]), min_size=1, max_size=8)
                .map("".join), min_size=1, max_size=4))
def test_a_phrase_sounds_as_its_words(words):
    """match_phonetic builds the sound key of a phrase from its words' keys."""
    from kg.extract.lexicon import phonetic

    assert phonetic(" ".join(words)) == " ".join(p for p in map(phonetic, words) if p)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("تشچجغقگثصذظضطخحعاويءآأإىةؤئهلمنبكسزدر ـ")), max_size=14))
def test_sound_key_uses_each_replacement_in_turn(name):
    """phonetic() (one translate after تش) equals applying the replacement pairs one after another."""
    from kg.extract.lexicon import _PHON, _VOWELS, phonetic
    from kg.normalize import fold

    out = []
    for w in fold(name).split():
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]
        for a, b in _PHON:
            w = w.replace(a, b)
        sk = w[:1] if w[:1] not in _VOWELS else "ا"
        for ch in w[1:]:
            if ch not in _VOWELS and ch != sk[-1:]:
                sk += ch
        out.append(sk)
    assert phonetic(name) == " ".join(out)
