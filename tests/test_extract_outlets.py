"""Outlets: bylines, source lines, datelines, relays."""

import pytest

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
    ex = run("عنوان\nدمشق - سانا\nقال الوزير إن الحوار مستمر.\nالمصدر: الجزيرة")
    assert ex.meta.dateline == "دمشق" and [c.key for c in ex.meta.credits] == ["sana"]
    ex = run("بنغازي 5 مايو 2022 (وال) - أكد رئيس الحكومة أن الانتخابات ستجرى في موعدها.")
    assert ex.meta.dateline == "بنغازي" and ex.meta.publisher.key == "lana" and ex.meta.credits == []
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
    assert ex.meta.dateline == "الدوحة" and ex.meta.publisher.key == "qna"
    assert ex.claims[0].speaker.key != "fars"


_BODY = "وأعلنت وزيرة الخارجية الكندية ميلاني جولي أن بلادها ستزيد مساعداتها الإنسانية للسودان."


@pytest.mark.parametrize("line, city, agency", [
    ("دمشق-سانا", "دمشق", "sana"),
    ("دمشق-سانا: " + _BODY, "دمشق", "sana"),
    ("واشنطن (رويترز) - " + _BODY, "واشنطن", "reuters"),
    ("أنقرة / الأناضول", "أنقرة", "anadolu"),
    ("أنقرة/ الأناضول - " + _BODY, "أنقرة", "anadolu"),
    ("القاهرة - أ ش أ", "القاهرة", "mena"),
    ("القاهرة - أ ش أ: " + _BODY, "القاهرة", "mena"),
    ("موسكو - سبوتنيك", "موسكو", "sputnik"),
    ("الكويت – كونا", "الكويت", "kuna"),
    ("الكويت - 5 - 10 (كونا) -- " + _BODY, "الكويت", "kuna"),  # a day-month date in dashes before the agency
    ("عمان 5 تشرين الأول (بترا) -- " + _BODY, "عمان", "petra"),
])
def test_agency_dateline_is_the_publisher_of_its_own_wire(line, city, agency):
    text = "كندا تزيد دعمها للسودان\n" + line + ("" if _BODY in line else "\n" + _BODY)
    ex = run(text)
    assert (ex.meta.dateline, ex.meta.publisher.key) == (city, agency)
    assert agency not in [c.key for c in ex.meta.credits]
    assert [c.speaker.key for c in ex.claims] and all(c.speaker.key != agency for c in ex.claims)


@pytest.mark.parametrize("furniture", [
    "صحيفة الشرق الأوسط – وكالات\n",  # a byline naming the paper
    "",  # a source line at the end (added below)
])
def test_agency_dateline_is_credited_when_another_outlet_publishes(furniture):
    text = "كندا تزيد دعمها للسودان\n" + furniture + "واشنطن (رويترز) - " + _BODY
    if not furniture:
        text += "\nالمصدر: الشرق الأوسط"
    ex = run(text)
    assert ex.meta.publisher.key == "asharq-al-awsat"
    assert ex.meta.dateline == "واشنطن" and "reuters" in [c.key for c in ex.meta.credits]


def test_agency_dateline_credited_under_a_site_name():
    from kg.extract import extract
    from kg.model import SourceDoc

    text = "كندا تزيد دعمها للسودان\nموسكو - سبوتنيك\n" + _BODY
    ex = extract(SourceDoc(name="x.html", text=text, sha256="0", site_name="نبض الخليج"))
    assert ex.meta.publisher.key != "sputnik" and [c.key for c in ex.meta.credits] == ["sputnik"]


def test_agencies_in_a_dateline_are_not_a_publisher():
    ex = run("كندا تزيد دعمها للسودان\nبيروت (وكالات) - " + _BODY)
    assert ex.meta.dateline == "بيروت" and ex.meta.publisher is None


def test_source_line_with_bare_rt():
    ex = run("عنوان\nقال الوزير إن الحوار مستمر.\nالمصدر: RT + نوفوستي")
    assert ex.meta.publisher.key == "rt-arabic"


def test_dateline_city_hijri_and_gregorian_date_then_agency():
    ex = run("عنوان الخبر\nجدة 3 شوال 1444 هـ الموافق 23 أبريل 2023 م واس\nقال الوزير إن الحوار مستمر.")
    assert ex.meta.dateline == "جدة" and ex.meta.publisher.key == "spa"


def test_byline_reprinting_with_naqlan_an():
    ex = run("عنوان\nنبض - نقلا عن رويترز\nقال الوزير إن الحوار مستمر.")
    assert ex.meta.publisher.key == "nabd" and [c.key for c in ex.meta.credits] == ["reuters"]
