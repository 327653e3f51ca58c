"""A build whose articles are processed on a Dask cluster (2 workers on 127.0.0.1)."""

from __future__ import annotations

import pytest

from kg.cli import main
from kg.settings import Settings
from kg.store import DataDir

from test_parallel_build import RUN, build_into, corpus, dataset, serial  # noqa: F401  (shared fixtures)

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c


def test_dask_build_gives_exactly_the_serial_triples(corpus, serial, cluster, tmp_path):  # noqa: F811
    assert build_into(corpus, tmp_path / "dask", dask=cluster.scheduler_address) == serial


def test_build_command_takes_a_dask_address(corpus, cluster, tmp_path, capsys):  # noqa: F811
    data = tmp_path / "d"
    assert main(["build", "--corpus", str(corpus), "--data", str(data), "--dask", cluster.scheduler_address]) == 0
    assert "20 articles published" in capsys.readouterr().out
    assert DataDir(data).current() is not None
    assert dataset(Settings.load(env={}, overrides={"data": str(data)}))
