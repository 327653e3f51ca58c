"""Print how many articles per second ``extract()`` handles over the corpus, repeated.

    python bench/extract_speed.py [CORPUS_DIR] [--rounds N]

Prints figures only (no assertion): articles/s by wall clock and by CPU time of this
process (one core), and characters/s.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import extract  # noqa: E402
from kg.model import SourceDoc  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--rounds", type=int, default=20)
    a = ap.parse_args()
    docs = []
    for p in sorted(Path(a.corpus).glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        docs.append(SourceDoc(name=p.name, text=t, sha256=hashlib.sha256(t.encode()).hexdigest()))
    if not docs:
        print("no articles found in", a.corpus)
        return
    extract(docs[0])  # load the data files once
    n = chars = claims = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.rounds):
        for d in docs:
            claims += len(extract(d).claims)
            n += 1
            chars += len(d.text)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{n} articles ({len(docs)} distinct x {a.rounds}), {chars / n:.0f} chars each, {claims / a.rounds:.0f} claims per round")
    print(f"wall clock: {dt:.2f} s = {n / dt:.1f} articles/s ({chars / dt / 1000:.0f} k chars/s)")
    print(f"CPU time:   {cpu:.2f} s = {n / cpu:.1f} articles/s per core (less sensitive to a busy machine)")


if __name__ == "__main__":
    main()
