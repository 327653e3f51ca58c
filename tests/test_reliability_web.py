"""Web hardening: no path traversal, a Content-Security-Policy on every response, never debug
mode, and the app under gunicorn with its query workers.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import psutil
import pytest
import requests

from kg.server import create_app
from kg.settings import PROJECT_ROOT

TRAVERSALS = [
    "/download/../../etc/passwd",
    "/download/..%2f..%2fetc%2fpasswd",
    "/download/%2e%2e/%2e%2e/etc/passwd",
    "/download/isnad.ttl/../../../etc/passwd",
    "/download/isnad.%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/download/isnad.ttl%00.txt",
    "/claims/..%2f..%2fetc",
    "/claims/..%2f..%2fetc%2fpasswd",
    "/claims/../../etc/passwd",
    "/claims/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/../../etc/passwd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/kg/settings.py",
    "/speakers/..%2f..%2fetc%2fpasswd",
    "/articles/..%2f..%2fetc%2fpasswd",
    "/id/..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_404(client, path):
    r = client.get(path)
    assert r.status_code in (404, 400), (path, r.status_code)
    body = r.get_data(as_text=True)
    assert "root:" not in body and "PROJECT_ROOT" not in body and "Traceback" not in body


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/download/..%2f..%2fetc%2fpasswd", "/claims/..%2f..%2fetc"])
def test_path_traversal_over_http(live_server, path):
    """The same through a real HTTP request, where the client does not normalise the path."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    assert status in (404, 400) and b"root:" not in data


def _sample_paths(app) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = re.sub(r"<[^>]+>", "x", rule.rule)
        paths.append(path)
    return sorted(set(paths)) + ["/no-such-page", "/sparql?query=ASK%20%7B%7D", "/sparql?query=ASK%20%7B"]


@pytest.fixture(scope="module")
def prod_app(built):
    """The app as production runs it (not TESTING: errors become responses, not exceptions)."""
    app = create_app(built)
    yield app
    app.extensions["isnad"].engine.close()


def test_csp_on_every_response(prod_app):
    app, client = prod_app, prod_app.test_client()
    responses = [(p, client.get(p)) for p in _sample_paths(app)]
    responses.append(("PUT /sparql", client.put("/sparql")))
    responses.append(("OPTIONS /sparql", client.options("/sparql")))
    responses.append(("POST /sparql", client.post("/sparql", data=b"x", content_type="text/plain")))
    for path, r in responses:
        csp = r.headers.get("Content-Security-Policy", "")
        assert "default-src" in csp and "object-src 'none'" in csp, (path, r.status_code)
        assert r.headers.get("X-Content-Type-Options") == "nosniff", path


def test_debug_is_off(built, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app(built)
    try:
        assert app.debug is False
        r = app.test_client().get("/", query_string={"__debugger__": "yes", "cmd": "resource", "f": "style.css"})
        assert r.mimetype != "text/css", "the debugger's resources are not served"
    finally:
        app.extensions["isnad"].engine.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.communicate()[1][-2000:]}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:  # not listening yet, or the workers are still booting
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
def test_isnad_serve_never_runs_the_debugger(built):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), FLASK_DEBUG="1", ISNAD_DATA=str(built.data_dir))
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/healthz", proc)
        r = requests.get(url + "/", params={"__debugger__": "yes", "cmd": "resource", "f": "debugger.js"}, timeout=10)
        assert "javascript" not in r.headers.get("Content-Type", ""), "the debugger's script is not served"
        assert "EVALEX" not in r.text and "werkzeug debugger" not in r.text.lower()
        assert "Content-Security-Policy" in r.headers
        assert requests.get(url + "/console", timeout=10).status_code == 404, "no interactive console"
    finally:
        stop(proc)


@pytest.mark.slow
def test_gunicorn_two_workers(built):
    pytest.importorskip("gunicorn")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), ISNAD_DATA=str(built.data_dir), ISNAD_QUERY_TIMEOUT="2",
               ISNAD_MAX_CONCURRENT_QUERIES="2")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "server:app"],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/healthz", proc)
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        answers = set()
        for _ in range(20):
            r = requests.get(url + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"},
                             timeout=10)
            assert r.status_code == 200
            answers.add(r.json()["results"]["bindings"][0]["n"]["value"])
        assert len(answers) == 1
        assert requests.get(url + "/claims", timeout=10).status_code == 200
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        t0 = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": slow}, timeout=30)
        assert r.status_code == 503 and time.monotonic() - t0 < 3.0
        assert requests.get(url + "/sparql", params={"query": q}, timeout=10).status_code == 200
        workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if "_serve_fds" in " ".join(p.cmdline())]
        assert workers, "query workers run under the gunicorn workers"
    finally:
        stop(proc)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, "query workers end with the server"
