"""The ``isnad`` command line. Exit codes: 0 ok, 1 invalid or rejected input, 2 error.

Each subcommand lives in a module of :mod:`kg.commands` that defines ``NAME``,
``HELP``, ``configure(parser)`` and ``run(args) -> int``; they are found by name, so a
new command is a new module.

>>> {'build', 'eval', 'export'} <= set(commands())
True
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType
from typing import Sequence

from kg import __version__
from kg import commands as _commands_pkg
from kg.settings import SETTINGS, Settings

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def settings_options(p: argparse.ArgumentParser, names: Sequence[str]) -> None:
    """Add ``--name`` options for these settings (the settings table is the one source)."""
    for s in SETTINGS:
        if s.name in names:
            p.add_argument(f"--{s.name.replace('_', '-')}", dest=s.name, type=s.type, default=None,
                           metavar=s.name.upper(), help=f"{s.help} (env {s.env}; default {s.default})")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.load(overrides={s.name: getattr(args, s.name, None) for s in SETTINGS})


def commands() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(_commands_pkg.__path__):
        mod = importlib.import_module(f"kg.commands.{info.name}")
        if hasattr(mod, "NAME") and hasattr(mod, "run"):
            found[mod.NAME] = mod
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isnad", description="Isnad: who said what, when, where — as a knowledge graph")
    parser.add_argument("--version", action="version", version=f"isnad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, mod in sorted(commands().items()):
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.configure(p)
        p.set_defaults(func=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return EXIT_ERROR
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"isnad {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
