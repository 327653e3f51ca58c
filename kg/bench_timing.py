"""Timed runs of one query in a process that is killed past a time limit (for ``isnad bench``).

The endpoint stops a query at ``query_timeout`` by killing its worker (:mod:`kg.sparql`);
the benchmark does the same, so a query that does not finish is reported as timed out
instead of hanging the run. The child prepares what the query runs on (``setup``, not
timed, with its own generous limit), optionally runs the query once untimed (``warmup``:
a fresh process starts with cold caches, where the endpoint's workers are warm), then
runs ``run(target)`` up to ``reps`` times, sending each time back as it goes; the
parent waits at most ``timeout`` seconds for each run, the warm-up included.

>>> timed_runs(_Setup(), _count, reps=3, budget=10, timeout=5).times.__len__()
3
>>> r = timed_runs(_Setup(), _sleep, reps=3, budget=10, timeout=0.2, warmup=True)
>>> r.timed_out, r.times, r.note
(True, [], '> 0.2 s (timed out)')
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any, Callable


@dataclass
class Timed:
    times: list[float] = field(default_factory=list)  # seconds, one per completed run
    rows: int = 0
    timed_out: bool = False
    note: str = ""  # "> 10 s (timed out)", or why it failed


def _child(conn, setup: Callable[[], Any], run: Callable[[Any], int], reps: int, budget: float,
           warmup: bool) -> None:
    try:
        target = setup()
        conn.send(("ready",))
        if warmup:
            run(target)
            conn.send(("warm",))
        start = time.perf_counter()
        for _ in range(reps):
            t0 = time.perf_counter()
            rows = run(target)
            conn.send(("run", time.perf_counter() - t0, rows))
            if time.perf_counter() - start > budget:
                break
        conn.send(("done",))
    except BaseException as exc:  # reported to the parent, whatever it was
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def timed_runs(setup: Callable[[], Any], run: Callable[[Any], int], *, reps: int, budget: float, timeout: float,
               method: str = "spawn", setup_timeout: float = 600.0, warmup: bool = False) -> Timed:
    """Time ``run(setup())`` in a child process; past ``timeout`` seconds on one run the child is killed.

    ``method``: ``spawn`` (``setup`` and ``run`` must pickle: module-level functions or
    partials of them) or ``fork`` (anything, e.g. a closure over data already in memory;
    only from a process without threads).
    """
    ctx = get_context(method)
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, setup, run, reps, budget, warmup), daemon=True)
    proc.start()
    child.close()
    out, wait = Timed(), setup_timeout
    try:
        while True:
            if not parent.poll(wait):
                out.timed_out = wait == timeout
                out.note = f"> {timeout:g} s (timed out)" if out.timed_out else f"setup took > {setup_timeout:g} s"
                break
            msg = parent.recv()
            if msg[0] in ("ready", "warm"):
                wait = timeout
            elif msg[0] == "run":
                out.times.append(msg[1])
                out.rows = msg[2]
            else:
                out.note = "" if msg[0] == "done" else f"failed: {msg[1]}"
                break
    except EOFError:
        out.note = "failed: the timing process died"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    return out


class _Setup:
    """A picklable setup returning nothing (for the examples)."""

    def __call__(self) -> None:
        return None


def _count(_target) -> int:
    return sum(1 for _ in range(10))


def _sleep(_target) -> int:
    time.sleep(30)
    return 0
