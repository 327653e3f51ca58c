"""(placeholder until the extraction branch lands)"""
import re
import unicodedata

_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    text = re.sub("[إأآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه").replace("ی", "ي").replace("ک", "ك")
    return text.lower()
