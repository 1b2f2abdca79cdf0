"""Dask executor for `dyadwatch run --dask ADDRESS`: code partitions of the input on a Dask
cluster, bring each back as Parquet parts (one file per table), merge them into the database.

The parent reads the inputs, skips stored documents and links copies exactly as a local run
does; each partition (cleaned documents with their duplicate links and signatures) goes to a
worker, which codes it with a pipeline it loads once per process, writes the rows into an
in-memory DuckDB with the same `Store` code a local run uses, and returns every table as
Parquet bytes (no shared file system needed). The parent writes the parts under `parts_dir`
and merges each partition in one transaction, in input order. A partition whose task fails is
retried (`retries`); at most `in_flight` partitions are out at once, so memory stays bounded.
"""

from __future__ import annotations

import tempfile
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from dyadwatch.config import Settings
from dyadwatch.errors import DyadwatchError
from dyadwatch.records import Document, DuplicateLink
from dyadwatch.store import Store

PARTITION_DOCUMENTS = 200
RETRIES = 2

# (links, signatures) that belong with a partition's documents: from the runner's linker
Extras = tuple[list[DuplicateLink], dict[str, Sequence[int]]]


@dataclass(frozen=True)
class Partition:
    index: int
    documents: list[Document]
    links: list[DuplicateLink]
    signatures: dict[str, list[int]]
    pub_date: str | None
    fail_once_marker: str | None = None  # tests: fail the first attempt (see retries)


@dataclass(frozen=True)
class PartResult:
    index: int
    tables: dict[str, bytes]  # table name -> Parquet file
    stored: int
    errors: int
    events: int


def connect(address: str, workers: int | None = None) -> Any:
    """A Dask client: `local` starts a LocalCluster of `workers` single-threaded processes
    (spaCy and the coder hold the GIL), anything else is a scheduler address."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise DyadwatchError("--dask needs Dask: pip install 'dyadwatch[dask]'") from exc
    if address == "local":
        from dyadwatch.parallel import default_workers

        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        return Client(cluster)
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise DyadwatchError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def close(client: Any) -> None:
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def store_on_dask(client: Any, settings: Settings, documents: Iterable[Document],
                  take_extras: Callable[[list[Document]], Extras], store: Store,
                  pub_date: str | None = None, partition_size: int = PARTITION_DOCUMENTS,
                  parts_dir: str | Path | None = None, in_flight: int | None = None,
                  retries: int = RETRIES, fail_once_marker: str | None = None,
                  ) -> Iterator[PartResult]:
    """Code and store `documents` partition by partition; yields each merged partition."""
    in_flight = in_flight or 2 * max(1, len(client.scheduler_info().get("workers", {})))
    with tempfile.TemporaryDirectory(prefix="dyadwatch-parts-",
                                     dir=parts_dir) as tmp:
        pending: deque[Any] = deque()
        source = iter(documents)
        index = 0
        run_id = uuid.uuid4().hex[:8]
        while chunk := list(islice(source, partition_size)):
            links, signatures = take_extras(chunk)
            part = Partition(index, chunk, links, {h: [int(v) for v in s]
                                                   for h, s in signatures.items()},
                             pub_date, fail_once_marker)
            # pure=False: a retried or re-run partition is computed, not looked up
            pending.append(client.submit(code_partition, settings, part, retries=retries,
                                         pure=False, key=f"dyadwatch-{run_id}-part-{index}"))
            index += 1
            while len(pending) >= in_flight:
                yield merge_part(store, pending.popleft().result(), Path(tmp))
        while pending:
            yield merge_part(store, pending.popleft().result(), Path(tmp))


_PIPELINES: dict[Settings, Any] = {}  # one pipeline per worker process and settings


def preload(client: Any, settings: Settings) -> None:
    """Load the pipeline on every worker now rather than in its first partition."""
    client.run(_load, settings)


def _load(settings: Settings) -> None:
    _pipeline(settings)


def _pipeline(settings: Settings) -> Any:
    """This worker's pipeline for `settings`, loaded on first use."""
    from dyadwatch.pipeline import Pipeline

    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline.create(settings)
    return _PIPELINES[settings]


def code_partition(settings: Settings, part: Partition) -> PartResult:
    """On a worker: code the partition and return its rows as Parquet, table by table."""
    if part.fail_once_marker is not None:
        marker = Path(part.fail_once_marker)
        if part.index == 0 and not marker.exists():
            marker.write_text("failed once")
            raise RuntimeError(f"injected failure of partition {part.index}")
    pipeline = _pipeline(settings)
    coded = list(pipeline.code_documents(part.documents, pub_date=part.pub_date))
    tables: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="dyadwatch-part-") as tmp, Store(":memory:") as mem:
        mem.write_batch(coded, part.links, part.signatures)
        for (table,) in mem.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                " ORDER BY table_name").fetchall():
            if mem.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:  # type: ignore[index]
                path = Path(tmp) / f"{table}.parquet"
                mem.con.execute(f"COPY \"{table}\" TO '{path}' (FORMAT parquet)")
                tables[table] = path.read_bytes()
    errors = sum(1 for c in coded if c.document.error)
    return PartResult(part.index, tables, stored=len(coded) - errors, errors=errors,
                      events=sum(len(c.events) for c in coded if not c.document.error))


def merge_part(store: Store, result: PartResult, parts_dir: Path) -> PartResult:
    """Write the partition's Parquet parts and insert them in one transaction. Rows whose key
    is already stored are left as they are, as a local run leaves stored documents."""
    folder = parts_dir / f"part-{result.index:06d}"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for table, data in result.tables.items():
        path = folder / f"{table}.parquet"
        path.write_bytes(data)
        files.append((table, path))
    # parents before children, as the store writes them
    files.sort(key=lambda tf: (tf[0] != "documents", tf[0]))
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for table, path in files:
            con.execute(f"INSERT OR IGNORE INTO \"{table}\" BY NAME "
                        f"SELECT * FROM read_parquet('{path}')")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result
