"""`dyadwatch run`: ingest inputs, skip what is stored, code the rest, store in batches."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dyadwatch.clean import clean_document
from dyadwatch.clean.dedup import NearDuplicateIndex, StoryLinker
from dyadwatch.ingest import IngestOptions, iter_inputs
from dyadwatch.ingest.base import is_url
from dyadwatch.ingest.dispatch import kind_for_name
from dyadwatch.merge import merge_events
from dyadwatch.parallel import code_in_processes
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import CodedDocument, Document, DuplicateLink
from dyadwatch.store import Store
from dyadwatch.store.db import doc_key


log = logging.getLogger(__name__)


@dataclass
class RunStats:
    seen: int = 0
    skipped: int = 0  # already in the database (exact copies included)
    stored: int = 0
    errors: int = 0
    events: int = 0
    exact_copies: int = 0  # same content under another id: linked, stored once
    near_copies: int = 0  # the same story in other words: stored, linked, not counted
    merged_events: int = 0  # real-world events in the store after merging mentions (issue 9)
    seconds: float = 0.0


def run_into_store(inputs: Sequence[str], store: Store, pipeline: Pipeline,
                   pub_date: str | None = None, stdin: IO[str] | None = None,
                   write_every: int = 200,
                   on_progress: Callable[[int], None] | None = None,
                   options: IngestOptions | None = None, workers: int = 1,
                   dask: Any = None) -> RunStats:
    """Code every input document not yet stored, on `workers` local processes or on the Dask
    cluster of the client `dask` (the same records either way, stored in input order). Safe to
    interrupt and re-run: documents are written in whole-batch transactions and skipped by
    content hash on the next run. Copies of stored documents are linked in the `duplicates`
    table."""
    stats = RunStats()
    started = time.perf_counter()
    log.info("coding into %s with %d worker(s)%s", store.path, workers,
             " on Dask" if dask is not None else "")  # `inputs` may be a one-pass iterator
    linker = open_linker(store, pipeline.settings.dedup_threshold)
    errors_seen = store.error_hashes()
    advance = on_progress or (lambda n: None)
    default_date = pub_date or pipeline.settings.default_pub_date
    # A link waits until the documents read before it are stored (workers read ahead): an
    # interrupted run never leaves a link to a document it did not store.
    links: list[tuple[int, DuplicateLink]] = []
    signatures: dict[str, Sequence[int]] = {}
    options = options or IngestOptions(max_bytes=pipeline.settings.max_input_bytes)
    counts = {"read": 0, "taken": 0}  # documents handed on for coding / taken for storing

    def fresh() -> Iterator[Document]:
        for raw in iter_inputs(inputs, stdin=stdin, options=options):
            stats.seen += 1
            if linker.seen_before(raw) or raw.content_hash in errors_seen:
                link = linker.exact_link(raw)
                if link is not None:
                    links.append((counts["read"], link))
                    stats.exact_copies += 1
                stats.skipped += 1
                advance(1)
                continue
            linker.remember(raw)
            document = clean_document(raw, default_pub_date=default_date,
                                      date_order=options.date_order)
            counts["read"] += 1
            if document.error is not None:
                log.warning("%s: %s", raw.source, document.error)
            for warning in document.warnings:
                log.info("%s: %s", document.doc_id, warning)
            if document.error is None:
                link, signatures[document.content_hash] = linker.near_link(document)
                if link is not None:
                    links.append((counts["read"], link))
                    stats.near_copies += 1
            yield document

    def take_extras(documents: Sequence[Document]) -> tuple[list[DuplicateLink],
                                                             dict[str, Sequence[int]]]:
        """The links and signatures to store with the next `documents` in input order."""
        counts["taken"] += len(documents)
        ready = [link for seq, link in links if seq <= counts["taken"]]
        links[:] = [(seq, link) for seq, link in links if seq > counts["taken"]]
        return ready, {h: signatures.pop(h) for h in [d.content_hash for d in documents]
                       if h in signatures}

    def count(errors: int, stored: int, events: int) -> None:
        stats.errors += errors
        stats.stored += stored
        stats.events += events
        advance(errors + stored)

    if dask is not None:
        from dyadwatch.dask_executor import store_on_dask

        for part in store_on_dask(dask, pipeline.settings, fresh(), take_extras, store,
                                  pub_date=pub_date):
            count(part.errors, part.stored, part.events)
        store.write_batch([], *take_extras([]))
    else:
        batch: list[CodedDocument] = []

        def flush() -> None:
            store.write_batch(batch, *take_extras([c.document for c in batch]))
            errors = sum(1 for c in batch if c.document.error)
            count(errors, len(batch) - errors,
                  sum(len(c.events) for c in batch if not c.document.error))
            batch.clear()

        for coded in code_in_processes(pipeline, fresh(), workers, pub_date=pub_date):
            batch.append(coded)
            if len(batch) >= write_every:
                flush()
        flush()
    # New mentions join the events already stored (or found new ones): see merge/.
    stats.merged_events = merge_events(store.con).merged_events
    stats.seconds = time.perf_counter() - started
    log.info("stored %d documents and %d events in %.1f s (%d skipped, %d unreadable)",
             stats.stored, stats.events, stats.seconds, stats.skipped, stats.errors)
    return stats


def open_linker(store: Store, threshold: float) -> StoryLinker:
    """A StoryLinker that knows every stored document and its signature."""
    index = NearDuplicateIndex(threshold=threshold)
    for key, values in store.signatures():
        index.add(key, index.from_signature(values))
    return StoryLinker(index, store.known_documents(), doc_key, store.near_copies())


def count_inputs(inputs: Sequence[str]) -> int | None:
    """A cheap count of documents for the progress bar; None when it cannot be known without
    reading the inputs (stdin, URLs, feeds, web archives)."""
    total = 0
    for item in inputs:
        if item == "-" or is_url(item):
            return None
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            kind = kind_for_name(f.name)
            if kind in ("feed", "warc", "urls"):
                if path.is_dir() and kind == "urls":
                    continue  # not read from directories
                return None
            if kind in ("jsonl", "csv"):
                total += _count_lines(f) - (1 if kind == "csv" else 0)
            elif kind is not None or not path.is_dir():
                total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-blank lines (a CSV row with line breaks inside quotes counts more than once)."""
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1
