"""isnad build [--corpus DIR] [--data DIR] [--workers N] [--dask ADDRESS] [--store URL]"""

import sys

from kg.cli import settings_from, settings_options

NAME = "build"
HELP = "build the graph from a corpus folder, validate it, publish it atomically (exit 1: some articles rejected)"


def configure(p):
    settings_options(p, ("corpus", "data", "base_iri", "workers", "max_article_bytes", "store"))
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="process the articles on this Dask scheduler (e.g. tcp://scheduler:8786) instead of local processes")


def run(args) -> int:
    from kg.build import build

    report = build(settings_from(args), dask=args.dask, log=lambda m: print(m, file=sys.stderr))
    print(report.summary())
    return report.exit_code
