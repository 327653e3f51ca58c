"""Small invented articles (not from the corpus) shared by the extraction tests."""

import hashlib

from kg.extract import extract
from kg.model import SourceDoc


def run(text: str, name: str = "t.txt"):
    return extract(SourceDoc(name=name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest()))


def claims(text: str):
    return [(c.kind, c.speaker.key, c.text) for c in run(text).claims]
