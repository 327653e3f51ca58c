"""Topics: files before themes, bilateral files, fallbacks, 1-3 per claim."""

from _arts import run
from kg.extract.topics import match_topics


def test_files_before_themes():
    assert match_topics("دعم وقف إطلاق النار في إدلب والعملية السياسية") == ["syria", "ceasefire", "political-process"]


def test_bilateral_file_needs_both_sides_or_the_speaker():
    assert "russia-turkey" in match_topics("العلاقات بين موسكو وأنقرة")
    assert "russia-turkey" in match_topics("نثمن موقف أنقرة", speaker_country="RU")
    assert "russia-turkey" not in match_topics("نثمن موقف أنقرة", speaker_country="FR")


def test_every_claim_has_one_to_three_topics():
    ex = run("قال الوزير التونسي إن الحدود آمنة.\nوأكد أن الوحدات منتشرة.")
    assert ex.claims and all(1 <= len(c.topics) <= 3 for c in ex.claims)


def test_claim_without_cue_takes_article_file():
    ex = run("بحث الوزيران الوضع في ليبيا.\nوقال الوزير الأردني أيمن الصفدي إن اللقاء كان مثمرا.")
    assert ex.claims[0].topics[0] == "libya"
