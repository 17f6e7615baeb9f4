"""Server-side rerun timing, written by the app itself when RUNNER_TIMING_LOG names a file.

Benchmarks read these lines instead of timing in the browser, so two browsers sharing two cores
with the server do not pollute the figure. Off by default: nothing is written in normal use.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENV = "RUNNER_TIMING_LOG"
_lock = threading.Lock()
_open = threading.local()  # this thread's records of inner blocks, written with the outer one


def _target() -> str | None:
    return os.environ.get(ENV) or None


@contextmanager
def timed(what: str, session: Callable[[], str] | None = None) -> Iterator[None]:
    """Append {"what", "ms", "cpu_ms", "session"} to the timing log around the block (if
    enabled). `cpu_ms` is this thread's CPU time: on a shared machine it moves far less with
    the other processes' load than the wall-clock `ms`.

    A block inside another (the compare fragment's autosave) keeps its record until the outer
    block ends, so that writing the log is never part of a figure."""
    path = _target()
    if path is None:
        yield
        return
    inner: list[dict[str, Any]] | None = getattr(_open, "records", None)
    if inner is None:
        _open.records = []
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        record: dict[str, Any] = {
            "what": what,
            "ms": round((time.perf_counter() - start) * 1000, 3),
            "cpu_ms": round((time.thread_time() - cpu) * 1000, 3),
            "t": time.time(),
        }
        if session is not None:
            record["session"] = session()
        if inner is not None:
            inner.append(record)
        else:
            records, _open.records = [*_open.records, record], None
            with _lock, open(path, "a", encoding="utf-8") as fh:
                fh.write("".join(json.dumps(r) + "\n" for r in records))
