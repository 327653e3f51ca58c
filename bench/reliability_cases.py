"""Measure what each hostile request gets from a real server: status, time, first line of the answer.

The figures of RELIABILITY.md come from this script (the tests assert the same behaviour).
A server on 127.0.0.1 runs over a store of 400 triples with a 2 s query time limit.

    python bench/reliability_cases.py
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # abuse_store: the store the reliability tests use

import logging  # noqa: E402

import requests  # noqa: E402
from abuse_store import make_abuse_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


def main() -> int:
    app = make_abuse_app(Path(tempfile.mkdtemp(prefix="isnad-rel-")))
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    time.sleep(1.5)

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    lurl = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"

    def q(text):
        return lambda: requests.post(url + "/sparql", data={"query": text}, timeout=60)

    def direct(body: bytes, ctype="application/sparql-query"):
        return lambda: requests.post(url + "/sparql", data=body, headers={"Content-Type": ctype}, timeout=60)

    cart = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    cases = {
        "cartesian product (5-way)": q(cart),
        "next query after the timeout": q("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        "regex bomb on a product": q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
                                     "FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), '^(a+)+$')) }"),
        "regex bomb alone (ReDoS pattern)": q("SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(?o, '^(a|aa|a?)+(a+)+b$')) }"),
        "SERVICE to a 127.0.0.1 listener": q(f"SELECT * WHERE {{ SERVICE <{lurl}> {{ ?s ?p ?o }} }}"),
        "SERVICE hidden after '<' and '#>'": q(f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?x)SERVICE#>\n <{lurl}> {{ ?s ?p ?o }} }}"),
        "SERVICE via \\u escape": q(r"SELECT * WHERE { \u0053ERVICE <" + lurl + "> { ?s ?p ?o } }"),
        "INSERT DATA (form query=)": q("INSERT DATA { <http://e/a> <http://e/b> 1 }"),
        "LOAD (application/sparql-update)": direct(f"LOAD <{lurl}>".encode(), "application/sparql-update"),
        "update= parameter": lambda: requests.post(url + "/sparql", data={"update": "CLEAR ALL"}, timeout=60),
        "1 MB query (direct POST)": direct(b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 1_000_000),
        "90 kB query of 2000 patterns": direct(("SELECT * WHERE { " + " ".join(
            f"?s <http://e/p{i}> ?o{i} ." for i in range(2000)) + " }").encode()),
        "20 000 nested groups": q("SELECT * WHERE " + "{ " * 20000 + "?s ?p ?o" + " }" * 20000),
        "5 000 nested parentheses": q("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }"),
        "non-UTF-8 body (windows-1256)": direct("SELECT * WHERE { ?s ?p 'قال' }".encode("cp1256")),
        "non-UTF-8 query string": lambda: requests.get(url + "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%27%E9%27%20%7D",
                                                      timeout=60),
        "syntax error": q("SELECT * WHERE { ?s ?p "),
        "PUT /sparql": lambda: requests.put(url + "/sparql", data=b"ASK {}", timeout=60),
        "wrong Content-Type": direct(b"ASK {}", "text/plain"),
        "two query parameters": lambda: requests.get(url + "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", timeout=60),
        "Accept: image/png": lambda: requests.get(url + "/sparql", params={"query": "ASK {}"},
                                                 headers={"Accept": "image/png"}, timeout=60),
    }
    print(f"{'case':36} {'status':>6} {'seconds':>8}  answer")
    for name, fn in cases.items():
        t0 = time.monotonic()
        r = fn()
        took = time.monotonic() - t0
        first = r.text.strip().splitlines()[0][:70] if r.text.strip() else ""
        retry = f" [Retry-After {r.headers['Retry-After']}]" if "Retry-After" in r.headers else ""
        print(f"{name:36} {r.status_code:6} {took:8.2f}  {first}{retry}")
    received = 0
    try:
        while True:
            conn, _ = listener.accept()
            received += 1
            conn.close()
    except (socket.timeout, OSError):
        pass
    print(f"\nconnections received by the 127.0.0.1 listener: {received}")
    print(f"query workers network-isolated: {app.extensions['isnad'].engine.network_isolated()}")
    server.shutdown()
    app.extensions["isnad"].engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
