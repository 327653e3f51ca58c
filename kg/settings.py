"""One table of settings, read by the CLI, the server and the docs.

Each setting has a name, a default, an environment variable and a help text. A value
given on the command line wins over the environment variable, which wins over the default.

>>> s = Settings.load(env={"ISNAD_MAX_ROWS": "7"})
>>> s.max_rows
7
>>> Settings.load(env={"ISNAD_MAX_ROWS": "7"}, overrides={"max_rows": 3}).max_rows
3
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A checkout keeps its corpus and data beside the code; an installed copy uses ./corpus and
# ./data of the working directory (never a folder inside site-packages).
_HOME = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path(".")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    env: str
    help: str
    type: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("corpus", str(_HOME / "corpus"), "ISNAD_CORPUS", "folder of source articles"),
    Setting("data", str(_HOME / "data"), "ISNAD_DATA", "folder of the store, search index and build reports"),
    Setting("base_iri", "https://w3id.org/isnad/id/", "ISNAD_BASE_IRI", "base IRI of every resource the project mints"),
    Setting("query_timeout", 10.0, "ISNAD_QUERY_TIMEOUT", "hard time limit of one SPARQL query, in seconds", float),
    Setting("max_rows", 10000, "ISNAD_MAX_ROWS", "most result rows a SPARQL SELECT returns (announced in a header)", int),
    Setting("max_concurrent_queries", 4, "ISNAD_MAX_CONCURRENT_QUERIES", "SPARQL queries run at once; more get 503 + Retry-After", int),
    Setting("max_query_bytes", 100_000, "ISNAD_MAX_QUERY_BYTES", "largest SPARQL query accepted, in bytes", int),
    Setting("page_size", 50, "ISNAD_PAGE_SIZE", "rows per page in the browse UI", int),
    Setting("max_article_bytes", 5_000_000, "ISNAD_MAX_ARTICLE_BYTES", "larger corpus files are rejected", int),
    Setting("workers", 1, "ISNAD_WORKERS", "processes used by a build", int),
    Setting("store", "", "ISNAD_STORE", "SPARQL endpoint URL of a remote store (empty: the embedded store)"),
    Setting("shacl_engine", "rudof", "ISNAD_SHACL_ENGINE",
            "SHACL engine of builds: `rudof` (fast screen, pyshacl explains rejections) or `pyshacl` (reference)"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    corpus: str
    data: str
    base_iri: str
    query_timeout: float
    max_rows: int
    max_concurrent_queries: int
    max_query_bytes: int
    page_size: int
    max_article_bytes: int
    workers: int
    store: str
    shacl_engine: str

    @classmethod
    def load(cls, *, env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (None is ignored)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for s in SETTINGS:
            value = s.default
            if s.env in env and env[s.env] != "":
                value = env[s.env]
            if overrides and overrides.get(s.name) is not None:
                value = overrides[s.name]
            values[s.name] = s.type(value)
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: _BY_NAME[k].type(v) for k, v in changes.items() if v is not None})

    @property
    def data_dir(self) -> Path:
        return Path(self.data)

    @property
    def corpus_dir(self) -> Path:
        return Path(self.corpus)


assert {f.name for f in fields(Settings)} == set(_BY_NAME), "Settings fields and SETTINGS table differ"


def settings_table_markdown() -> str:
    """The settings table as Markdown, for the README and `isnad settings`."""
    rows = ["| setting | env | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = s.default if s.name not in ("corpus", "data") else f"./{s.name}"
        rows.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(rows)
