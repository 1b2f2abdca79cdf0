"""`dyadwatch run`: ingest inputs, skip what is stored, code the rest, store in batches."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dyadwatch.ingest import iter_inputs
from dyadwatch.ingest.files import JSONL_SUFFIXES, SUPPORTED_SUFFIXES
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import CodedDocument, RawDocument
from dyadwatch.store import Store


@dataclass
class RunStats:
    seen: int = 0
    skipped: int = 0  # already in the database
    stored: int = 0
    errors: int = 0
    events: int = 0
    seconds: float = 0.0


def run_into_store(inputs: Sequence[str], store: Store, pipeline: Pipeline,
                   pub_date: str | None = None, stdin: IO[str] | None = None,
                   write_every: int = 200,
                   on_progress: Callable[[int], None] | None = None) -> RunStats:
    """Code every input document not yet stored. Safe to interrupt and re-run: documents are
    written in whole-batch transactions and skipped by content hash on the next run."""
    stats = RunStats()
    started = time.perf_counter()
    known = store.known_hashes()
    advance = on_progress or (lambda n: None)

    def fresh() -> Iterator[RawDocument]:
        for raw in iter_inputs(inputs, stdin=stdin, max_bytes=pipeline.settings.max_input_bytes):
            stats.seen += 1
            if raw.content_hash in known:
                stats.skipped += 1
                advance(1)
                continue
            known.add(raw.content_hash)
            yield raw

    batch: list[CodedDocument] = []

    def flush() -> None:
        store.write_batch(batch)
        for coded in batch:
            if coded.document.error:
                stats.errors += 1
            else:
                stats.stored += 1
                stats.events += len(coded.events)
        advance(len(batch))
        batch.clear()

    for coded in pipeline.code_documents(fresh(), pub_date=pub_date):
        batch.append(coded)
        if len(batch) >= write_every:
            flush()
    flush()
    stats.seconds = time.perf_counter() - started
    return stats


def count_inputs(inputs: Sequence[str]) -> int | None:
    """A cheap count of documents for the progress bar (None for stdin)."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            suffix = f.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                try:
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            elif suffix in SUPPORTED_SUFFIXES or not path.is_dir():
                total += 1
    return total
