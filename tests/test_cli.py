"""The command line: exit codes and the settings precedence."""

import subprocess
import sys

import pyoxigraph as ox

from kg.cli import main
from kg.settings import Settings


def test_setting_precedence_option_over_env_over_default():
    assert Settings.load(env={}).max_rows == 10000
    assert Settings.load(env={"ISNAD_MAX_ROWS": "5"}).max_rows == 5
    assert Settings.load(env={"ISNAD_MAX_ROWS": "5"}, overrides={"max_rows": 9}).max_rows == 9


def test_build_exit_0_on_good_corpus_and_1_when_an_article_is_rejected(tmp_corpus, tmp_path, capsys):
    assert main(["build", "--corpus", str(tmp_corpus), "--data", str(tmp_path / "d")]) == 0
    (tmp_corpus / "999_broken.txt").write_bytes(b"\x00\x01\x02 binary")
    assert main(["build", "--corpus", str(tmp_corpus), "--data", str(tmp_path / "d")]) == 1
    out = capsys.readouterr()
    assert "999_broken.txt" in out.err and "binary" in out.err


def test_build_exit_2_on_missing_corpus(tmp_path):
    assert main(["build", "--corpus", str(tmp_path / "nope"), "--data", str(tmp_path / "d")]) == 2


def test_export_formats_parse_in_pyoxigraph(built, tmp_path):
    for fmt, rdf_format in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                            ("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)):
        out = tmp_path / f"x.{fmt}"
        assert main(["export", "--format", fmt, "-o", str(out), "--data", built.data]) == 0
        items = list(ox.parse(path=str(out), format=rdf_format))
        assert len(items) > 100, fmt


def test_console_script_runs():
    r = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True)
    assert r.stdout.startswith("isnad ")


def test_readme_settings_table_is_the_settings_table():
    from kg.settings import PROJECT_ROOT, settings_table_markdown

    readme = (PROJECT_ROOT / "README.md").read_text()
    table = readme.split("<!-- settings-table -->\n", 1)[1].split("<!-- /settings-table -->", 1)[0]
    assert table.strip() == settings_table_markdown().strip()


def test_readme_starts_with_the_two_commands():
    from kg.settings import PROJECT_ROOT

    head = (PROJECT_ROOT / "README.md").read_text().split("```", 2)[1]
    assert "isnad serve" in head and "pytest" in head
