"""Synthetic Arabic news articles, for scale tests and benchmarks only (never to judge quality).

Articles are put together from small registries written here (speakers with their
spellings, outlets and bylines, topics) and templates: a headline (sometimes a
«Speaker: statement» headline), a dateline, a date in one of its printed forms
(Gregorian with Egyptian or Levantine month names, Eastern Arabic digits, Hijri,
relative words), direct quotes and reported speech. The same ``seed`` and index always
give the same article, so a corpus is reproducible and each article can be regenerated
on its own.

Because the generator knows what it wrote, :func:`oracle_extract` returns the
extraction of a synthetic article (speakers, spans, dates, topics) without running the
extractor; ``isnad bench --extractor oracle`` uses it to fill the store with realistic
claims while the real extractor is measured separately.

>>> a = article(7, seed=1)
>>> a == article(7, seed=1), a.name
(True, 'synth-1-0000007.txt')
>>> all(a.text[c.start:c.end] == c.text for c in a.extraction.claims)
True
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from kg.corpus import make_doc
from kg.model import ArticleMeta, Claim, Extraction, OutletRef, SourceDoc, SpeakerRef

# key, kind, Arabic name, English name, other spellings, role, country, topics
SPEAKERS: tuple[tuple[str, str, str, str, tuple[str, ...], str, str, tuple[str, ...]], ...] = (
    ("sergey-lavrov", "person", "سيرغي لافروف", "Sergey Lavrov", ("سيرجي لافروف", "لافروف"),
     "وزير الخارجية الروسي", "RU", ("syria", "libya", "russia-turkey")),
    ("mevlut-cavusoglu", "person", "مولود جاويش أوغلو", "Mevlüt Çavuşoğlu", ("مولود تشاووش أوغلو", "جاويش أوغلو"),
     "وزير الخارجية التركي", "TR", ("russia-turkey", "libya", "east-med")),
    ("recep-tayyip-erdogan", "person", "رجب طيب أردوغان", "Recep Tayyip Erdoğan", ("إردوغان", "أردوغان"),
     "الرئيس التركي", "TR", ("syria", "east-med", "south-caucasus")),
    ("vladimir-putin", "person", "فلاديمير بوتين", "Vladimir Putin", ("بوتين", "بوتن"),
     "الرئيس الروسي", "RU", ("syria", "russia-turkey", "economy-energy")),
    ("dmitry-peskov", "person", "دميتري بيسكوف", "Dmitry Peskov", ("ديمتري بيسكوف", "بيسكوف"),
     "المتحدث باسم الكرملين", "RU", ("russia-turkey", "sanctions")),
    ("maria-zakharova", "person", "ماريا زاخاروفا", "Maria Zakharova", ("زاخاروفا",),
     "المتحدثة باسم الخارجية الروسية", "RU", ("sanctions", "foreign-intervention")),
    ("hulusi-akar", "person", "خلوصي أكار", "Hulusi Akar", ("خلوصي آكار", "أكار"),
     "وزير الدفاع التركي", "TR", ("military-cooperation", "libya")),
    ("khalifa-haftar", "person", "خليفة حفتر", "Khalifa Haftar", ("حفتر",),
     "قائد قوات شرق ليبيا", "LY", ("libya", "ceasefire")),
    ("fayez-al-sarraj", "person", "فايز السراج", "Fayez al-Sarraj", ("فائز السراج", "السراج"),
     "رئيس المجلس الرئاسي لحكومة الوفاق", "LY", ("libya", "political-process")),
    ("faisal-mekdad", "person", "فيصل المقداد", "Faisal Mekdad", ("المقداد",),
     "وزير الخارجية السوري", "SY", ("syria", "sovereignty")),
    ("sameh-shoukry", "person", "سامح شكري", "Sameh Shoukry", ("شكري",),
     "وزير الخارجية المصري", "EG", ("egypt", "libya", "east-med")),
    ("russian-foreign-ministry", "organization", "وزارة الخارجية الروسية", "Russian Foreign Ministry",
     ("الخارجية الروسية",), "", "RU", ("sanctions", "bilateral-relations")),
    ("turkish-defence-ministry", "organization", "وزارة الدفاع التركية", "Turkish Ministry of National Defence",
     ("الدفاع التركية",), "", "TR", ("counter-terrorism", "military-cooperation")),
    ("un-security-council", "organization", "مجلس الأمن الدولي", "UN Security Council", ("مجلس الأمن",),
     "", "", ("humanitarian", "ceasefire")),
)

# key, kind, Arabic name, English name, other printed forms
OUTLETS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("reuters", "agency", "رويترز", "Reuters", ("وكالة رويترز",)),
    ("afp", "agency", "وكالة الصحافة الفرنسية", "Agence France-Presse", ("فرانس برس", "أ ف ب")),
    ("anadolu", "agency", "وكالة الأناضول", "Anadolu Agency", ("الأناضول",)),
    ("sputnik", "agency", "سبوتنيك", "Sputnik", ("وكالة سبوتنيك",)),
    ("tass", "agency", "تاس", "TASS", ("وكالة تاس",)),
    ("aljazeera", "outlet", "الجزيرة نت", "Al Jazeera", ("الجزيرة",)),
    ("asharq-al-awsat", "outlet", "الشرق الأوسط", "Asharq Al-Awsat", ()),
    ("rt-arabic", "outlet", "روسيا اليوم", "RT Arabic", ("آر تي",)),
)

CITIES = ("موسكو", "أنقرة", "طرابلس", "دمشق", "القاهرة", "إسطنبول", "بنغازي", "نيويورك")
MONTHS_EG = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")
MONTHS_LEV = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
              "تشرين الثاني", "كانون الأول")
HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان",
                "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

SUBJECTS = ("الحل السياسي", "وقف إطلاق النار", "الوجود العسكري الأجنبي", "العملية العسكرية", "المفاوضات",
            "المساعدات الإنسانية", "التعاون العسكري", "العقوبات الغربية", "أمن الحدود", "ملف الطاقة")
PREDICATES = ("هو الطريق الوحيد لإنهاء الأزمة", "يجب أن يحترم من جميع الأطراف", "لن يكون على حساب السيادة",
              "يتطلب تنسيقا أوثق بين البلدين", "ما زال ممكنا رغم الصعوبات", "لا يخدم مصالح شعوب المنطقة",
              "سيبحث في الاجتماع المقبل", "يشهد تقدما ملموسا", "مرفوض بشكل قاطع", "يحتاج إلى ضمانات دولية")
SAY_DIRECT = ("قال", "أكد", "صرح", "أضاف")
SAY_INDIRECT = ("وقال", "وأكد", "وأوضح", "وأشار")
FILLER = ("وجاءت التصريحات خلال مؤتمر صحفي عقد في العاصمة.", "ولم يصدر أي تعليق رسمي من الطرف الآخر حتى الآن.",
          "ويأتي ذلك في ظل تصاعد التوتر في المنطقة خلال الأسابيع الأخيرة.",
          "وكانت جولة سابقة من المحادثات قد انتهت دون اتفاق.")

_NAME = re.compile(r"^synth-(\d+)-(\d+)\.txt$")


@dataclass(frozen=True)
class SynthArticle:
    name: str
    text: str
    extraction: Extraction


def _speaker(rng: random.Random, entry) -> tuple[SpeakerRef, str]:
    key, kind, ar, en, aliases, role, country, _ = entry
    mention = rng.choice((ar,) + aliases)
    printed = f"{role} {mention}" if role and rng.random() < 0.5 else mention
    ref = SpeakerRef(key=key, kind=kind, label_ar=ar, label_en=en, mention=mention, role=role or None,
                     country=country or None, aliases=list(aliases))
    return ref, printed


def _hijri(day: dt.date) -> str:
    from hijridate import Gregorian

    h = Gregorian(day.year, day.month, day.day).to_hijri()
    return f"{h.day} {HIJRI_MONTHS[h.month - 1]} {h.year} هـ"


def printed_date(rng: random.Random, day: dt.date, published: dt.date) -> str:
    """``day`` as an article prints it: one of several forms, relative to ``published``."""
    form = rng.randrange(6)
    if form == 0:
        return f"{day.day} {MONTHS_EG[day.month - 1]} {day.year}"
    if form == 1:
        return f"{day.day} {MONTHS_LEV[day.month - 1]} {day.year}"
    if form == 2:
        return f"{day.day} {MONTHS_EG[day.month - 1]} {day.year}".translate(EASTERN)
    if form == 3:
        return f"{day.day}/{day.month}/{day.year}".translate(EASTERN if rng.random() < 0.5 else {})
    if form == 4:
        return _hijri(day)
    delta = (published - day).days
    if delta == 0:
        return "اليوم"
    if delta == 1:
        return "أمس"
    return f"{WEEKDAYS[day.weekday()]} الماضي"


class _Writer:
    """Appends text and remembers where each claim landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.size
        self.parts.append(s)
        self.size += len(s)
        return start, self.size

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _statement(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"


def article(index: int, *, seed: int = 0, claims: tuple[int, int] = (3, 8)) -> SynthArticle:
    """The ``index``-th synthetic article of the corpus ``seed`` (with what it contains)."""
    rng = random.Random(f"isnad-synth:{seed}:{index}")
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    out = OUTLETS[rng.randrange(len(OUTLETS))]
    outlet = OutletRef(key=out[0], label_ar=out[2], label_en=out[3], kind=out[1], aliases=list(out[4]))
    w = _Writer()
    found: list[Claim] = []
    lead = SPEAKERS[rng.randrange(len(SPEAKERS))]
    if rng.random() < 0.4:  # «Speaker: statement» headline
        sp, _ = _speaker(rng, lead)
        w.add(f"{sp.mention}: ")
        text = _statement(rng)
        s, e = w.add(text)
        found.append(Claim("headline", s, e, text, sp, published, [lead[7][0]], 0.9))
        w.add("\n")
    else:
        w.add(f"{lead[2]} يبحث {rng.choice(SUBJECTS)} في {rng.choice(CITIES)}\n")
    w.add(f"{rng.choice(CITIES)} - {rng.choice((out[2],) + out[4])}\n")
    w.add(f"نشر في {printed_date(rng, published, published)}\n\n")
    for _ in range(rng.randint(*claims)):
        entry = lead if rng.random() < 0.5 else SPEAKERS[rng.randrange(len(SPEAKERS))]
        sp, printed = _speaker(rng, entry)
        said = published - dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        when = printed_date(rng, said, published)
        text = _statement(rng)
        topics = list(entry[7][: rng.randint(1, 2)])
        if rng.random() < 0.5:
            w.add(f"{rng.choice(SAY_DIRECT)} {printed} {when}: «")
            s, e = w.add(text)
            w.add("».\n")
            found.append(Claim("direct", s, e, text, sp, said, topics, 0.9))
        else:
            w.add(f"{rng.choice(SAY_INDIRECT)} {printed} في تصريحات {when} إن ")
            s, e = w.add(text)
            w.add(".\n")
            found.append(Claim("indirect", s, e, text, sp, said, topics, 0.7))
        if rng.random() < 0.5:
            w.add(rng.choice(FILLER) + "\n")
    author = rng.choice(("", "محمد الأحمد", "سارة خليل", "يوسف العلي"))
    if author:
        w.add(f"\nبقلم: {author}\n")
    name = f"synth-{seed}-{index:07d}.txt"
    doc = make_doc(name, w.text)
    headline = w.text.split("\n", 1)[0]
    meta = ArticleMeta(headline=headline, published=published, dateline=doc.text.split("\n")[1].split(" - ")[0],
                       publisher=outlet, author=author or None)
    return SynthArticle(name, doc.text, Extraction(doc=doc, meta=meta, claims=found))


def articles(n: int, *, seed: int = 0, start: int = 0) -> Iterator[SynthArticle]:
    for i in range(start, start + n):
        yield article(i, seed=seed)


def documents(n: int, *, seed: int = 0) -> Iterator[SourceDoc]:
    """``n`` synthetic articles as SourceDocs (as the corpus reader would give them)."""
    for a in articles(n, seed=seed):
        yield a.extraction.doc


def write_corpus(folder: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic articles as ``.txt`` files into ``folder`` (created if needed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles(n, seed=seed):
        (folder / a.name).write_text(a.text, encoding="utf-8")
    return folder


def oracle_extract(doc: SourceDoc) -> Extraction:
    """What the generator put in a synthetic article (regenerated from its file name).

    Falls back to the real extractor for any document that is not an unchanged
    synthetic article.
    """
    m = _NAME.match(doc.name)
    if m:
        a = article(int(m.group(2)), seed=int(m.group(1)))
        if a.text == doc.text:
            return replace(a.extraction, doc=doc)
    from kg.extract import extract

    return extract(doc)
