"""isnad bench [--sizes 1000,10000,100000] [--workers N] [--extractor oracle|real] [--max-seconds S]
[--query-timeout S] [--rdflib-timeout S]"""

import sys
import time

NAME = "bench"
HELP = "benchmark builds and browse queries on synthetic corpora, with rdflib as the baseline; prints one table"


def configure(p):
    p.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes in articles, comma-separated")
    p.add_argument("--workers", type=int, default=2, help="build processes")
    p.add_argument("--extractor", choices=("oracle", "real"), default="oracle",
                   help="oracle: the generator's own record of each article (fills the store with realistic "
                        "claims whatever the extractor's state); real: kg.extract")
    p.add_argument("--reps", type=int, default=20, help="timed runs of each query")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-baseline", action="store_true", help="skip rdflib (it needs ~3 GB per million triples)")
    p.add_argument("--baseline-max-articles", type=int, default=20000,
                   help="run the rdflib baseline only up to this size (it holds everything in memory: "
                        "~3 GB per million triples); larger sizes say 'rdflib skipped'")
    p.add_argument("--query-timeout", type=float, default=None,
                   help="stop one oxigraph query run after this many seconds and print it as timed out "
                        "(default: the endpoint's query_timeout setting)")
    p.add_argument("--rdflib-timeout", type=float, default=60.0,
                   help="the same limit for one rdflib baseline run (it is slower by design)")
    p.add_argument("--max-seconds", type=float, default=3600.0,
                   help="start no further size once this much time has passed (it is printed as 'not run')")


def run(args) -> int:
    from kg.bench import SizeResult, run_size, table

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"isnad bench: error: --sizes must be integers, got {args.sizes!r}", file=sys.stderr)
        return 1
    start = time.monotonic()
    results = []
    for n in sizes:
        if results and time.monotonic() - start > args.max_seconds:
            results.append(SizeResult(n, note=f"not run (past --max-seconds {args.max_seconds:g})"))
            continue
        results.append(run_size(n, workers=args.workers, oracle=args.extractor == "oracle", reps=args.reps,
                                seed=args.seed, baseline=not args.no_baseline and n <= args.baseline_max_articles,
                                query_timeout=args.query_timeout, rdflib_timeout=args.rdflib_timeout,
                                log=lambda m: print(m, file=sys.stderr)))
        print(table(results), file=sys.stderr)  # so far, in case a later size does not finish
    cmd = "isnad bench " + " ".join(sys.argv[2:]) if len(sys.argv) > 1 and sys.argv[1] == "bench" else "isnad bench"
    print(f"`{cmd}` (workers {args.workers}, extractor {args.extractor}, {args.reps} runs a query)\n")
    print(table(results))
    return 0
