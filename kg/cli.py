"""The ``isnad`` command line. Exit codes: 0 ok, 1 invalid/rejected input, 2 error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from kg import __version__
from kg.settings import SETTINGS, Settings, settings_table_markdown

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2

EXPORT_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")


def _settings_options(p: argparse.ArgumentParser, names: Sequence[str]) -> None:
    for s in SETTINGS:
        if s.name in names:
            p.add_argument(f"--{s.name.replace('_', '-')}", dest=s.name, type=s.type, default=None,
                           metavar=s.name.upper(), help=f"{s.help} (env {s.env})")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(overrides={s.name: getattr(args, s.name, None) for s in SETTINGS})


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build

    settings = _settings(args)
    report = build(settings, corpus=Path(args.corpus) if args.corpus else None, workers=args.workers,
                   log=lambda m: print(m, file=sys.stderr))
    print(report.summary())
    return report.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import export

    settings = _settings(args)
    out = Path(args.output) if args.output else None
    n = export(settings, args.format, out or sys.stdout.buffer)
    print(f"{n} statements written" + (f" to {out}" if out else ""), file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.store import DataDir
    from kg.server import create_app

    settings = _settings(args)
    if DataDir(settings.data_dir).current() is None and not settings.store:
        print(f"no published store in {settings.data_dir}: building from {settings.corpus_dir}", file=sys.stderr)
        report = build(settings, log=lambda m: print(m, file=sys.stderr))
        print(report.summary(), file=sys.stderr)
    app = create_app(settings)
    print(f"Isnad {__version__} serving on http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False, threaded=True, use_reloader=False)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluation_cli import run_eval

    return run_eval(_settings(args), Path(args.gold), from_graph=not args.direct, show_misses=not args.quiet)


def cmd_settings(args: argparse.Namespace) -> int:
    print(settings_table_markdown())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isnad", description="Isnad: who said what, when, where — as a knowledge graph")
    parser.add_argument("--version", action="version", version=f"isnad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build the graph from a corpus folder, validate it, publish it atomically")
    _settings_options(p, ("corpus", "data", "base_iri", "workers", "max_article_bytes"))
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export", help="write the published dataset")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="ttl")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    _settings_options(p, ("data", "base_iri"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="serve the published store (building it first when there is none)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    _settings_options(p, [s.name for s in SETTINGS if s.name not in ("workers",)])
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="score the published graph against a gold file")
    p.add_argument("gold", help="gold file in the format of shared/gold/seeds.yaml")
    p.add_argument("--direct", action="store_true", help="score a fresh extraction of the corpus instead of the graph")
    p.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    _settings_options(p, ("data", "corpus", "base_iri"))
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("settings", help="print the settings table")
    p.set_defaults(func=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"isnad {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
