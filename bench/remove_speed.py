"""How long `isnad remove` and a replacement (re-adding a page from the same URL) take on a large store.

Builds the synthetic published store of ``bench/add_speed.py`` (default ~1M triples), adds
two real corpus articles as fetched pages, then times, each ``--repeat`` times:

- remove: withdrawing an added article, and one of the synthetic articles;
- replace: adding a changed text from the same URL (the old article is withdrawn);

with the catalogue patched (the current path) and, as the baseline in the same run, the
same operations when the catalogue cannot be patched and is rebuilt from the whole store
(the path every remove and replace took before; forced here by marking the published
catalogue as written in an older layout, which the code rebuilds rather than patches).

    python bench/remove_speed.py [--triples 1000000] [--repeat 2] [--baseline 1]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from add_speed import TRIPLES_PER_ARTICLE, make_store  # noqa: E402

from kg.corpus import make_doc  # noqa: E402
from kg.iris import Minter  # noqa: E402
from kg.publish import PublishReport, add_documents, remove_article  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.store import SEARCH, DataDir  # noqa: E402

URLS = ("https://bench.example/news/1.html", "https://bench.example/news/2.html")


def page(url: str, version: int):
    text = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[URLS.index(url)].read_text(encoding="utf-8")
    return make_doc(url, text + f"\n(تحديث {version})\n", url=url)


def stale_catalogue(settings: Settings) -> None:
    """Mark the published catalogue as an older layout: the next change rebuilds it (the baseline)."""
    con = sqlite3.connect(DataDir(settings.data_dir).current() / SEARCH)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'catalogue_version'")
    con.commit()
    con.close()


def timed(fn) -> tuple[float, PublishReport]:
    t0 = time.perf_counter()
    report = fn()
    return time.perf_counter() - t0, report


def parts(report: PublishReport) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in report.timings.items())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=2, help="timed runs of each patched operation")
    p.add_argument("--baseline", type=int, default=1, help="timed runs of each rebuilding operation")
    args = p.parse_args()
    quiet = {"log": lambda m: None}
    with tempfile.TemporaryDirectory(prefix="isnad-bench-") as tmp:
        tmp = Path(tmp)
        settings = Settings.load(env={}, overrides={"data": str(tmp / "data"), "corpus": str(tmp / "corpus")})
        minter = Minter(settings.base_iri)
        n_articles = max(1, args.triples // TRIPLES_PER_ARTICLE)
        made = make_store(tmp / "data", n_articles, minter, workers=2)
        size = (DataDir(settings.data_dir).current() / SEARCH).stat().st_size
        print(f"store: {made.triples} triples ({n_articles} synthetic articles), catalogue {size / 1e6:.1f} MB "
              f"built in {made.index_seconds:.2f} s, dumps written in {made.dumps_seconds:.2f} s")
        version = 0

        def add(url: str):
            nonlocal version
            version += 1
            return add_documents(settings, [page(url, version)], **quiet)

        secs, report = timed(lambda: add(URLS[0]))
        print(f"add (for reference): {secs:.3f} s ({parts(report)})")
        add(URLS[1])
        synthetic = iter(range(n_articles))
        results: dict[tuple[str, str], list[float]] = {}
        for mode, runs in (("patched", args.repeat), ("rebuilt", args.baseline)):
            for i in range(runs):
                ops = (("remove added", lambda: remove_article(settings, URLS[0])),
                       ("remove synthetic", lambda: remove_article(settings, minter.article(
                           f"{next(synthetic):016x}" + "0" * 48))),
                       ("replace", lambda: add(URLS[1])))
                for name, op in ops:
                    if mode == "rebuilt":
                        stale_catalogue(settings)
                    secs, report = timed(op)
                    assert report.build_id and report.removed, report.summary()
                    results.setdefault((name, mode), []).append(secs)
                    print(f"{name} #{i + 1} ({mode} catalogue): {secs:.3f} s ({parts(report)})")
                add(URLS[0])  # back for the next round
        print("\nsummary (best of the runs):")
        for name in ("remove added", "remove synthetic", "replace"):
            new, old = min(results[(name, "patched")]), min(results[(name, "rebuilt")])
            print(f"  {name:17s} patched {new:7.3f} s   rebuilt (baseline) {old:7.3f} s   = {new / old:.1%} "
                  f"of the baseline, {old / new:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
