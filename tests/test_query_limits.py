"""One description of a SPARQL engine's limits and counters serves both engines.

The embedded :class:`kg.sparql.QueryEngine` and the remote :class:`kg.backends.remote.RemoteEngine`
take the same frozen :class:`kg.sparql.QueryLimits` (made from the settings) and keep the same
counters, which /metrics reports whichever engine runs.
"""

from __future__ import annotations

import dataclasses

import pytest

from kg.backends.remote import RemoteEngine
from kg.server import create_app
from kg.settings import Settings
from kg.sparql import STAT_NAMES, QueryEngine, QueryLimits, QueryRefused, QueryRequest


@pytest.fixture(params=["embedded", "remote"])
def app(request, tmp_path):
    overrides = {"data": str(tmp_path), "query_timeout": 3.5, "max_rows": 17, "max_concurrent_queries": 3,
                 "max_query_bytes": 2048}
    if request.param == "remote":
        overrides["store"] = "http://127.0.0.1:9/query"  # never reached: no query is sent in these tests
    app = create_app(Settings.load(env={}, overrides=overrides))
    yield app
    app.extensions["isnad"].engine.close()


def test_both_engines_take_their_limits_from_the_settings_in_one_frozen_value(app):
    engine = app.extensions["isnad"].engine
    assert isinstance(engine, RemoteEngine if app.extensions["isnad"].settings.store else QueryEngine)
    assert engine.limits == QueryLimits(timeout=3.5, max_rows=17, max_concurrent=3, max_query_bytes=2048)
    with pytest.raises(dataclasses.FrozenInstanceError):
        engine.limits.max_rows = 1


def test_both_engines_count_the_same_things_and_metrics_shows_them(app):
    engine = app.extensions["isnad"].engine
    with pytest.raises(QueryRefused):
        engine.run(QueryRequest("SELECT * WHERE { ?s ?p ?o } #" + "x" * 4096))  # over max_query_bytes
    assert tuple(engine.stats) == STAT_NAMES and engine.stats["refused"] == 1
    metrics = app.test_client().get("/metrics").get_data(as_text=True)
    for name in STAT_NAMES:
        assert f"isnad_sparql_{name}_total {engine.stats[name]}" in metrics
