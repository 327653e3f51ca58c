"""Score predicted claims and article fields against a gold file in the seeds.yaml format.

Matching follows GUIDELINES.md: a predicted claim matches a gold claim of the same article
file when their word overlap is at least half of the gold claim's words, after folding
(alef / ya variants, diacritics, punctuation, spaces). Each prediction matches at most one
gold claim (best overlap first).

Input is a list of plain records, so the lead can feed it from ``extract()`` output
(:func:`predictions_from_extractions`) or from rows read back out of the RDF graph.

>>> gold = {"articles": [{"file": "a.txt", "outlet": "x", "published": None, "dateline": None, "credited": [],
...          "claims": [{"id": "1", "kind": "direct", "speaker": "s", "date": None, "topics": ["libya"],
...                      "text": "الوضع في ليبيا حرج"}]}]}
>>> rep = evaluate([PredClaim("a.txt", "direct", "s", "إن الوضع في ليبيا حرج جدا", None, ["libya"])], gold)
>>> rep.overall.f1, rep.speaker_accuracy, rep.topic_f1
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from kg.normalize import fold_words

KINDS = ("direct", "indirect", "headline")


@dataclass
class PredClaim:
    """One predicted claim: what the graph or the extractor says."""

    file: str
    kind: str
    speaker: str | None
    text: str
    date: str | None = None  # ISO date
    topics: list[str] = field(default_factory=list)
    speaker_label: str | None = None  # the speaker's Arabic label (matched against the gold's speakers table)


@dataclass
class PredArticle:
    """Predicted article fields."""

    file: str
    outlet: str | None = None
    published: str | None = None
    dateline: str | None = None
    credited: list[str] = field(default_factory=list)


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 4) if p + r else 0.0


@dataclass
class EvalReport:
    overall: PRF
    by_kind: dict[str, PRF]
    speaker_accuracy: float
    date_accuracy: float
    unsupported_dates: int
    topic_f1: float
    article_accuracy: dict[str, float]  # outlet, published, dateline, credited
    matches: list[tuple[dict, PredClaim, float]]
    misses: list[dict]
    false_positives: list[PredClaim]
    wrong_speakers: list[tuple[dict, PredClaim]]
    wrong_dates: list[tuple[dict, PredClaim]]
    article_errors: list[str]


def _words(text: str) -> set[str]:
    return set(fold_words(text))


def overlap(gold_text: str, pred_text: str) -> float:
    """Share of the gold claim's (folded, distinct) words found in the prediction.

    >>> overlap("الوضع في ليبيا", "قال إن الوضعَ في ليبيا")
    1.0
    """
    g = _words(gold_text)
    return len(g & _words(pred_text)) / len(g) if g else 0.0


def _iso(d) -> str | None:
    if d is None:
        return None
    return d.isoformat() if isinstance(d, (dt.date, dt.datetime)) else str(d)


def predictions_from_extractions(extractions: Iterable) -> tuple[list[PredClaim], list[PredArticle]]:
    """Prediction records from :class:`kg.model.Extraction` objects."""
    claims, arts = [], []
    for ex in extractions:
        f = ex.doc.name.rsplit("/", 1)[-1]
        m = ex.meta
        arts.append(PredArticle(f, m.publisher.key if m.publisher else None, _iso(m.published), m.dateline, [c.key for c in m.credits]))
        for c in ex.claims:
            claims.append(PredClaim(f, c.kind, c.speaker.key if c.speaker else None, c.text, _iso(c.stated_on), list(c.topics),
                                    c.speaker.label_ar if c.speaker else None))
    return claims, arts


def _speaker_names(g: dict) -> dict[str, set[str]]:
    """Gold speaker key -> its folded Arabic name and aliases (the gold's ``speakers:`` table)."""
    out: dict[str, set[str]] = {}
    for key, e in (g.get("speakers") or {}).items():
        e = e or {}
        out[key] = {" ".join(fold_words(n)) for n in [e.get("ar"), *(e.get("aliases") or [])] if n}
    return out


def same_speaker(gold_key: str | None, p: PredClaim, names: dict[str, set[str]]) -> bool:
    """The same key, or (for a speaker the registry cannot know: a person first met in the
    article gets a transliterated key) a predicted Arabic label that is the gold speaker's name.

    >>> same_speaker("fahad-al-mutairi", PredClaim("a", "direct", "fhd-almtiri", "", speaker_label="فهد المطيري"),
    ...              {"fahad-al-mutairi": {"فهد المطيري"}})
    True
    >>> same_speaker("sergey-lavrov", PredClaim("a", "direct", "sergey-shoigu", "", speaker_label="لافروف"),
    ...              {"sergey-lavrov": {"لافروف"}})
    False
    """
    if gold_key == p.speaker:
        return True
    if not p.speaker_label or gold_key not in names or p.speaker in load_registry_keys():
        return False
    return " ".join(fold_words(p.speaker_label)) in names[gold_key]


@functools.cache
def load_registry_keys() -> frozenset[str]:
    """Keys of the speaker registry: a registry key names its speaker, so only the key counts."""
    from kg.extract.lexicon import load
    return frozenset(load().speakers)


def load_gold(gold) -> dict:
    """A gold mapping from a path or an already-loaded mapping."""
    if isinstance(gold, (str, Path)):
        with open(gold, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    return gold


def evaluate(predictions, gold, articles: list[PredArticle] | None = None, threshold: float = 0.5) -> EvalReport:
    """Score ``predictions`` against ``gold`` (a path to a seeds.yaml-style file, or its mapping).

    ``predictions`` may mix :class:`PredClaim` and :class:`PredArticle` records (e.g. read back
    out of the RDF graph) and :class:`kg.model.Extraction` objects (direct extraction).
    """
    items = list(predictions)
    exs = [x for x in items if not isinstance(x, (PredClaim, PredArticle))]
    predictions = [x for x in items if isinstance(x, PredClaim)]
    given = [x for x in items if isinstance(x, PredArticle)]
    if exs:
        more, arts = predictions_from_extractions(exs)
        predictions += more
        given += arts
    if articles is None and given:
        articles = given
    g = load_gold(gold)
    golds = {a["file"]: a for a in g.get("articles") or []}
    overall = PRF()
    by_kind = {k: PRF() for k in KINDS}
    matches, misses, fps = [], [], []
    for p in predictions:
        if p.file in golds:
            overall.n_pred += 1
            by_kind.setdefault(p.kind, PRF()).n_pred += 1
    for f, art in golds.items():
        gcs = art.get("claims") or []
        overall.n_gold += len(gcs)
        for gc in gcs:
            by_kind.setdefault(gc["kind"], PRF()).n_gold += 1
        preds = [p for p in predictions if p.file == f]
        pairs = sorted(((overlap(gc["text"], p.text), gi, pi) for gi, gc in enumerate(gcs) for pi, p in enumerate(preds)), reverse=True)
        used_g, used_p = set(), set()
        for ov, gi, pi in pairs:
            if ov < threshold or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gcs[gi], preds[pi], ov))
        misses += [dict(gc, file=f) for gi, gc in enumerate(gcs) if gi not in used_g]
        fps += [p for pi, p in enumerate(preds) if pi not in used_p]
    overall.tp = len(matches)
    for gc, p, _ in matches:
        if gc["kind"] == p.kind:
            by_kind[gc["kind"]].tp += 1
    n = len(matches)
    names = _speaker_names(g)
    wrong_sp = [(gc, p) for gc, p, _ in matches if not same_speaker(gc.get("speaker"), p, names)]
    wrong_dt = [(gc, p) for gc, p, _ in matches if _iso(gc.get("date")) != p.date]
    unsupported = sum(1 for gc, p, _ in matches if gc.get("date") is None and p.date is not None)
    ttp = tpred = tgold = 0
    for gc, p, _ in matches:
        gs, ps = set(gc.get("topics") or []), set(p.topics or [])
        ttp += len(gs & ps)
        tpred += len(ps)
        tgold += len(gs)
    tprec = ttp / tpred if tpred else 0.0
    trec = ttp / tgold if tgold else 0.0
    art_acc, art_err = _articles(golds, articles or [])
    return EvalReport(
        overall=overall, by_kind=by_kind,
        speaker_accuracy=round((n - len(wrong_sp)) / n, 4) if n else 0.0,
        date_accuracy=round((n - len(wrong_dt)) / n, 4) if n else 0.0,
        unsupported_dates=unsupported,
        topic_f1=round(2 * tprec * trec / (tprec + trec), 4) if tprec + trec else 0.0,
        article_accuracy=art_acc, matches=matches, misses=misses, false_positives=fps,
        wrong_speakers=wrong_sp, wrong_dates=wrong_dt, article_errors=art_err,
    )


def _articles(golds: dict, articles: list[PredArticle]) -> tuple[dict[str, float], list[str]]:
    by_file = {a.file: a for a in articles}
    score = {"outlet": [0, 0], "published": [0, 0], "dateline": [0, 0], "credited": [0, 0]}
    errors = []
    for f, g in golds.items():
        a = by_file.get(f, PredArticle(f))
        checks = {
            "outlet": (g.get("outlet"), a.outlet, g.get("outlet_in_text", True)),
            "published": (_iso(g.get("published")), a.published, True),
            "dateline": (g.get("dateline"), a.dateline, True),
            "credited": (sorted(g.get("credited") or []), sorted(a.credited or []), True),
        }
        for name, (gv, pv, scored) in checks.items():
            if not scored and pv is None:
                continue  # not in the text: scored only when a value is given
            score[name][1] += 1
            if gv == pv:
                score[name][0] += 1
            else:
                errors.append(f"{f}: {name} gold={gv!r} predicted={pv!r}")
    return {k: round(ok / n, 4) if n else 0.0 for k, (ok, n) in score.items()}, errors


def format_report(r: EvalReport, details: bool = True) -> str:
    """A plain-text report: figures first, then misses, false positives and wrong fields."""
    out = [f"claims     P={r.overall.precision:.3f} R={r.overall.recall:.3f} F1={r.overall.f1:.3f} "
           f"(tp={r.overall.tp} pred={r.overall.n_pred} gold={r.overall.n_gold})"]
    for k, v in r.by_kind.items():
        out.append(f"  {k:<9} P={v.precision:.3f} R={v.recall:.3f} F1={v.f1:.3f} (tp={v.tp} pred={v.n_pred} gold={v.n_gold})")
    out.append(f"speaker accuracy {r.speaker_accuracy:.3f}   date accuracy {r.date_accuracy:.3f} "
               f"(unsupported dates: {r.unsupported_dates})   topic F1 {r.topic_f1:.3f}")
    out.append("articles   " + "  ".join(f"{k} {v:.3f}" for k, v in r.article_accuracy.items()))
    if details:
        for gc in r.misses:
            out.append(f"MISS  {gc.get('id', '')} {gc['kind']} {gc.get('speaker')}: {gc['text'][:90]}")
        for p in r.false_positives:
            out.append(f"FP    {p.file[:3]} {p.kind} {p.speaker}: {p.text[:90]}")
        for gc, p in r.wrong_speakers:
            out.append(f"SPKR  {gc.get('id', '')} gold={gc.get('speaker')} predicted={p.speaker}")
        for gc, p in r.wrong_dates:
            out.append(f"DATE  {gc.get('id', '')} gold={gc.get('date')} predicted={p.date}")
        out += [f"META  {e}" for e in r.article_errors]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.evaluate GOLD.yaml [CORPUS_DIR]``: extract the corpus and print the report."""
    import argparse
    import hashlib

    from kg.extract import extract
    from kg.model import SourceDoc

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("gold")
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parent.parent / "corpus"))
    ap.add_argument("--brief", action="store_true")
    a = ap.parse_args(argv)
    exs = []
    for p in sorted(Path(a.corpus).glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        exs.append(extract(SourceDoc(name=p.name, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())))
    print(format_report(evaluate(exs, a.gold), details=not a.brief))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
