"""Load test: many concurrent clients on loopback against a real server, pages and SPARQL mixed.

Starts the server itself (gunicorn with 2 workers, or ``python -m kg serve``), or uses one
already running (``--url``). Prints the request count, latency percentiles, status codes
per kind of request, and the server's memory (RSS of the server and all its children,
query workers included) sampled every second.

    python bench/load.py                                  # 50 clients, 60 s, gunicorn -w 2
    python bench/load.py --seconds 20 --server serve      # the werkzeug server of `isnad serve`
    python bench/load.py --url http://127.0.0.1:8000 --pid 1234

Exit code 1 when a 5xx other than a deliberate 503 (time limit, concurrency cap) was seen.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
SPARQL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?l WHERE { ?c skos:prefLabel ?l } LIMIT 50",
    "PREFIX isnad: <https://w3id.org/isnad/ontology#> SELECT ?c ?t WHERE { ?c a isnad:Claim ; isnad:text ?t } LIMIT 100",
    "PREFIX isnad: <https://w3id.org/isnad/ontology#> SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c isnad:speaker ?s } "
    "GROUP BY ?s ORDER BY DESC(?n)",
    "ASK { ?s a <https://w3id.org/isnad/ontology#Article> }",
]
CLAIM_IDS = "PREFIX isnad: <https://w3id.org/isnad/ontology#> SELECT ?c WHERE { ?c a isnad:Claim } LIMIT 200"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, data: Path, port: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ISNAD_DATA=str(data))
    if kind == "gunicorn":
        cmd = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", str(threads), "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "server:app"]
    else:
        cmd = [sys.executable, "-m", "kg", "serve", "--port", str(port), "--data", str(data)]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:.0f}s")


def tree_rss(pid: int) -> int:
    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def claim_paths(url: str) -> list[str]:
    r = requests.get(url + "/sparql", params={"query": CLAIM_IDS}, headers={"Accept": "application/sparql-results+json"},
                     timeout=30)
    r.raise_for_status()
    iris = [b["c"]["value"] for b in r.json()["results"]["bindings"]]
    return ["/claims/" + iri.rstrip("/").rsplit("/", 1)[-1] for iri in iris]


def client(url: str, deadline: float, claims: list[str], seed: int, out: list, lock: threading.Lock) -> None:
    rnd = random.Random(seed)
    session = requests.Session()
    mine = []
    while time.monotonic() < deadline:
        roll = rnd.random()
        if roll < 0.15:
            kind, req = "home", ("GET", "/", None)
        elif roll < 0.35:
            kind, req = "claims", ("GET", "/claims", None)
        elif roll < 0.50 and claims:
            kind, req = "claim", ("GET", rnd.choice(claims), None)
        else:
            kind, req = "sparql", ("POST", "/sparql", {"query": rnd.choice(SPARQL)})
        t0 = time.perf_counter()
        try:
            r = session.request(req[0], url + req[1], data=req[2], timeout=60,
                                headers={"Accept": "application/sparql-results+json"} if kind == "sparql" else None)
            status = r.status_code
        except requests.RequestException as exc:
            status = f"error:{type(exc).__name__}"
        mine.append((kind, status, time.perf_counter() - t0))
    with lock:
        out.extend(mine)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--server", choices=["gunicorn", "serve"], default="gunicorn")
    p.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    p.add_argument("--data", type=Path, help="data folder with a published store (default: build corpus/ in a temp dir)")
    p.add_argument("--url", help="use this running server instead of starting one")
    p.add_argument("--pid", type=int, help="with --url: the server's pid, for memory sampling")
    args = p.parse_args(argv)

    proc = None
    if args.url:
        url, pid = args.url.rstrip("/"), args.pid
    else:
        data = args.data
        if data is None:
            data = Path(tempfile.mkdtemp(prefix="isnad-load-"))
            print(f"building corpus/ into {data} ...", flush=True)
            subprocess.run([sys.executable, "-m", "kg", "build", "--data", str(data)], cwd=ROOT, check=False,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.DEVNULL)
        port = free_port()
        proc = start_server(args.server, data, port, args.threads)
        url, pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        wait_ready(url)
        claims = claim_paths(url)
        print(f"server {url} ({args.server if proc else 'external'}), {len(claims)} claim pages, "
              f"{args.clients} clients for {args.seconds:.0f}s", flush=True)
        rss: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample():
            t0 = time.monotonic()
            while not stop.is_set():
                if pid:
                    rss.append((time.monotonic() - t0, tree_rss(pid)))
                stop.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        results: list = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        t_start = time.monotonic()
        threads = [threading.Thread(target=client, args=(url, deadline, claims, i, results, lock))
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t_start
        stop.set()
        sampler.join()
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return report(results, elapsed, rss)


def report(results: list, elapsed: float, rss: list[tuple[float, int]]) -> int:
    print(f"\nrequests: {len(results)} in {elapsed:.1f}s = {len(results) / elapsed:.1f} req/s")
    print(f"{'kind':8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    kinds = sorted({k for k, _, _ in results}) + ["ALL"]
    for kind in kinds:
        rows = [r for r in results if kind in ("ALL", r[0])]
        times = [t * 1000 for _, _, t in rows]
        statuses = collections.Counter(s for _, s, _ in rows)
        print(f"{kind:8} {len(rows):7} {pct(times, 50):8.1f} {pct(times, 95):8.1f} {pct(times, 99):8.1f}  "
              + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=lambda x: str(x[0]))))
    bad = [r for r in results if not (isinstance(r[1], int) and (r[1] < 500 or r[1] == 503))]
    if rss:
        mb = [v / 2**20 for _, v in rss]
        quarter = max(1, len(mb) // 4)
        warm, last = statistics.mean(mb[quarter:2 * quarter]), statistics.mean(mb[-quarter:])
        print(f"\nserver RSS (server + workers + query workers), {len(mb)} samples: start {mb[0]:.0f} MB, "
              f"min {min(mb):.0f}, max {max(mb):.0f}, end {mb[-1]:.0f}")
        print(f"after warm-up: 2nd quarter mean {warm:.0f} MB, last quarter mean {last:.0f} MB "
              f"({(last - warm) / warm * 100:+.1f}%)")
        print("RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {v / 2**20:.0f}" for t, v in rss[:: max(1, len(rss) // 12)]))
    print(f"\nunexpected errors (5xx other than 503, connection failures): {len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
