"""Indirect speech: verb + أن/إن, verb + noun phrase, participles, institutions, relays."""

from kg.extract import extract_text as run


def claims(text):
    return [(c.kind, c.speaker.key, c.text) for c in run(text).claims]


def test_verb_complement_and_pronoun_dropped_verb():
    out = claims("قال وزير الخارجية الأردني أيمن الصفدي إن المملكة تدعم جهود التهدئة في غزة.\n"
                 "وأوضح أن الاتصالات مستمرة مع جميع الأطراف.")
    assert out == [("indirect", "ayman-safadi", "المملكة تدعم جهود التهدئة في غزة"),
                   ("indirect", "ayman-safadi", "الاتصالات مستمرة مع جميع الأطراف")]


def test_verb_noun_phrase_and_call():
    out = claims("أكد الرئيس الفرنسي إيمانويل ماكرون دعم باريس الكامل لوحدة الأراضي الأوكرانية، "
                 "بينما دعا الأمين العام للأمم المتحدة أنطونيو غوتيريش الأطراف إلى ضبط النفس.")
    assert out == [("indirect", "emmanuel-macron", "دعم باريس الكامل لوحدة الأراضي الأوكرانية"),
                   ("indirect", "antonio-guterres", "الأطراف إلى ضبط النفس")]


def test_prepositional_verbs_and_participles_stay_in_one_claim():
    out = claims("وأشار بوريل إلى أن الاتحاد الأوروبي سيقدم مساعدات إضافية، مضيفا أن الأولوية لحماية المدنيين.")
    assert out == [("indirect", "josep-borrell", "الاتحاد الأوروبي سيقدم مساعدات إضافية، مضيفا أن الأولوية لحماية المدنيين")]


def test_expressed_confidence():
    out = claims("وأعرب الرئيس التركي رجب طيب إردوغان، الثلاثاء، عن ثقته بأن المفاوضات ستنجح.")
    assert out == [("indirect", "recep-tayyip-erdogan", "ثقته بأن المفاوضات ستنجح")]


def test_institution_and_anaphoric_ministry():
    out = claims("أعلنت وزارة الخارجية المصرية أن القاهرة ستستضيف جولة جديدة من المحادثات.\n"
                 "وأضافت الوزارة أن الدعوات وجهت إلى جميع الأطراف المعنية.")
    assert [s for _, s, _ in out] == ["egyptian-foreign-ministry", "egyptian-foreign-ministry"]


def test_statement_issuer():
    out = claims("جاء في بيان صادر عن الرئاسة التركية أن أنقرة ستواصل مكـ.ـافحة الإرهـ.ـاب بكل حزم.\n"
                 "وقال البيان إن العمليات ستتواصل حتى تطهير المنطقة.")
    assert out == [("indirect", "turkish-presidency", "أنقرة ستواصل مكافحة الإرهاب بكل حزم"),
                   ("indirect", "turkish-presidency", "العمليات ستتواصل حتى تطهير المنطقة")]


def test_relay_agency_is_credited_not_speaker():
    ex = run("ونقلت وكالة إنترفاكس عن لافروف قوله إن موسكو مستعدة للحوار.")
    assert [(c.speaker.key, c.text) for c in ex.claims] == [("sergey-lavrov", "موسكو مستعدة للحوار")]
    assert [o.key for o in ex.meta.credits] == ["interfax"]


def test_anonymous_sources():
    out = claims("وقال مسؤول عراقي لم يذكر اسمه إن الحكومة تدرس الطلب.\n"
                 "وأفادت مصادر أمنية مطلعة بأن الهجوم استهدف قاعدة عسكرية.")
    assert [s for _, s, _ in out] == ["unnamed-iraqi-official", "unnamed-security-informed-sources"]


def test_narration_is_not_a_claim():
    assert claims("وصل الوزير إلى العاصمة الليبية طرابلس في زيارة تستغرق يومين.\nوالتقى خلالها عددا من المسؤولين.") == []


def test_pluperfect_subject_before_qad():
    out = claims("وكان وزير الخارجية الأمريكي أنتوني بلينكن قد أعلن في وقت سابق أن واشنطن ستفرض عقوبات جديدة.")
    assert out == [("indirect", "antony-blinken", "واشنطن ستفرض عقوبات جديدة")]


def test_according_to_opening_a_sentence():
    out = claims("ووفقا للمتحدث باسم الخارجية الروسية، فإن موسكو لم تتلق أي طلب رسمي.")
    assert out == [("indirect", "russian-foreign-ministry", "موسكو لم تتلق أي طلب رسمي")]


def test_agency_reporting_is_speaker_and_credit():
    ex = run("وذكرت وكالة سبوتنيك أن المحادثات ستستأنف الأسبوع المقبل.")
    assert ex.claims[0].speaker.key == "sputnik" and [o.key for o in ex.meta.credits] == ["sputnik"]


def test_state_media_titles_and_institution_with_coordination():
    ex = run("دمشق-سانا\nأكد وزير الخارجية والمغتربين الدكتور فيصل المقداد أن سورية ستواصل مكافحة الإرهاب.")
    assert (ex.meta.dateline, ex.meta.publisher.key) == ("دمشق", "sana")
    assert ex.claims[0].speaker.key == "faisal-mekdad"
    ex = run("أبوظبي في 3 مايو/ وام/ وشددت وزارة الخارجية والتعاون الدولي في بيان لها على أهمية الحوار لحل الخلافات.")
    assert ex.meta.dateline == "أبوظبي" and ex.claims[0].text == "أهمية الحوار لحل الخلافات"


def test_body_paragraphs_without_final_stops():
    out = claims("عنوان الخبر هنا\nوقال وزير الخارجية المصري سامح شكري إن القاهرة تدعم الحل السياسي\n"
                 "وأضاف أن الاتصالات مستمرة مع جميع الأطراف")
    assert [t for _, _, t in out] == ["القاهرة تدعم الحل السياسي", "الاتصالات مستمرة مع جميع الأطراف"]


def test_present_tense_title_verbs_are_not_claims():
    assert claims("روسيا تؤكد أن الحوار مستمر وتركيا تدعو إلى التهدئة\nنص الخبر.") == []


def test_according_to_a_statement():
    out = claims("وبحسب بيان للخارجية التركية، فإن أنقرة ستستضيف الاجتماع المقبل.")
    assert out == [("indirect", "turkish-foreign-ministry", "أنقرة ستستضيف الاجتماع المقبل")]


def test_relay_with_ila_and_passive_relay():
    ex = run("ونسبت وكالة الأناضول إلى مصدر دبلوماسي قوله إن الاجتماع سيعقد في أنقرة.")
    assert [(c.speaker.key, c.text) for c in ex.claims] == [("unnamed-diplomatic-source", "الاجتماع سيعقد في أنقرة")]
    assert [o.key for o in ex.meta.credits] == ["anadolu"]
    out = claims("ونقل عن وزير الخارجية الإيراني عباس عراقجي قوله إن طهران مستعدة للحوار.")
    assert out == [("indirect", "abbas-araghchi", "طهران مستعدة للحوار")]


def test_condemnations_and_urging_with_noun_phrase_content():
    assert claims("أدانت وزارة الخارجية الأردنية الهجوم على المدنيين في غزة.") == [
        ("indirect", "jordanian-foreign-ministry", "الهجوم على المدنيين في غزة")]
    assert claims("أدانت حركة حماس الهجوم على المدنيين.") == [("indirect", "hamas", "الهجوم على المدنيين")]
    assert claims("وحث الأمين العام للأمم المتحدة أنطونيو غوتيريش الأطراف على ضبط النفس.") == [
        ("indirect", "antonio-guterres", "الأطراف على ضبط النفس")]


def test_unknown_outlet_relaying_a_known_kind_of_source():
    out = claims("ونقلت صحيفة وول ستريت جورنال عن مسؤولين أمريكيين قولهم إن الإدارة تدرس سحب القوات.")
    assert out == [("indirect", "unnamed-us-officials", "الإدارة تدرس سحب القوات")]


def test_written_statements():
    out = claims('وكتب ماكرون في تغريدة على منصة إكس: "فرنسا تقف إلى جانب لبنان".')
    assert out == [("direct", "emmanuel-macron", "فرنسا تقف إلى جانب لبنان")]


def test_clause_after_an_embedded_quote_is_a_claim_of_its_own():
    """«قال X إن Y "..." وإن Z»: the quote is a direct claim and Z, opened by إن / أن / لكن, an indirect one."""
    out = claims("وقال رئيس البرلمان الموريتاني إن المشروع «يحتاج إلى نقاش أوسع داخل اللجان» "
                 "لكن التصويت عليه سيجري في الجلسة المقبلة كما هو مقرر.")
    assert out == [("direct", "riis-albrlman-almwritani", "يحتاج إلى نقاش أوسع داخل اللجان"),
                   ("indirect", "riis-albrlman-almwritani", "التصويت عليه سيجري في الجلسة المقبلة كما هو مقرر")]
    out = claims("وأكد وزير المالية الأردني أن الموازنة «متوازنة وواقعية وقابلة للتنفيذ»، "
                 "وأن العجز سينخفض خلال العامين المقبلين بنسبة ملموسة.")
    assert [k for k, _, _ in out] == ["direct", "indirect"]
    assert out[1][2] == "العجز سينخفض خلال العامين المقبلين بنسبة ملموسة"


def test_words_after_a_quote_without_a_clause_opener_are_not_a_claim():
    out = claims("وقال وزير الزراعة الجزائري إن المحصول «فاق كل التوقعات هذا الموسم» في معظم الولايات الشمالية.")
    assert [k for k, _, _ in out] == ["direct"]
    out = claims("وقال وزير الزراعة الجزائري إن المحصول «فاق كل التوقعات هذا الموسم» وإن الأسعار.")
    assert [k for k, _, _ in out] == ["direct"]  # too short to be a clause


def test_qailan_after_the_subject_belongs_to_the_verb_before_it():
    # «وغرد X قائلا:» is X speaking, not a carry-over of the speaker before
    out = claims("قال وزير الخارجية التركي هاكان فيدان إن أنقرة تدعم الحوار.\n"
                 "وغرد الرئيس التركي رجب طيب أردوغان قائلا: \"تركيا لن تتخلى عن حلفائها\".")
    assert [s for _, s, _ in out] == ["hakan-fidan", "recep-tayyip-erdogan"]


def test_participle_after_a_quote_keeps_the_speaker_of_its_sentence():
    out = claims("ونفت وزارة الدفاع الروسية سقوط مدنيين في القصف.\n"
                 "وشددت زاخاروفا على أن العقوبات الغربية \"محكوم عليها بالفشل\"، مضيفة أن روسيا ستواصل العمل مع شركائها.")
    assert out[-1] == ("indirect", "maria-zakharova", "روسيا ستواصل العمل مع شركائها")


def test_where_a_denial_was_issued_is_not_what_it_denies():
    out = claims("ونفت وزارة الدفاع الروسية في بيان صدر مساء أمس الأربعاء صحة التقارير عن سقوط مدنيين في إدلب.")
    assert out == [("indirect", "russian-defence-ministry", "صحة التقارير عن سقوط مدنيين في إدلب")]


def test_source_left_unnamed_is_not_part_of_what_it_said():
    out = claims("ونقلت وكالة رويترز عن مسؤول أمريكي لم تسمه، فإن واشنطن تدرس إرسال مبعوث إلى المنطقة.")
    assert out == [("indirect", "unnamed-us-official", "واشنطن تدرس إرسال مبعوث إلى المنطقة")]


def test_agency_reporting_from_a_source_credits_the_agency():
    ex = run("وذكرت وكالة تاس الروسية نقلا عن مصدر دبلوماسي أن موسكو سترسل وفدا إلى أنقرة.")
    assert [(c.speaker.key, c.text) for c in ex.claims] == [("unnamed-diplomatic-source", "موسكو سترسل وفدا إلى أنقرة")]
    assert "tass" in [o.key for o in ex.meta.credits]


def test_a_subject_the_extractor_cannot_read_is_no_claim_rather_than_an_old_speaker():
    out = claims("ونقلت وكالة رويترز أن المحادثات مستمرة.\n"
                 "وقال لافروف إن موسكو تدعم الحوار.\n"
                 "ودعت الدول الثلاث في بيانها الختامي إلى احترام وحدة الأراضي السورية.\n"
                 "وأكد المشاركون في الاجتماع على ضرورة مكافحة الإرهاب.")
    assert [s for _, s, _ in out] == ["reuters", "sergey-lavrov"]


def test_subject_before_a_verb_with_an_object_and_according_to_an_agency():
    assert claims("الرئيس اللبناني دعا إلى وقف فوري لإطلاق النار.") == [
        ("indirect", "joseph-aoun", "إلى وقف فوري لإطلاق النار")]
    ex = run("وبحسب رويترز، فإن الرئيس اللبناني دعا إلى وقف فوري لإطلاق النار.")
    assert [c.speaker.key for c in ex.claims] == ["joseph-aoun"]  # the one who called, not the agency reporting it
    assert [o.key for o in ex.meta.credits] == ["reuters"]
