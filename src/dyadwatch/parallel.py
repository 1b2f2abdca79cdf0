"""Local multi-process executor: code documents on N worker processes, in input order.

The parent loads the pipeline once and forks the workers, so the spaCy model and the actor,
place and language tables are shared copy-on-write instead of loaded N times. Documents travel
in chunks; at most `workers * IN_FLIGHT_PER_WORKER` chunks are out at once, so memory stays
bounded however long the input is, and results are yielded in the order the chunks were sent.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any

from dyadwatch.errors import DyadwatchError
from dyadwatch.pipeline import DocumentInput, Pipeline
from dyadwatch.records import CodedDocument

CHUNK_DOCUMENTS = 32  # per task: big enough for one spaCy batch, small enough to balance
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: keeps workers busy, memory bounded

# The pipeline of a forked worker: set in the parent just before the fork (fork copies it).
_WORKER_PIPELINE: Pipeline | None = None


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def code_in_processes(pipeline: Pipeline, items: Iterable[DocumentInput], workers: int,
                      pub_date: str | None = None,
                      chunk_size: int | None = None) -> Iterator[CodedDocument]:
    """The records of `pipeline.code_documents(items, pub_date)`, identical and in the same
    order, computed on `workers` processes (1: in this process, no pool)."""
    if workers <= 1:
        yield from pipeline.code_documents(items, pub_date=pub_date)
        return
    chunk_size = chunk_size or CHUNK_DOCUMENTS
    source = iter(items)
    first = list(islice(source, chunk_size))
    if len(first) < chunk_size:  # one chunk or less: a pool would only cost
        yield from pipeline.code_documents(first, pub_date=pub_date)
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        raise DyadwatchError("--workers > 1 needs the 'fork' start method (Linux, macOS); "
                           "use --workers 1 or the Dask executor")
    global _WORKER_PIPELINE
    pipeline.warm_up()  # load lazy tables now, so the workers share them
    _WORKER_PIPELINE = pipeline
    gc.freeze()  # the collector would touch (and so copy) every shared object in each worker
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_ignore_interrupts) as pool:
            pending: deque[AsyncResult[list[CodedDocument]]] = deque()
            limit = workers * IN_FLIGHT_PER_WORKER
            offset = 0
            chunk = first
            while chunk:
                pending.append(pool.apply_async(_code_chunk, ((chunk, offset, pub_date),)))
                offset += len(chunk)
                while len(pending) >= limit:
                    yield from pending.popleft().get()
                chunk = list(islice(source, chunk_size))
            while pending:
                yield from pending.popleft().get()
    finally:
        _WORKER_PIPELINE = None
        gc.unfreeze()


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool after the last whole batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _code_chunk(task: tuple[list[Any], int, str | None]) -> list[CodedDocument]:
    items, offset, pub_date = task
    assert _WORKER_PIPELINE is not None, "worker started without a pipeline"
    return list(_WORKER_PIPELINE.code_documents(items, pub_date=pub_date, first_index=offset))
