"""isnad watch FEED_URL... [--interval S] [--once]"""

import sys

from kg.cli import EXIT_INVALID, settings_from, settings_options
from kg.commands.add import fetch_options

NAME = "watch"
HELP = "poll RSS/Atom feeds and add new items (fetched, archived, published incrementally)"


def configure(p):
    p.add_argument("feeds", nargs="+", metavar="FEED_URL")
    p.add_argument("--interval", type=float, default=900.0, help="seconds between polls (default 900)")
    p.add_argument("--once", action="store_true", help="poll once and exit (exit 1 if anything failed)")
    fetch_options(p)
    settings_options(p, ("corpus", "data", "base_iri", "max_article_bytes"))


def run(args) -> int:
    from kg.feeds import watch

    report = watch(settings_from(args), args.feeds, interval=args.interval, once=args.once,
                   log=lambda m: print(m, file=sys.stderr if not args.once else sys.stdout),
                   timeout=args.timeout, retries=args.retries, max_redirects=args.max_redirects)
    return EXIT_INVALID if report.errors else 0
