"""isnad export --format ttl|nt|trig|nq|jsonld [-o FILE]"""

import sys
from pathlib import Path

from kg.cli import settings_from, settings_options
from kg.export import FORMATS

NAME = "export"
HELP = "write the published dataset (Turtle, N-Triples, TriG, N-Quads or JSON-LD)"


def configure(p):
    p.add_argument("--format", choices=sorted(FORMATS), default="ttl")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    settings_options(p, ("data", "base_iri"))


def run(args) -> int:
    from kg.export import export

    out = Path(args.output) if args.output else None
    n = export(settings_from(args), args.format, out or sys.stdout.buffer)
    print(f"{n} statements written" + (f" to {out}" if out else ""), file=sys.stderr)
    return 0
