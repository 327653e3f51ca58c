"""Builds on a Dask cluster: the per-article work goes to the cluster's workers.

``isnad build --dask tcp://scheduler:8786`` sends batches of articles (extraction, RDF,
per-article SHACL validation) to the workers; the results come back in corpus order and
the machine running the build merges the entities, writes the store and publishes, as
for a local build. Every worker needs the same Isnad version installed (``pip install
'isnad[dask]'``) and the same shapes and ontology files; the articles travel with the
tasks, so the workers need no access to the corpus folder.

Requires ``dask[distributed]`` (the ``dask`` extra).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator


def map_batches(address: str, fn: Callable[..., Any], batches: list, *args: Any) -> Iterator[Any]:
    """``fn(batch, *args)`` for every batch on the cluster at ``address``, yielded in order."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("Dask builds need dask[distributed]: pip install 'isnad[dask]'") from exc
    with Client(address, set_as_default=False, timeout="30s") as client:
        futures = client.map(fn, batches, *[[a] * len(batches) for a in args], pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            client.cancel(futures)
