"""Direct quotes: marks of every kind, carry-over, names and terms in marks."""

import pytest

from kg.extract import extract_text as run


def claims(text):
    return [(c.kind, c.speaker.key, c.text) for c in run(text).claims]


def test_guillemets_after_colon_and_carry_over():
    out = claims("قال وزير الخارجية الإيراني حسين أمير عبد اللهيان: «لن نتفاوض تحت الضغط».\n"
                 "وتابع: «الاتفاق النووي لا يزال ممكنا إذا عادت واشنطن إلى التزاماتها».")
    assert out == [("direct", "hossein-amir-abdollahian", "لن نتفاوض تحت الضغط"),
                   ("direct", "hossein-amir-abdollahian", "الاتفاق النووي لا يزال ممكنا إذا عادت واشنطن إلى التزاماتها")]


def test_curly_and_straight_marks_mixed_and_over_lines():
    out = claims('وقال غوتيريش أمام الصحفيين: “إن الوضع الإنساني في غزة كارثي\nويجب أن تتوقف الأعمال العدائية فورا".')
    assert out == [("direct", "antonio-guterres", "إن الوضع الإنساني في غزة كارثي ويجب أن تتوقف الأعمال العدائية فورا")]


def test_nested_straight_quotes_pair_outermost():
    out = claims('وتقول الوثيقة الصادرة عن الجامعة العربية "ندعو "..." إلى وقف فوري للقتال في السودان".')
    assert [(k, t) for k, _, t in out] == [("direct", 'ندعو "..." إلى وقف فوري للقتال في السودان')]


def test_unbalanced_quote_runs_to_line_end():
    out = claims("وأضاف بلينكن: «سنواصل العمل مع شركائنا في المنطقة لتحقيق الاستقرار\nوفي سياق آخر، وصل الوفد إلى الدوحة.")
    assert out == [("direct", "antony-blinken", "سنواصل العمل مع شركائنا في المنطقة لتحقيق الاستقرار")]


def test_names_and_terms_in_marks_are_not_claims():
    out = claims("التقى الوزير ممثلي شركة «أرامكو» وبحث معهم مشروع “نيوم” مع الرئيس “إيمانويل ماكرون”.")
    assert out == []


def test_partial_quote_inside_reported_speech():
    out = claims("وأكد ستولتنبرغ أن الحلف \"لن يسمح بأي تهديد لأمن أعضائه في الشرق\".")
    assert out == [("direct", "jens-stoltenberg", "لن يسمح بأي تهديد لأمن أعضائه في الشرق")]


def test_feminine_carry_over_picks_the_woman():
    out = claims("وقالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن العقوبات الغربية لن تغير موقف موسكو.\n"
                 "وقال مسؤول أمريكي رفيع إن واشنطن تدرس خيارات جديدة.\n"
                 "وأضافت: «لن نقبل بأي إملاءات».")
    assert out[-1] == ("direct", "maria-zakharova", "لن نقبل بأي إملاءات")


def test_claim_offsets_slice_the_printed_text():
    text = "وقال الوزير سامح شكري: «مكـ.ـافحة الإرهـ.ـاب أولوية»."
    ex = run(text)
    (c,) = ex.claims
    assert text[c.start:c.end] == "مكـ.ـافحة الإرهـ.ـاب أولوية"
    assert c.text == "مكافحة الإرهاب أولوية"


def test_attribution_after_the_quote():
    out = claims("وقال الرئيس الأمريكي جو بايدن إن واشنطن لن تتخلى عن حلفائها.\n"
                 "«لن نتراجع عن حقوقنا في شرق المتوسط»، قال الرئيس التركي رجب طيب أردوغان.")
    assert out[-1] == ("direct", "recep-tayyip-erdogan", "لن نتراجع عن حقوقنا في شرق المتوسط")


def test_participle_introducing_a_quote_ends_the_indirect_claim():
    out = claims('قال رئيس الوزراء العراقي مصطفى الكاظمي إن حكومته ستجري الانتخابات في موعدها، مؤكدا أن "لا أحد فوق القانون".')
    assert [(k, t) for k, _, t in out] == [("indirect", "حكومته ستجري الانتخابات في موعدها"), ("direct", "لا أحد فوق القانون")]


def test_headline_with_quoted_statement_once_without_marks():
    out = claims('بوتين: "لا نية لدينا لمهاجمة أي دولة"\nنص الخبر.')
    assert out == [("headline", "vladimir-putin", "لا نية لدينا لمهاجمة أي دولة")]


def test_quote_after_circumstantial_phrase_and_answer_verb():
    out = claims("قال الرئيس الروسي فلاديمير بوتين إن بلاده لا تنوي مهاجمة أي دولة.\n"
                 "وأضاف في كلمة متلفزة: «نحن ندافع عن أمننا.\nإن الغرب هو الذي يصعد الموقف».\n"
                 "وسأله صحفي عن موعد القمة، فأجاب: \"قريبا جدا\".")
    assert out[1:] == [("direct", "vladimir-putin", "نحن ندافع عن أمننا. إن الغرب هو الذي يصعد الموقف"),
                       ("direct", "vladimir-putin", "قريبا جدا")]


def test_marks_touching_letters():
    out = claims('وقال بلينكن:"سنواصل دعم أوكرانيا"وأضاف أن المساعدات ستستمر.')
    assert out == [("direct", "antony-blinken", "سنواصل دعم أوكرانيا"), ("indirect", "antony-blinken", "المساعدات ستستمر")]


def test_paragraph_opening_quote_continues_the_speaker_in_effect_then():
    out = claims("وقال بايدن إن واشنطن ملتزمة.\n«سنبقى إلى جانب حلفائنا مهما حدث».\nوقال ماكرون إن باريس ستساعد.")
    assert out[1] == ("direct", "joe-biden", "سنبقى إلى جانب حلفائنا مهما حدث")


def test_body_names_in_marks_after_prepositions_are_not_speech():
    assert claims("التقى الرئيس السوري وفدا من «الهيئة العليا للمفاوضات السورية» في دمشق.") == []


# --- partial quotes inside an indirect sentence; quotes after an aside about the speaker

_LEAD = "عنوان الخبر\nتتواصل الاتصالات الإقليمية بشأن الأزمة.\n"


@pytest.mark.parametrize("sentence, key, quoted", [
    ('قال وزير الخارجية المصري سامح شكري للصحفيين إن التعاون "شأن يخص البلدين وحدهما".', "sameh-shoukry", "شأن يخص البلدين وحدهما"),
    ('وقالت الوزيرة الكينية سارة ويلسون في مؤتمر صحفي إن الخطة "ستنفذ على مراحل".', None, "ستنفذ على مراحل"),
    ("وقال رئيس البرلمان الليبي عقيلة صالح أمس إن الاتفاق «خطوة أولى» نحو الانتخابات.", None, None),
])
def test_partial_quote_after_a_named_speaker_is_one_direct_claim(sentence, key, quoted):
    claims = run(_LEAD + sentence).claims
    if quoted is None:  # a quoted term in the middle of the sentence stays inside the indirect claim
        (c,) = claims
        assert c.kind == "indirect" and "«خطوة أولى»" in c.text
        return
    (c,) = claims
    assert (c.kind, c.text) == ("direct", quoted)
    assert key is None or c.speaker.key == key
    assert c.speaker.kind == "person"


@pytest.mark.parametrize("sentence, quoted, descriptor", [
    ('وقال أحد المسؤولين، الذي طلب عدم نشر اسمه، "لن نقبل بأي تسوية على حساب الضحايا".', "لن نقبل بأي تسوية على حساب الضحايا", "official"),
    ('وقال مسؤول أمني، طلب عدم الكشف عن هويته، "الوضع تحت السيطرة".', "الوضع تحت السيطرة", "security-official"),
    ("وقال مصدر دبلوماسي، فضل عدم ذكر اسمه: «المفاوضات وصلت إلى طريق مسدود».", "المفاوضات وصلت إلى طريق مسدود", "diplomatic-source"),
    ('وقال أحد المسؤولين الذي طلب عدم نشر اسمه لأنه غير مخول بالحديث لوسائل الإعلام: "لن نقبل بأي تسوية".', "لن نقبل بأي تسوية", "official"),
])
def test_quote_after_an_aside_belongs_to_the_anonymous_speaker(sentence, quoted, descriptor):
    (c,) = run(_LEAD + sentence).claims
    assert (c.kind, c.text) == ("direct", quoted)
    assert c.speaker.key == "unnamed-" + descriptor and c.speaker.kind == "person"


@pytest.mark.parametrize("cue, key", [
    ("وقال المتحدث باسم الرئاسة التركية إبراهيم قالن:", "ibrahim-kalin"),
    ("وقال وزير الخارجية التركي مولود جاويش أوغلو:", "mevlut-cavusoglu"),
])
def test_quote_on_the_line_after_a_new_speakers_colon_is_that_speakers(cue, key):
    # another speaker came before: the colon line names who speaks next, not the speaker in effect
    ex = run("وقالت الرئاسة التركية في بيان إن الزعيمين بحثا التطورات.\n" + cue + "\n"
             "\"نحن لا نريد مواجهة مع روسيا.\nلكننا لن نتراجع عن حماية جنودنا\".")
    assert [c.speaker.key for c in ex.claims] == ["turkish-presidency", key]
    assert ex.claims[1].text.startswith("نحن لا نريد") and ex.claims[1].text.endswith("جنودنا")
