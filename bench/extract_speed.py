"""Print how many articles per second ``extract()`` handles over the corpus, repeated.

    python bench/extract_speed.py [CORPUS_DIR] [--rounds N] [--baseline REV [--trials K]]

Prints figures only (no assertion): articles/s by wall clock and by CPU time of this
process (one core), and characters/s. With ``--baseline REV`` (a git revision, e.g.
``main`` or a commit) the extractor of that revision is unpacked into a temporary
directory and both are timed alternately in child processes, K trials each, so a busy
machine slows both alike; the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import extract  # noqa: E402
from kg.model import SourceDoc  # noqa: E402


def _cpu_rate(tree: Path, corpus: str, rounds: int) -> float:
    """Articles/s per core of the extractor in ``tree`` (a child process)."""
    out = subprocess.run([sys.executable, str(tree / "bench" / "extract_speed.py"), corpus, "--rounds", str(rounds)],
                         capture_output=True, text=True, check=True, cwd=tree).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("CPU time:"))
    return float(line.split("=")[1].split()[0])


def compare(rev: str, corpus: str, rounds: int, trials: int) -> None:
    """Time the extractor of git revision ``rev`` and this one alternately; print medians and ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        arch = Path(tmp) / "base.tar"
        subprocess.run(["git", "archive", "-o", str(arch), rev, "kg", "bench"], cwd=ROOT, check=True)
        with tarfile.open(arch) as tf:
            tf.extractall(Path(tmp) / "base", filter="data")
        base, new = [], []
        for _ in range(trials):
            base.append(_cpu_rate(Path(tmp) / "base", corpus, rounds))
            new.append(_cpu_rate(ROOT, corpus, rounds))
    b, n = statistics.median(base), statistics.median(new)
    print(f"baseline {rev}: {b:.1f} articles/s per core (median of {trials}: {', '.join(f'{x:.0f}' for x in base)})")
    print(f"this tree:      {n:.1f} articles/s per core (median of {trials}: {', '.join(f'{x:.0f}' for x in new)})")
    print(f"speed-up:       x{n / b:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--baseline", help="git revision to compare with (timed alternately in child processes)")
    ap.add_argument("--trials", type=int, default=5)
    a = ap.parse_args()
    if a.baseline:
        compare(a.baseline, str(Path(a.corpus).resolve()), a.rounds, a.trials)
        return
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
