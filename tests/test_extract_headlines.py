"""Headline claims «Speaker: statement»."""

from _arts import claims, run


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
