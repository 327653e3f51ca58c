"""Speakers: registry, spelling variants, unknown names, bare surnames and roles, pairs."""

import pytest

from kg.extract import extract_text as run


def claims(text):
    return [(c.kind, c.speaker.key, c.text) for c in run(text).claims]


def test_spelling_variants_resolve_to_one_key():
    for name in ("مولود تشاووش أوغلو", "مولود جاويش أوغلو", "تشاوش أوغلو"):
        out = claims(f"وقال وزير الخارجية التركي {name} إن بلاده تدعم الحل السياسي.")
        assert out[0][1] == "mevlut-cavusoglu", name
    assert claims("قال إردوغان إن تركيا لن تتراجع.")[0][1] == "recep-tayyip-erdogan"


def test_unknown_person_gets_a_stable_ascii_key_and_surname_resolves():
    out = claims("وقال المتحدث باسم الجيش السوداني نبيل عبد الله إن القوات استعادت السيطرة على الموقع.\n"
                 "وأكد عبد الله أن العمليات مستمرة.")
    keys = {s for _, s, _ in out}
    assert len(keys) == 1
    (key,) = keys
    assert key.isascii() and key == key.lower() and " " not in key


def test_role_only_mention_resolves_to_person_met_earlier():
    ex = run("استقبل وزير الدفاع التركي خلوصي أكار نظيره الليبي في أنقرة.\n"
             "وقال وزير الدفاع التركي إن التعاون العسكري سيتعزز.")
    (c,) = ex.claims
    assert c.speaker.key == "hulusi-akar"
    assert c.speaker.kind == "person" and c.speaker.country == "TR"


def test_speaker_role_and_country_from_title():
    ex = run("وقال وزير الخارجية الجزائري أحمد عطاف إن بلاده ترفض التدخل العسكري.")
    sp = ex.claims[0].speaker
    assert sp.country == "DZ" and sp.kind == "person" and "وزير الخارجية" in sp.role


def test_capital_as_speaker_and_country_pair():
    out = claims("أعلنت أنقرة أنها ستفتح قنصلية جديدة في بنغازي.")
    assert out[0][1] == "turkey"


def test_switch_with_min_janibihi():
    out = claims("قال الرئيس الأمريكي جو بايدن إن واشنطن ملتزمة بأمن حلفائها.\n"
                 "من جانبه، أكد الرئيس الصيني أن بكين تعارض سياسة المحاور.\n"
                 "وأضاف أن الحوار هو الطريق الوحيد.")
    assert out[0][1] == "joe-biden"
    assert out[1][1] == out[2][1] != "joe-biden"


def test_speaker_ref_fields():
    ex = run("وقالت وزيرة الخارجية الليبية نجلاء المنقوش إن الانتخابات ستجرى في موعدها.")
    sp = ex.claims[0].speaker
    assert (sp.key, sp.gender, sp.label_en) == ("najla-mangoush", "f", "Najla Mangoush")


def test_unseen_spelling_matches_by_sound():
    assert claims("وقال وزير الدفاع الروسي سيرجي شويجو إن القوات جاهزة.")[0][1] == "sergey-shoigu"
    assert claims("وقال الرئيس التركي رجب طيب اردغان إن أنقرة مستعدة.")[0][1] == "recep-tayyip-erdogan"


def test_bare_title_refers_back():
    out = claims("من جهته، أعلن وزير الخارجية الفرنسي أن باريس ستقدم 100 مليون يورو.\n"
                 "وأضاف الوزير أن المساعدات ستوزع عبر الأمم المتحدة.")
    assert out[0][1] == out[1][1]


def test_unknown_role_without_name_is_its_own_entity_not_the_last_speaker():
    out = claims("قال الرئيس الأمريكي جو بايدن إن واشنطن ملتزمة بأمن حلفائها.\n"
                 "وقالت وزيرة الخارجية الألمانية: \"نريد حلا سلميا\".")
    assert out[1][1] != "joe-biden"


def test_pair_word_takes_first_minister_of_last_pair():
    out = claims("التقى وزير الخارجية الإيراني حسين أمير عبد اللهيان نظيره السعودي في بكين.\n"
                 "وأكد الوزيران أن البلدين سيعيدان فتح السفارتين خلال شهرين.")
    assert out == [("indirect", "hossein-amir-abdollahian", "البلدين سيعيدان فتح السفارتين خلال شهرين")]


def test_joint_statement_and_the_parties():
    out = claims("وصدر في ختام المحادثات بيان مشترك عن مصر والأردن.\n"
                 "وجاء في البيان المشترك أن البلدين يرفضان تهجير الفلسطينيين.\n"
                 "كما أكد الجانبان دعمهما لحل الدولتين.")
    keys = {s for _, s, _ in out}
    assert len(out) == 2 and len(keys) == 1 and "joint-statement" in keys.pop()


def test_kremlin_and_feminine_participle():
    out = claims("وقال الكرملين إن بوتين لا يخطط لزيارة أنقرة قريبا.\n"
                 "من جهتها، علقت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا على التصريحات قائلة: «هذا شأن داخلي».")
    assert out == [("indirect", "kremlin", "بوتين لا يخطط لزيارة أنقرة قريبا"),
                   ("direct", "maria-zakharova", "هذا شأن داخلي")]


def test_unknown_plain_name_is_minted_not_the_last_speaker():
    out = claims("قال وزير الخارجية المصري سامح شكري إن القاهرة مستعدة.\nوقال أحمد محمد إن الوضع مستقر.")
    assert out[1][1] not in ("sameh-shoukry",) and out[1][1].isascii()


def test_speech_noun_object_keeps_the_speaker():
    out = claims("قال وزير الخارجية المصري سامح شكري إن القاهرة مستعدة.\nوختم حديثه بالقول: «سننتصر في النهاية».")
    assert out[1] == ("direct", "sameh-shoukry", "سننتصر في النهاية")


def test_media_and_newspapers():
    assert claims("وأفادت وسائل إعلام محلية بأن الاشتباكات تجددت في المدينة.")[0][1] == "unnamed-media"
    assert claims("ذكرت صحيفة نيويورك تايمز أن الإدارة تدرس خيارات جديدة.")[0][1].isascii()


def test_subject_before_the_verb_and_names_like_ali():
    out = claims("قال الوزير محمد علي إن الوضع مستقر.\nالرئيس التونسي قيس سعيد قال إن البلاد تمر بمرحلة صعبة.")
    assert out[0][1] == "mhmd-ali" and out[1][1] == "qis-said"


def test_a_longer_institution_name_is_not_its_prefix_alias():
    assert claims("وقال مجلس الأمن القومي الأمريكي إن واشنطن تراقب الوضع.")[0][1] != "un-security-council"
    assert claims("وقال مجلس الأمن إن الوضع خطير.")[0][1] == "un-security-council"
    assert claims("وقالت وزارة الدفاع التركية في أنقرة إن الوضع خطير.")[0][1] == "turkish-defence-ministry"


# --- mention boundaries: time words, places and addressees after the speaker are not part of it


@pytest.mark.parametrize("sentence, mention, key, country", [
    ("قال مسؤولان أمريكيان يوم الخميس إن واشنطن تدرس فرض عقوبات جديدة.", "مسؤولان أمريكيان", "unnamed-us-officials", "US"),
    ("وقال مسؤول عسكري إسرائيلي أمس إن العملية ستستمر أسابيع.", "مسؤول عسكري إسرائيلي", None, "IL"),
    ("وقالت مصادر أمنية عراقية خلال اتصال هاتفي إن الهجوم أحبط.", "مصادر أمنية عراقية", None, "IQ"),
    ("وقال مسؤولان أمريكيان في تصريح لشبكة سي إن إن إن واشنطن قلقة.", "مسؤولان أمريكيان", "unnamed-us-officials", "US"),
    ("وقال دبلوماسي أوروبي الأحد إن الاتفاق بات قريبا.", "دبلوماسي أوروبي", None, None),
])
def test_anonymous_mention_stops_before_time_and_circumstance(sentence, mention, key, country):
    (c,) = run(sentence).claims
    assert c.speaker.mention == mention and c.speaker.country == country
    assert c.speaker.key.startswith("unnamed-") and (key is None or c.speaker.key == key)
    assert not any(w in c.speaker.key for w in ("iwm", "ams", "khlal", "tsrih", "alahd"))


@pytest.mark.parametrize("sentence, name", [
    ("وقال خالد الشمري لوكالة الأنباء الكويتية إن المشروع سينطلق قريبا.", "خالد الشمري"),
    ("وقال سليم حداد للصحفيين إن الانتخابات ستجرى في موعدها.", "سليم حداد"),
    ("وقال نبيل فهمي أمس إن مصر لن تتراجع.", "نبيل فهمي"),
    ("وقال نبيل فهمي مساء الأربعاء في تصريح تلفزيوني إن مصر لن تتراجع.", "نبيل فهمي"),
    ("وقال رامي الخطيب يوم السبت لقناة محلية إن المياه عادت.", "رامي الخطيب"),
])
def test_unknown_name_stops_before_time_words_and_addressees(sentence, name):
    (c,) = run(sentence).claims
    assert c.speaker.label_ar == name and c.speaker.kind == "person"
    assert c.speaker.key not in ("kuna", "afp")


def test_official_of_an_unknown_ministry_keeps_the_ministry_and_country():
    (c,) = run("وأوضح مسؤول في وزارة المالية اللبنانية لوكالة فرانس برس أن الرواتب ستصرف.").claims
    assert c.speaker.mention == "مسؤول في وزارة المالية اللبنانية" and c.speaker.country == "LB"
    assert c.speaker.key.endswith("-official") and c.speaker.key != "afp"


# --- role carry-over: a person named once with a role, later by a short form of it


@pytest.mark.parametrize("first, later, key", [
    ("قال المبعوث الأممي الخاص إلى سوريا غير بيدرسون إن الحل السياسي ممكن.",
     "وأضاف المبعوث الأممي أن اللجنة الدستورية ستجتمع قريبا.", "geir-pedersen"),
    ("قالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن موسكو ترفض الاتهامات.",
     "وقالت الدبلوماسية الروسية إن الغرب يتحمل المسؤولية.", "maria-zakharova"),
    ("أكد وزير الخارجية التركي هاكان فيدان أن أنقرة تدعم الحوار.",
     "وأكد الوزير التركي أن بلاده لن تسمح بالتصعيد.", "hakan-fidan"),
    ("قال وزير الزراعة السوداني أبو بكر البشرى إن الموسم الزراعي مهدد.",
     "وأوضح وزير الزراعة أن الأسمدة لم تصل بعد.", None),
    ("أعلنت المبعوثة الأمريكية الخاصة إلى اليمن سارة ويلسون أن المحادثات ستستأنف.",
     "وقالت المبعوثة الأمريكية إن الطرفين أبديا مرونة.", None),
])
def test_short_role_resolves_to_the_person_named_before(first, later, key):
    ex = run("عنوان\n" + first + " " + later)
    assert len(ex.claims) == 2
    a, b = ex.claims
    assert a.speaker.key == b.speaker.key
    assert key is None or a.speaker.key == key
    assert b.speaker.kind == "person"


@pytest.mark.parametrize("first, later", [
    ("أكد وزير الخارجية التركي هاكان فيدان أن أنقرة تدعم الحوار.",
     "وقال الوزير الإيراني إن طهران ترحب بالمبادرة."),  # another nationality
    ("قال وزير الزراعة السوداني أبو بكر البشرى إن الموسم الزراعي مهدد.",
     "وقال وزير الصحة إن المستشفيات تعمل بطاقتها القصوى."),  # another ministry
    ("قالت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا إن موسكو ترفض الاتهامات.",
     "وقال الدبلوماسي الروسي إن الغرب يتحمل المسؤولية."),  # a man: not her
])
def test_short_role_of_someone_else_is_not_carried_over(first, later):
    a, b = run("عنوان\n" + first + " " + later).claims
    assert a.speaker.key != b.speaker.key


def test_generic_role_after_an_unnamed_source_is_that_source():
    ex = run("عنوان\nقال وزير الخارجية الأمريكي أنتوني بلينكن إن واشنطن تدعم الوساطة. وقال مسؤول أمريكي إن المحادثات صعبة. "
             "وأضاف المسؤول الأمريكي أن الجولة المقبلة ستعقد في الدوحة.")
    keys = [c.speaker.key for c in ex.claims]
    assert keys[0] == "antony-blinken" and keys[1] == keys[2] and keys[1].startswith("unnamed-")


def test_spokesperson_whose_aside_names_whom_they_speak_for():
    """«وقال المتحدث، الذي يتحدث باسم ...، إن»: no spokesperson met before, the aside says for whom:
    the same speaker as «المتحدث باسم ...» - the body when its name reads as one, else the role."""
    out = claims("وقال المتحدث، الذي يتحدث باسم الرئاسة، إن القمة المقبلة ستعقد في موعدها.")
    assert out == [("indirect", "almthdth-basm-alriash", "القمة المقبلة ستعقد في موعدها")]
    assert run("وقال المتحدث، الذي يتحدث باسم الرئاسة، إن القمة ستعقد في موعدها.").claims[0].speaker.role == "المتحدث باسم الرئاسة"
    for text in ("وقالت الناطقة، التي تتحدث باسم وزارة الصحة المغربية، إن شحنة اللقاحات الجديدة ستصل الأسبوع المقبل.",
                 "وقالت الناطقة باسم وزارة الصحة المغربية إن شحنة اللقاحات الجديدة ستصل الأسبوع المقبل."):
        ex = run(text)
        assert [(c.kind, c.text) for c in ex.claims] == [("indirect", "شحنة اللقاحات الجديدة ستصل الأسبوع المقبل")]
        assert (ex.claims[0].speaker.kind, ex.claims[0].speaker.country) == ("organization", "MA")
    same = run("وقال المتحدث، الذي تحدث باسم هيئة الموانئ، إن الرصيف الجديد سيفتح قريبا.\n"
               "وقال المتحدث باسم هيئة الموانئ إن السفن الكبيرة ستتمكن من الرسو فيه.").claims
    assert len(same) == 2 and same[0].speaker.key == same[1].speaker.key


def test_relative_clause_and_anonymity_aside_are_not_part_of_the_speaker():
    with_clause = claims("وقال المتحدث باسم هيئة الموانئ الذي طلب عدم نشر اسمه إن الرصيف الجديد سيفتح قريبا.")
    assert with_clause == claims("وقال المتحدث باسم هيئة الموانئ إن الرصيف الجديد سيفتح قريبا.")
    assert with_clause[0][1] == "hiih-almwani"  # not «هيئة الموانئ الذي»
    # «طلب عدم ذكر اسمه»: "not mentioning his name" is no reporting verb with «اسمه» as speaker;
    # a spokesperson of no named body who asked not to be named is an unnamed source
    (c,) = run("وقال المتحدث الذي طلب عدم ذكر اسمه إن الرصيف الجديد سيفتح قريبا.").claims
    assert c.speaker.key == "unnamed-spokesperson" and c.text == "الرصيف الجديد سيفتح قريبا"


def test_call_coordinated_with_earlier_cue_keeps_its_speaker():
    # «ودعت X إلى»: X is whom the ministry calls on, not a new speaker
    out = claims("ونفت وزارة الخارجية المصرية في بيان أن تكون القاهرة طرفا في الخلاف، ودعت أنقرة إلى ضبط النفس.")
    assert len(out) == 2 and {s for _, s, _ in out} == {"egyptian-foreign-ministry"}


def test_nationality_closes_a_role_before_the_object():
    out = claims("قالت وزيرة الخارجية الفرنسية كاترين كولونا إن باريس قلقة.\nودعت الدبلوماسية الفرنسية الأطراف السودانية إلى وقف القتال.")
    assert len(out) == 2 and len({s for _, s, _ in out}) == 1


def test_one_of_the_officials_is_the_group_described_earlier():
    out = claims("قال مسؤولان بريطانيان يوم الاثنين إن لندن تدرس خيارات جديدة.\n"
                 "وقال أحد المسؤولين، الذي طلب عدم نشر اسمه، \"لا شيء محسوم حتى الآن\".")
    assert len(out) == 2 and out[0][1] == out[1][1] == "unnamed-british-officials"


def test_bare_plural_head_in_title_is_the_described_group():
    out = claims("مسؤولون: لندن تدرس خيارات جديدة ضد موسكو\n\nقال مسؤولون بريطانيون إن لندن تدرس فرض قيود إضافية على موسكو.")
    assert {s for _, s, _ in out} == {"unnamed-british-officials"}


@pytest.mark.parametrize("text", [
    "وقال المتحدث، الذي طلب عدم نشر اسمه، إن المحادثات ستستأنف الأسبوع المقبل.",
    "وقالت الناطقة، التي فضلت عدم ذكر اسمها، إن المحادثات ستستأنف الأسبوع المقبل.",
])
def test_bare_spokesperson_with_anonymity_aside_is_an_unnamed_source(text):
    (c,) = run(text).claims
    assert c.speaker.key == "unnamed-spokesperson" and "المحادثات ستستأنف" in c.text


def test_spokesperson_aside_after_an_unnamed_source_is_that_source():
    out = claims("وقال مصدر عسكري روسي إن الهدنة صامدة.\nوقال المتحدث، الذي طلب عدم نشر اسمه، إن الدوريات مستمرة.")
    assert len(out) == 2 and out[0][1] == out[1][1] == "unnamed-russian-military-source"


def test_honorific_pronoun_subject_and_qailan_after_carry_verb():
    out = claims("أكد وزير الخارجية الأمير فيصل بن فرحان أن المملكة تدعم الحوار.\n"
                 "وقال سموه في المؤتمر أمس: \"إن الرياض مستعدة للوساطة بين الطرفين\".\n"
                 "وتابع قائلا إن الحل \"يجب أن يكون سياسيا وشاملا لكل الأطراف\".")
    assert len(out) == 3 and {s for _, s, _ in out} == {"faisal-bin-farhan"}


def test_anonymous_descriptors_join_in_lexicon_order():
    out = claims("وقالت مصادر دبلوماسية غربية إن العقوبات ستشمل قطاع الطاقة.")
    assert out[0][1] == "unnamed-western-diplomatic-sources"


def test_statement_of_a_body_as_subject_of_the_verb():
    out = claims("قال وزير الخارجية التركي هاكان فيدان إن أنقرة تدعم الحوار.\n"
                 "وذكر بيان لوزارة الخارجية الروسية أن موسكو مستعدة لاستضافة المحادثات.")
    assert [s for _, s, _ in out] == ["hakan-fidan", "russian-foreign-ministry"]


@pytest.mark.parametrize("text, key", [
    # the portfolio's minister named earlier fixes whose ministry it is
    ("أكد وزير الخارجية والهجرة بدر عبد العاطي دعم الحل السياسي في ليبيا.\n"
     "وذكر بيان لوزارة الخارجية أن الوزير تلقى اتصالا هاتفيا من المبعوثة الأممية.", "egyptian-foreign-ministry"),
    # else the dateline's country
    ("موسكو - قالت وزارة الدفاع إن الطائرات دمرت مواقع للمسلحين.", "russian-defence-ministry"),
    ("دمشق - أعلنت وزارة الخارجية والمغتربين أن الاعتداء مرفوض.", "syrian-foreign-ministry"),
])
def test_ministry_without_a_country_is_the_home_countrys(text, key):
    assert claims(text)[-1][1] == key


def test_ministry_without_any_country_clue_stays_a_new_body():
    (claim,) = run("قالت وزارة الخارجية إن الاتصال تناول الوضع في ليبيا.").claims
    assert claim.speaker.key not in {"egyptian-foreign-ministry", "russian-foreign-ministry"}
    assert claim.speaker.country is None


def test_unnamed_office_holder_gets_an_english_key_and_label():
    (claim,) = run("من جانبه، أعلن وزير النفط الإيراني أن صادرات البلاد من النفط ارتفعت رغم العقوبات.").claims
    assert (claim.speaker.key, claim.speaker.label_en, claim.speaker.country) == (
        "iranian-oil-minister", "Iranian oil minister", "IR")


@pytest.mark.parametrize("text, key, country", [
    # the country in construct (إضافة) after the title, not a nationality adjective
    ("قال وزير خارجية روسيا سيرغي لافروف إن موسكو تدعم الحوار.", "sergey-lavrov", "RU"),
    ("أكد رئيس وزراء العراق أن بغداد تدعم الحوار بين الطرفين.", "iraqi-prime-minister", "IQ"),
    ("وأكد سفير تركيا في موسكو أن العلاقات بين البلدين متينة.", "turkish-ambassador-in-russia", "TR"),
    # the host country after لدى is where the ambassador serves, not whose he is
    ("وقال سفير روسيا لدى تركيا إن الزيارة ستتم الشهر المقبل.", "russian-ambassador-to-turkey", "RU"),
])
def test_title_with_its_country_in_construct(text, key, country):
    (claim,) = run(text).claims
    assert (claim.speaker.key, claim.speaker.country) == (key, country)


@pytest.mark.parametrize("text", [
    "وقال السفير الروسي لدى تركيا أليكسي يرخوف إن الزيارة ستتم الشهر المقبل.",
    "وقال سفير روسيا لدى تركيا أليكسي يرخوف إن الزيارة ستتم الشهر المقبل.",
])
def test_name_with_hamza_alef_lam_after_a_title_is_the_name(text):
    # أليكسي folds to اليكسي: it is not the article, and the person is new, not the office
    (claim,) = run(text).claims
    assert claim.speaker.label_ar.startswith("أليكسي") and claim.speaker.country == "RU"
    assert claim.speaker.key != "russian-ambassador-to-turkey"


def test_joint_statement_of_people_is_keyed_by_their_countries():
    ex = run("اتفق الرئيسان الروسي فلاديمير بوتين والتركي رجب طيب أردوغان على وقف لإطلاق النار.\n"
             "وقال الجانبان في بيان مشترك إن الهدنة تدخل حيز التنفيذ منتصف الليل.")
    assert [c.speaker.key for c in ex.claims] == ["russia-turkey-joint-statement"]


def test_ministry_and_ministers_title_without_a_country_in_a_national_wire():
    ex = run("عنوان\nالكويت - 22 - 10 (كونا) -- أعربت وزارة الخارجية اليوم عن ترحيب دولة الكويت بنجاح الوساطة.\n"
             "وفي هذا السياق صرح مساعد وزير الخارجية لشؤون أوروبا السفير فهد المطيري لـ(كونا) بأن الاتصالات مستمرة.\n"
             "وقال السفير المطيري إن الدبلوماسية الكويتية تؤمن بالحوار.\n"
             "ودعا البيان المجتمع الدولي إلى مضاعفة الجهود الإنسانية.")
    got = [(c.speaker.key, c.speaker.country) for c in ex.claims]
    assert got[0] == ("kuwaiti-foreign-ministry", "KW") and ex.claims[0].speaker.label_en == "Kuwaiti foreign ministry"
    assert got[1] == got[2] and got[1][1] == "KW"  # the ambassador, and his surname after a title, are one person
    assert "أوروبا" in ex.claims[1].speaker.role and ex.claims[1].speaker.label_ar == "فهد المطيري"
    assert got[3][0] == "kuwaiti-foreign-ministry"  # «ودعا البيان»: the body whose statement it is


def test_honorifics_and_the_honorific_pronoun():
    ex = run("تلقى صاحب السمو الشيخ محمد بن زايد آل نهيان رئيس الدولة \"حفظه الله\" اتصالا هاتفيا من فخامة الرئيس فلاديمير بوتين.\n"
             "وفي سياق متصل تلقى سمو الشيخ عبدالله بن زايد آل نهيان اتصالا هاتفيا من معالي عباس عراقجي.\n"
             "وأكد سموه خلال الاتصال أن دولة الإمارات تولي أهمية كبيرة للاستقرار.\n"
             "من جانبه أشاد معالي عباس عراقجي بالدور الذي تضطلع به دولة الإمارات.")
    assert [c.speaker.key for c in ex.claims] == ["abdullah-bin-zayed", "abbas-araghchi"]
    assert not any("حفظه" in e for c in ex.claims for e in [c.speaker.label_ar])


def test_name_in_apposition_after_the_role_and_the_letter_veh():
    ex = run("الكرملين: بوتين مستعد للقاء أردوغان\nموسكو - سبوتنيك\n"
             "قال المتحدث الرسمي باسم الكرملين، دميتري بيسكوڤ، في تصريح لـ\"سبوتنيك\"، إن الرئيس مستعد للقاء.")
    assert [c.speaker.key for c in ex.claims] == ["kremlin", "dmitry-peskov"]


def test_unknown_name_in_apposition_second_portfolio_and_meeting_topics_are_not_names():
    ex = run("بدوره، قال المحلل السياسي التركي، كرم يلدز، لـ\"سبوتنيك\"، إن أنقرة تسعى إلى الوساطة.")
    assert [(c.speaker.label_ar, c.speaker.country) for c in ex.claims] == [("كرم يلدز", "TR")]
    ex = run("أكد نائب رئيس الوزراء وزير الخارجية وشؤون المغتربين أيمن الصفدي أن الاستقرار لن يتحقق دون حل سياسي.")
    assert [c.speaker.key for c in ex.claims] == ["ayman-safadi"]
    ex = run("المنفي يبحث مع السفير التركي مستجدات العملية السياسية\nطرابلس (وال) -\n"
             "بحث رئيس المجلس الرئاسي محمد المنفي السفير التركي لدى ليبيا غوفين بيغيتش.\n"
             "من جانبه، أكد السفير التركي خلال اللقاء دعم بلاده لوحدة ليبيا.")
    assert [c.speaker.label_ar for c in ex.claims] == ["غوفين بيغيتش"]
