"""Dates: publication date from the page, statement dates from explicit and relative words."""

import datetime as dt

from kg.extract import extract_text as run
from kg.extract.dates import find_dates


def test_publication_date_forms():
    for line, want in [("١٥ آذار ٢٠٢٢", dt.date(2022, 3, 15)), ("3 تشرين الثاني/ نوفمبر 2021", dt.date(2021, 11, 3)),
                       ("الجمعة 2 شعبان 1443 هـ", dt.date(2022, 3, 5)), ("2023-05-17 10:00", dt.date(2023, 5, 17))]:
        ex = run(f"عنوان الخبر\n{line}\nقال الوزير إن الحوار مستمر.")
        assert ex.meta.published == want, line


def test_gregorian_preferred_over_hijri():
    ex = run("عنوان\nالسبت – 4 ذو الحجة 1444 هـ – 24 يونيو 2023 مـ\nنص.")
    assert ex.meta.published == dt.date(2023, 6, 24)


def test_relative_dates_against_publication_date():
    ex = run("عنوان\n10 يناير 2022\nقال الرئيس التونسي قيس سعيد أمس إن الاستفتاء سيجرى في موعده.\n"
             "وأضاف أن الحوار الوطني سيبدأ قريبا.\n"
             "وقال رئيس الوزراء الجزائري الأحد إن بلاده تدعم الحوار.")
    d = [c.stated_on for c in ex.claims]
    assert d == [dt.date(2022, 1, 9), dt.date(2022, 1, 9), dt.date(2022, 1, 9)]


def test_no_publication_date_no_relative_date():
    ex = run("قال الرئيس التونسي قيس سعيد أمس إن الاستفتاء سيجرى في موعده.")
    assert ex.claims and ex.claims[0].stated_on is None


def test_date_inside_reported_words_is_not_the_statement_date():
    ex = run("عنوان\n10 يناير 2022\nقال الوزير محمد علي إن الاجتماع عقد يوم 3 يناير في الرباط.")
    assert ex.claims[0].stated_on is None


def test_never_after_publication():
    assert all(d[2] <= dt.date(2022, 1, 10) for d in find_dates("الخميس 20 يناير", dt.date(2022, 1, 10)))


def test_weekday_after_bare_title_and_vague_week():
    ex = run("22 تموز/ يوليو 2020.م\nوقال لافروف الأسبوع الماضي إن موسكو ستواصل الحوار.\nوأكد الوزير السبت أن الاتصالات مستمرة.")
    assert ex.meta.published == dt.date(2020, 7, 22)
    assert [c.stated_on for c in ex.claims] == [None, dt.date(2020, 7, 18)]


def test_numeric_hijri_is_not_gregorian():
    ex = run("الرياض 1445/3/5 هـ\nالخميس 5 ربيع الأول 1445 هـ\nأكد الوزير أن المملكة تدعم الحل السياسي.")
    assert ex.meta.published == dt.date(2023, 9, 20)


def test_vague_time_gives_no_date_and_breaks_the_carry():
    ex = run("عنوان\n10 يناير 2022\nقال الوزير محمد علي أمس إن الاجتماع كان مثمرا.\n"
             "وكان الوزير قد قال الأسبوع الماضي إن الاتفاق قريب.\n"
             "وتراجعت الأسعار بنسبة 5 في المئة، وفقا لرويترز.")
    assert [(c.speaker.key, c.stated_on) for c in ex.claims] == [("mhmd-ali", dt.date(2022, 1, 9)), ("mhmd-ali", None)]
    assert [o.key for o in ex.meta.credits] == ["reuters"]


def test_a_date_inside_a_short_body_sentence_is_not_the_publication_date():
    ex = run("عنوان الخبر\nوقال الوزير إن الاحتجاجات التي اندلعت في 17 فبراير 2011 غيرت البلاد.")
    assert ex.meta.published is None


def test_headline_claim_takes_no_date_from_the_body():
    ex = run("بيدرسون: الحل السياسي هو الطريق الوحيد في سوريا\n\nقال المبعوث الأممي غير بيدرسون اليوم إن الحل السياسي هو الطريق الوحيد.\n"
             "الأحد ٥ تشرين الثاني ٢٠٢٣")
    head = [c for c in ex.claims if c.kind == "headline"]
    body = [c for c in ex.claims if c.kind == "indirect"]
    assert head and head[0].stated_on is None
    assert body and body[0].stated_on == dt.date(2023, 11, 5)


def test_day_of_a_month_named_relative_to_the_article():
    ref = dt.date(2024, 3, 15)
    assert [d for _, _, d, _ in find_dates("في الـ12 من الشهر الجاري", ref)] == [dt.date(2024, 3, 12)]
    assert [d for _, _, d, _ in find_dates("في 28 الشهر الماضي", ref)] == [dt.date(2024, 2, 28)]
    assert [d for _, _, d, _ in find_dates("في 3 الجاري", dt.date(2024, 1, 20))] == [dt.date(2024, 1, 3)]
    assert find_dates("في عام 2020 الماضي", ref) == []  # the end of a year is no day


def test_ordinal_day_words():
    ref = dt.date(2024, 3, 15)
    assert [d for _, _, d, _ in find_dates("في الخامس من مارس", ref)] == [dt.date(2024, 3, 5)]
    assert [d for _, _, d, _ in find_dates("الحادي والعشرين من شباط 2023", ref)] == [dt.date(2023, 2, 21)]
    assert find_dates("خلال الأسبوع الثاني من مارس", ref) == []
    assert [d for _, _, d, _ in find_dates("الأول من أمس", ref)] == [dt.date(2024, 3, 13)]


def test_a_day_of_last_month_dates_the_claim_despite_the_vague_month_words():
    ex = run("عنوان\nموسكو - سبوتنيك\nالجمعة 15 آذار 2024\n\n"
             "وكان أردوغان قد قال في 28 الشهر الماضي إن الحوار مع دمشق ممكن.")
    assert [c.stated_on for c in ex.claims] == [dt.date(2024, 2, 28)]


def test_pair_word_in_narration_dates_each_member():
    ex = run("عنوان\nموسكو - رويترز\n5 آذار 2020\n\n"
             "اتفق الرئيسان الروسي فلاديمير بوتين والتركي رجب طيب أردوغان، اليوم الخميس، على وقف لإطلاق النار.\n"
             "وقال بوتين في مؤتمر صحفي إن الاتفاق سيسمح بتجنب سقوط ضحايا جدد.\n"
             "من جانبه، أكد أردوغان أن تركيا تحتفظ بحق الرد على أي هجوم.")
    assert [(c.speaker.key, c.stated_on) for c in ex.claims] == [
        ("vladimir-putin", dt.date(2020, 3, 5)), ("recep-tayyip-erdogan", dt.date(2020, 3, 5))]


def test_call_readout_dates_the_receiver_and_the_caller_not_the_dateline():
    ex = run("عنوان\n\nالأربعاء 15 يناير 2025\n\n"
             "أبوظبي في 15 يناير / وام / تلقى سمو الشيخ عبدالله بن زايد آل نهيان اليوم اتصالا هاتفيا من معالي عباس عراقجي.\n"
             "وأكد سموه خلال الاتصال أن دولة الإمارات تولي أهمية كبيرة للاستقرار.\n"
             "من جانبه أشاد معالي عباس عراقجي بالدور الذي تضطلع به دولة الإمارات.")
    assert [(c.speaker.key, c.stated_on) for c in ex.claims] == [
        ("abdullah-bin-zayed", dt.date(2025, 1, 15)), ("abbas-araghchi", dt.date(2025, 1, 15))]


def test_the_one_met_with_at_a_dated_press_conference_speaks_on_that_day():
    ex = run("عنوان\nعمان 5 تشرين الأول 2025 (بترا) --\n\n"
             "وقال الصفدي، في مؤتمر صحفي مشترك عقده اليوم الأحد في عمان مع وزير الخارجية السوري أسعد حسن الشيباني، إن الأردن يدعم سوريا.\n"
             "من جانبه، أعرب الشيباني خلال المؤتمر الصحفي عن تقدير بلاده للموقف الأردني.")
    assert [c.stated_on for c in ex.claims] == [dt.date(2025, 10, 5), dt.date(2025, 10, 5)]
