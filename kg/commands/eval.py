"""isnad eval GOLD.yaml [--direct]"""

from pathlib import Path

from kg.cli import settings_from, settings_options

NAME = "eval"
HELP = "score the published graph (or, with --direct, a fresh extraction of the corpus) against a gold file"


def configure(p):
    p.add_argument("gold", help="gold file in the format of shared/gold/seeds.yaml")
    p.add_argument("--direct", action="store_true", help="score a fresh extraction of the corpus instead of the graph")
    p.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    settings_options(p, ("data", "corpus", "base_iri"))


def run(args) -> int:
    from kg.evaluation_cli import run_eval

    return run_eval(settings_from(args), Path(args.gold), from_graph=not args.direct, show_misses=not args.quiet)
