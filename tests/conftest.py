"""Shared fixtures: a built corpus, the Flask app and client, a real server on 127.0.0.1."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kg.build import build
from kg.server import create_app
from kg.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


def gold_path() -> Path:
    """The development gold file: the copy in tests/gold, else ../shared/gold beside the clone."""
    for p in (PROJECT_ROOT / "tests" / "gold" / "seeds.yaml", PROJECT_ROOT.parent / "shared" / "gold" / "seeds.yaml"):
        if p.exists():
            return p
    pytest.skip("no gold file (tests/gold/seeds.yaml or ../shared/gold/seeds.yaml)")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """The project corpus built once into a temporary data folder."""
    data = tmp_path_factory.mktemp("data")
    settings = Settings.load(env={}, overrides={"data": str(data), "corpus": str(CORPUS), "query_timeout": 5})
    report = build(settings, log=lambda m: None)
    assert report.exit_code == 0, report.summary()
    return settings


@pytest.fixture(scope="session")
def build_report(built):
    import json

    from kg.store import REPORT, DataDir

    return json.loads((DataDir(built.data_dir).current() / REPORT).read_text())


@pytest.fixture()
def tmp_corpus(tmp_path) -> Path:
    """A writable copy of the project corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def app(built):
    app = create_app(built)
    app.config["TESTING"] = True
    yield app
    app.extensions["isnad"].engine.close()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


class LiveServer:
    def __init__(self, app, host: str = "127.0.0.1"):
        self.server = make_server(host, 0, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app):
    """The real app served over HTTP on 127.0.0.1 (a free port)."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture()
def settings(tmp_corpus, tmp_path) -> Settings:
    """A writable copy of the corpus, built into a temporary data folder (for add/remove tests)."""
    s = Settings.load(env={}, overrides={"corpus": str(tmp_corpus), "data": str(tmp_path / "data")})
    assert build(s, log=lambda m: None).exit_code == 0
    return s


@pytest.fixture()
def web():
    """A local web server on 127.0.0.1 serving pages the test registers (tests/webfixtures)."""
    from webfixtures import WebServer

    with WebServer() as server:
        yield server
