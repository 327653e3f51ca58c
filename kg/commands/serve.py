"""isnad serve [--host H] [--port P] [--data DIR]"""

import sys

from kg import __version__
from kg.cli import settings_from, settings_options
from kg.settings import SETTINGS

NAME = "serve"
HELP = "serve the published store: SPARQL, pages, downloads (building from the corpus first when there is none)"


def configure(p):
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    settings_options(p, [s.name for s in SETTINGS if s.name != "workers"])


def run(args) -> int:
    from kg.build import build
    from kg.server import create_app
    from kg.store import DataDir

    settings = settings_from(args)
    if DataDir(settings.data_dir).current() is None and not settings.store:
        print(f"no published store in {settings.data_dir}: building from {settings.corpus_dir}", file=sys.stderr)
        report = build(settings, log=lambda m: print(m, file=sys.stderr))
        print(report.summary(), file=sys.stderr)
    app = create_app(settings)
    print(f"Isnad {__version__} serving on http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False, threaded=True, use_reloader=False)
    return 0
