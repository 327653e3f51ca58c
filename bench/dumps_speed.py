"""What writing the dataset dumps at publish time costs, and how fast the other formats follow.

Builds the synthetic published store of ``bench/add_speed.py`` (default ~1M triples) and prints:

- the dumps a build writes before publishing (isnad.ttl.gz, isnad.nt.gz, isnad.trig.gz), with
  ``--workers`` processes and with one, beside the baseline measured in the same run:
  pyoxigraph's own ``Store.dump`` of the whole store as N-Quads, one format in one pass
  (what any dump read from the store costs at least; the first download used to wait for
  such passes);
- the first request of each file made on request from those (decompressed or converted);
- the dumps part of an ``isnad add`` and an ``isnad remove`` (unchanged buckets copied).

    python bench/dumps_speed.py [--triples 1000000] [--workers 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
from add_speed import TRIPLES_PER_ARTICLE, make_store  # noqa: E402

from kg.corpus import make_doc  # noqa: E402
from kg.dumps import DERIVED, DUMPS_DIR, derive, write_dumps  # noqa: E402
from kg.iris import Minter  # noqa: E402
from kg.publish import add_documents, remove_article  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.store import DataDir, open_store  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="isnad-bench-") as tmp:
        tmp = Path(tmp)
        settings = Settings.load(env={}, overrides={"data": str(tmp / "data"), "corpus": str(tmp / "corpus")})
        minter = Minter(settings.base_iri)
        made = make_store(tmp / "data", max(1, args.triples // TRIPLES_PER_ARTICLE), minter, workers=args.workers)
        build = DataDir(settings.data_dir).current()
        t0 = time.perf_counter()
        open_store(build).dump(str(tmp / "all.nq"), ox.RdfFormat.N_QUADS)
        baseline = time.perf_counter() - t0
        (tmp / "all.nq").unlink()
        print(f"store: {made.triples} triples; bulk load {made.load_seconds:.2f} s, catalogue "
              f"{made.index_seconds:.2f} s")
        print(f"baseline: Store.dump of the whole store as N-Quads (one format, one pass): {baseline:.2f} s")
        print(f"dumps at publish, {args.workers} worker(s): {made.dumps_seconds:.2f} s "
              f"= {made.dumps_seconds / baseline:.0%} of the baseline")
        again = tmp / "again"
        shutil.copytree(build / "store", again / "store")
        one = write_dumps(again, base_iri=settings.base_iri, workers=1)
        print(f"dumps at publish, 1 worker: {one.seconds:.2f} s = {one.seconds / baseline:.0%} of the baseline "
              f"({one.buckets} buckets)")
        sizes = ", ".join(f"{f.name} {f.stat().st_size / 1e6:.1f} MB" for f in sorted((build / DUMPS_DIR).glob("*.gz")))
        print(f"files: {sizes}")
        for name in DERIVED:
            t0 = time.perf_counter()
            path = derive(build, name)
            print(f"first request of {name}: {time.perf_counter() - t0:.2f} s ({path.stat().st_size / 1e6:.1f} MB)")
        article = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
        for i in range(2):
            report = add_documents(settings, [make_doc(f"bench_{i}.txt", article + f"\n({i})\n")], log=lambda m: None)
            print(f"add #{i + 1}: {report.seconds:.3f} s, of which dumps {report.timings['dumps']:.3f} s")
        report = remove_article(settings, minter.article(f"{0:016x}" + "0" * 48))
        print(f"remove: {report.seconds:.3f} s, of which dumps {report.timings['dumps']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
