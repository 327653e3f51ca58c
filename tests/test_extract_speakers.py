"""Speakers: registry, spelling variants, unknown names, bare surnames and roles, pairs."""

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
