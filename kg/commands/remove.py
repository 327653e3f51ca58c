"""isnad remove ARTICLE... [--corpus DIR] [--data DIR]"""

import sys

from kg.cli import EXIT_INVALID, settings_from, settings_options

NAME = "remove"
HELP = ("withdraw published articles (article IRI, 16-hex id, page URL or source file name) without a full "
        "rebuild; their corpus files move to corpus/removed/ (exit 1: no such article)")


def configure(p):
    p.add_argument("articles", nargs="+", metavar="ARTICLE")
    settings_options(p, ("corpus", "data", "base_iri"))


def run(args) -> int:
    from kg.publish import remove_article

    settings = settings_from(args)
    code = 0
    for ref in args.articles:
        try:
            print(remove_article(settings, ref).summary())
        except LookupError as exc:
            print(f"isnad remove: {exc.args[0]}", file=sys.stderr)
            code = EXIT_INVALID
    return code
