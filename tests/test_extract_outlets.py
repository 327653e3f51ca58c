"""Outlets: bylines, source lines, datelines, relays."""

from kg.extract import extract_text as run


def test_byline_publisher_and_agencies():
    ex = run("عنوان\nعنب بلدي – وكالات\nقال الوزير إن الحوار مستمر.")
    assert ex.meta.publisher.key == "enab-baladi"
    assert [c.key for c in ex.meta.credits] == ["agencies"]


def test_source_line_at_the_end():
    ex = run("عنوان\nقال الوزير إن الحوار مستمر.\nالمصدر: سكاي نيوز عربية + رويترز")
    assert ex.meta.publisher.key == "sky-news-arabia"
    assert [c.key for c in ex.meta.credits] == ["reuters"]


def test_dateline_with_author_and_with_agency():
    ex = run("عنوان\nالرباط: محمد الأمين\nقال الوزير إن الحوار مستمر.")
    assert (ex.meta.dateline, ex.meta.author) == ("الرباط", "محمد الأمين")
    ex = run("عنوان\nدمشق - سانا\nقال الوزير إن الحوار مستمر.")
    assert ex.meta.dateline == "دمشق" and [c.key for c in ex.meta.credits] == ["sana"]
    ex = run("بنغازي 5 مايو 2022 (وال) - أكد رئيس الحكومة أن الانتخابات ستجرى في موعدها.")
    assert ex.meta.dateline == "بنغازي" and [c.key for c in ex.meta.credits] == ["lana"]
    assert ex.claims


def test_unknown_outlet_in_byline_gets_a_key():
    ex = run("عنوان\nنبض الخليج – وكالات\nقال الوزير إن الحوار مستمر.")
    assert ex.meta.publisher is not None and ex.meta.publisher.key.isascii()


def test_no_outlet_in_text():
    ex = run("قال الوزير إن الحوار مستمر.")
    assert ex.meta.publisher is None and ex.meta.credits == []


def test_author_copyright_and_bare_city_dateline():
    ex = run("Ru En\nعنوان الخبر الرئيسي هنا\nبقلم: سامي كليب\n"
             "موسكو - أعلن الكرملين أن بوتين سيزور أنقرة الشهر المقبل في زيارة رسمية.\n"
             "© 2023 سكاي نيوز عربية. جميع الحقوق محفوظة")
    m = ex.meta
    assert (m.headline, m.author, m.dateline, m.publisher.key) == ("عنوان الخبر الرئيسي هنا", "سامي كليب", "موسكو", "sky-news-arabia")
    assert [c.speaker.key for c in ex.claims] == ["kremlin"]


def test_agency_short_forms_only_in_bylines():
    ex = run("عنوان\nالدوحة - قنا\nقال فارس الحلبي إن الوضع مستقر.")
    assert ex.meta.dateline == "الدوحة" and [c.key for c in ex.meta.credits] == ["qna"]
    assert ex.claims[0].speaker.key != "fars"
