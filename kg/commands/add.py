"""isnad add FILE|URL... [--corpus DIR] [--data DIR]"""

import sys

from kg.cli import EXIT_INVALID, settings_from, settings_options

NAME = "add"
HELP = ("add articles (files, or web pages fetched and archived into the corpus folder) and publish them "
        "without a full rebuild (exit 1: some could not be added)")


def fetch_options(p) -> None:
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a web server (default 10)")
    p.add_argument("--retries", type=int, default=2, help="retries on connection errors and 5xx (default 2)")
    p.add_argument("--max-redirects", type=int, default=5, help="redirects followed at most (default 5)")


def configure(p):
    p.add_argument("sources", nargs="+", metavar="FILE|URL", help="article files or http(s) URLs")
    fetch_options(p)
    settings_options(p, ("corpus", "data", "base_iri", "max_article_bytes"))


def run(args) -> int:
    from kg.archive import archive_sources
    from kg.publish import add_documents

    settings = settings_from(args)
    archived = archive_sources(settings.corpus_dir, args.sources, max_bytes=settings.max_article_bytes,
                               timeout=args.timeout, retries=args.retries, max_redirects=args.max_redirects)
    failed = [e for a in archived for e in a.errors]
    for e in failed:
        print(f"{e.name}: not added: {e.reason}", file=sys.stderr)
    docs = [d for a in archived for d in a.docs]
    if not docs:
        print("nothing to add", file=sys.stderr)
        return EXIT_INVALID
    report = add_documents(settings, docs, log=lambda m: print(m, file=sys.stderr))
    print(report.summary())
    return EXIT_INVALID if failed else report.exit_code
