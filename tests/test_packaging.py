"""Packaging: a regular (non-editable) install works without the repository.

Marked ``packaging`` and ``slow`` (about 15 s): builds a wheel from a copy of the sources
(offline, no build isolation), checks it carries every module and data file, installs it into
a throw-away venv (``--system-site-packages`` for the dependencies, ``--no-index --no-deps``),
then runs the installed ``isnad build`` and ``isnad serve`` from a folder outside the
checkout and asks the real server on 127.0.0.1 for pages, a SPARQL answer and the
vocabulary downloads.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

from kg.settings import PROJECT_ROOT

pytestmark = [pytest.mark.packaging, pytest.mark.slow]

SOURCES = ("pyproject.toml", "README.md", "kg", "ontology", "shapes")
DATA_SUFFIXES = {".py", ".yaml", ".rq", ".html", ".css", ".ttl"}
# Top-level folder of the repository -> folder inside the installed package.
MAPPED = {"ontology": "kg/ontology", "shapes": "kg/shapes"}


def _files(root: Path, folder: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / folder).rglob("*")
                  if p.is_file() and p.suffix in DATA_SUFFIXES and "__pycache__" not in p.parts)


def _run(cmd: list, *, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ISNAD_", "PYTHON"))}
    return {**env, "PIP_NO_INDEX": "1", **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (so the checkout gets no build/ or egg-info)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", src, "--no-deps", "--no-build-isolation", "--no-index", "-w", dist],
         cwd=src, env=_clean_env())
    (whl,) = dist.glob("isnad-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv (dependencies from the running interpreter's site-packages) with the wheel installed."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", root], cwd=root)
    py = root / "bin" / "python"
    # pip of the outer interpreter, run by the venv's python, installs into the venv;
    # --ignore-installed: an editable isnad of the outer interpreter must not count as "already there".
    _run([py, "-m", "pip", "install", "--no-index", "--no-deps", "--ignore-installed", "--no-compile", wheel],
         cwd=root, env=_clean_env())
    return root


def test_wheel_holds_every_module_lexicon_template_query_and_vocabulary_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _files(PROJECT_ROOT, "kg")
    for folder, target in MAPPED.items():
        expected += [f"{target}/{Path(f).name}" for f in _files(PROJECT_ROOT, folder)]
    assert {"kg/ontology/isnad.ttl", "kg/ontology/topics.ttl", "kg/shapes/isnad.ttl"} <= set(expected)
    assert any(n.startswith("kg/server/templates/") for n in expected) and any(n.endswith(".rq") for n in expected)
    assert [n for n in expected if n not in names] == []
    with zipfile.ZipFile(wheel) as z:  # the shipped vocabulary is the repository's, byte for byte
        for folder, target in MAPPED.items():
            for f in _files(PROJECT_ROOT, folder):
                assert z.read(f"{target}/{Path(f).name}") == (PROJECT_ROOT / f).read_bytes()


PROBE = """
import json, kg, kg.vocab as v, kg.extract.lexicon as lex, kg.server.queries_lib as q, kg.settings as s
from kg.server import create_app
app = create_app(s.Settings.load(env={}, overrides={"data": "probe-data"}))
paths = dict(kg=kg.__file__, ontology=v.ONTOLOGY_TTL, topics=v.TOPICS_TTL, shapes=v.SHAPES_TTL, lexicons=lex.DATA,
             queries=q.QUERIES_DIR, templates=app.jinja_loader.searchpath[0], static=app.static_folder)
print(json.dumps({"paths": {k: str(p) for k, p in paths.items()}, "data": s.Settings.load(env={}).data}))
app.extensions["isnad"].engine.close()
"""


def test_installed_copy_resolves_its_files_inside_the_venv(venv, tmp_path):
    out = json.loads(_run([venv / "bin" / "python", "-c", PROBE], cwd=tmp_path, env=_clean_env()).stdout)
    site = next((venv / "lib").glob("python*/site-packages")).resolve()
    for what, path in out["paths"].items():
        assert Path(path).resolve().is_relative_to(site), (what, path)
        assert Path(path).exists(), (what, path)
    assert PROJECT_ROOT.resolve() not in Path(out["paths"]["ontology"]).resolve().parents
    assert Path(out["data"]) == Path("data")  # ./data of the working directory, not a folder in site-packages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_installed_isnad_builds_a_corpus_and_serves_it(venv, tmp_path):
    corpus, data = tmp_path / "articles", tmp_path / "store"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    isnad = venv / "bin" / "isnad"
    built = _run([isnad, "build", "--corpus", corpus, "--data", data], cwd=tmp_path, env=_clean_env())
    assert "0 rejected" in built.stdout + built.stderr
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        server = subprocess.Popen([str(isnad), "serve", "--port", str(port), "--data", str(data), "--corpus", str(corpus)],
                                  cwd=tmp_path, env=_clean_env(), stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/healthz", timeout=2).ok:
                    break
            except requests.ConnectionError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
        home = requests.get(f"{base}/", timeout=10)
        assert home.status_code == 200 and "<html" in home.text.lower()
        assert requests.get(f"{base}/static/isnad.css", timeout=10).status_code == 200
        answer = requests.get(f"{base}/sparql", timeout=20, headers={"Accept": "application/sparql-results+json"},
                              params={"query": "PREFIX isnad: <https://w3id.org/isnad/ontology#> "
                                               "SELECT (COUNT(?c) AS ?n) WHERE { ?c a isnad:Claim }"})
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 0
        for name, folder in (("isnad-ontology.ttl", "ontology/isnad.ttl"), ("isnad-topics.ttl", "ontology/topics.ttl"),
                             ("isnad-shapes.ttl", "shapes/isnad.ttl")):
            got = requests.get(f"{base}/downloads/{name}", timeout=10)
            assert got.status_code == 200 and got.content == (PROJECT_ROOT / folder).read_bytes(), name
    finally:
        server.terminate()
        server.wait(timeout=10)
