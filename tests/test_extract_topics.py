"""Topics: files before themes, bilateral files, fallbacks, 1-3 per claim."""

from kg.extract import extract_text as run
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


def test_speaker_file_is_carried_before_the_article_file():
    ex = run("بحث الوزراء الوضع في ليبيا وطرابلس وسرت وبنغازي.\n"
             "وقال وزير الخارجية الأردني أيمن الصفدي إن العلاقات مع مصر ممتازة.\n"
             "وأضاف أن التعاون سيتوسع في المرحلة المقبلة.")
    assert ex.claims[1].topics[0] == "egypt"


def test_nearest_file_in_the_sentence():
    ex = run("أعلنت موسكو أنها اتفقت مع أنقرة، في حين أكدت حكومة الوفاق تبنيها إستراتيجية شاملة لمكافحة الإرهاب.")
    assert ex.claims[-1].topics[0] == "libya"


def test_scheme_keys_labels_and_cues_are_kept_from_the_shared_scheme():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    shared = next((p for p in [root / "tests/gold/topics.yaml", root.parent / "shared/gold/topics.yaml"] if p.exists()))
    ours = yaml.safe_load((root / "kg/data/topics.yaml").read_text(encoding="utf-8"))
    for group, items in yaml.safe_load(shared.read_text(encoding="utf-8")).items():
        assert set(ours[group]) == set(items)
        for key, v in items.items():
            assert (ours[group][key]["ar"], ours[group][key]["en"]) == (v["ar"], v["en"])
            assert set(v["cues"]) <= set(ours[group][key]["cues"]), key


def test_sides_named_far_apart_make_no_bilateral_file():
    # Russia in one paragraph, Turkey in another, no claim about both: no claim is filed under
    # russia-turkey just because the article names both somewhere
    text = ("أكد وزير الخارجية السعودي أن المملكة تدعم الوساطة في الأزمة الأوكرانية.\n\n"
            "وشدد البيان الصادر عن المملكة وتركيا على أهمية استمرار تصدير الحبوب.\n\n"
            "وفي موسكو، قال مسؤول روسي إن العقوبات الغربية لن تغير موقف روسيا.")
    ex = run(text)
    assert ex.claims
    assert all("russia-turkey" not in c.topics for c in ex.claims), [(c.text, c.topics) for c in ex.claims]


def test_truth_in_a_denial_is_not_health():
    # «لا أساس لها من الصحة»: "no truth in it", not the health file
    (claim,) = run("ونفى بيسكوف التقارير قائلا: \"هذه المعلومات لا أساس لها من الصحة على الإطلاق\".").claims
    assert "health" not in claim.topics
