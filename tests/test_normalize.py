"""Normalisation keeps offsets into the printed text; folding unifies spelling variants."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.normalize import fold, fold_words, normalize, normalize_map


def test_censorship_splits_and_tatweel():
    assert normalize("ضد تنظيم داعـ.ـش والإرهـ-ـاب") == "ضد تنظيم داعش والإرهاب"
    assert normalize("مـــصـــر") == "مصر"
    # a real stop or hyphen between words stays
    assert normalize("انتهى. بدأ") == "انتهى. بدأ"
    assert normalize("شمال - جنوب") == "شمال - جنوب"


def test_zero_width_presentation_forms_persian_digits():
    assert normalize("ﺍﻟﺴﻼﻡ") == "السلام"
    assert normalize("ب\u200cيروت\u200f") == "بيروت"
    assert normalize("کرمان یزد") == "كرمان يزد"
    assert normalize("٢٠٢٣ و۱۴") == "2023 و14"


def test_offsets_map_back_to_raw():
    raw = "قال: «مكـ.ـافحة   الإرهـ.ـاب»"
    n = normalize_map(raw)
    i = n.text.index("مكافحة")
    j = n.text.index("»")
    s, e = n.raw_span(i, j)
    assert raw[s:e] == "مكـ.ـافحة   الإرهـ.ـاب"
    assert normalize(raw[s:e]) == n.text[i:j]


def test_newlines_kept_or_collapsed():
    assert normalize_map("أ\n\n\nب").text == "أ\nب"
    assert normalize("أ\n\nب") == "أ ب"


def test_fold_variants():
    assert fold("إيران") == fold("ايران") == fold("آيران")
    assert fold("مصطفى") == fold("مصطفي")
    assert fold("الدبيبة") == fold("الدبيبه")
    assert fold("المُشكلة") == fold("المشكلة")
    assert fold_words("«قال: نعم، لا!»") == ["قال", "نعم", "لا"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتـ.- \n\u200cﻻ٣«»\"ةىأإ") + ["x", "ی"]), max_size=60))
def test_map_is_consistent(raw):
    n = normalize_map(raw)
    assert len(n.offsets) == len(n.text) + 1
    assert list(n.offsets) == sorted(n.offsets)
    assert all(0 <= o <= len(raw) for o in n.offsets)
    if n.text:
        s, e = n.raw_span(0, len(n.text))
        assert normalize(raw[s:e]) == normalize(n.text)


_FOLD_ALPHABET = list("ابتـأإآٱىةؤئ \n«»:،.-") + ["\u064e", "\u0651", "\u0670", "\u06d6", "\u08f0", "x", "X", "Σ", "İ", "+",
                                                 "\x1c", "\x1f", "\t", "\u00a0", "\u200c", "ﻻ", "\ufdfa", "٣", "ی"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLD_ALPHABET), max_size=200))
def test_fast_fold_paths_equal_the_fold_table(s):
    """fold_normalized's replace-based path for long texts and split_fold's chunk cache give the table's result."""
    import regex

    from kg.normalize import _FOLD_TABLE, fold_normalized, split_fold

    assert fold_normalized(s) == s.translate(_FOLD_TABLE).lower()
    word = regex.compile(r"[\p{L}\p{N}+]+")
    assert split_fold(s, word, {}) == word.findall(s.translate(_FOLD_TABLE).lower())
    assert fold_words(s, normalized=True) == regex.findall(r"[\p{L}\p{N}]+", s.translate(_FOLD_TABLE).lower())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLD_ALPHABET), max_size=200))
def test_normalize_equals_the_plain_definition(s):
    """The guarded fast path of normalize: censorship splits, dropped characters, one space per run, NFKC forms."""
    import unicodedata

    import regex

    from kg.normalize import _CENSOR, _DROP_SIMPLE

    t = _CENSOR.sub("", s).translate(_DROP_SIMPLE)
    t = regex.sub(r"\s+", " ", t).strip()
    t = regex.sub(r"[\ufb50-\ufdff\ufe70-\ufefc]+", lambda m: unicodedata.normalize("NFKC", m.group()), t)
    assert normalize(s) == t


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FOLD_ALPHABET + ["  ", " ", " ", "ب", "ـ.ـ", "ـ-", "\n\n", "\u200f"]), max_size=60).map("".join))
def test_special_matches_found_where_they_can_start(raw):
    """normalize_map tries its pattern only where a match can start: the same matches as a full scan."""
    from kg.normalize import _SPECIAL, _specials

    assert [m.span() for m in _specials(raw)] == [m.span() for m in _SPECIAL.finditer(raw)]
