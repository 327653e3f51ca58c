"""Headline claims «Speaker: statement»."""

import pytest

from kg.extract import extract_text as run


def claims(text):
    return [(c.kind, c.speaker.key, c.text) for c in run(text).claims]


def test_headline_speaker_statement():
    out = claims("ماكرون: لا بديل عن الحل الدبلوماسي في أوكرانيا\nباريس - أ ف ب\nوصل الرئيس إلى بروكسل.")
    assert out == [("headline", "emmanuel-macron", "لا بديل عن الحل الدبلوماسي في أوكرانيا")]


def test_furniture_colons_are_not_headlines():
    assert claims("عاجل: انفجار قرب الميناء في بيروت\nالمصدر: الجزيرة\nموسكو: سامي عمارة") == []


def test_repeated_title_recorded_once():
    out = claims("غوتيريش: الوضع في السودان كارثي\nغوتيريش: الوضع في السودان كارثي\nنص الخبر.")
    assert len(out) == 1


def test_outlet_headline_is_credited():
    ex = run("رويترز: الحكومة العراقية تدرس طلبا أمريكيا\nنص الخبر.")
    assert ex.claims[0].speaker.key == "reuters"
    assert [c.key for c in ex.meta.credits] == ["reuters"]


def test_present_tense_title_without_quote_is_not_a_claim():
    assert claims("بايدن يؤكد دعم بلاده لأوكرانيا\nنص الخبر.") == []


def test_headline_with_addressee_or_verb_before_the_colon():
    assert claims("بوتين لماكرون: الغرب يتحمل مسؤولية التصعيد\nنص.") == [
        ("headline", "vladimir-putin", "الغرب يتحمل مسؤولية التصعيد")]
    assert claims("أردوغان يؤكد: لن نتخلى عن حقوقنا في المتوسط\nنص.") == [
        ("headline", "recep-tayyip-erdogan", "لن نتخلى عن حقوقنا في المتوسط")]


@pytest.mark.parametrize("title, key, statement", [
    ("بيسكوف يرد على ماكرون: تصريحاتك خطيرة جدا", "dmitry-peskov", "تصريحاتك خطيرة جدا"),
    ("أردوغان يحذر من عواقب التصعيد: لن نقف مكتوفي الأيدي", "recep-tayyip-erdogan", "لن نقف مكتوفي الأيدي"),
])
def test_speaker_and_a_reporting_verb_with_its_object(title, key, statement):
    ex = run(title + "\nموسكو - سبوتنيك\nأجرى الوزير محادثات مع نظيره.\n")
    assert [(c.kind, c.speaker.key, c.text) for c in ex.claims] == [("headline", key, statement)]


def test_an_event_before_the_colon_is_no_speaker():
    ex = run("قمة طهران الثلاثية تختتم أعمالها: اتفاق على مواصلة التنسيق\nطهران - إرنا\nاختتمت القمة أعمالها.\n")
    assert ex.claims == []
