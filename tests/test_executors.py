"""Issue 8: the same documents through one process, forked workers and a Dask LocalCluster give
identical stores; a failed Dask partition is retried; input is read lazily; the sentence
pre-filter and the table-driven spaCy components change nothing they should not."""

from __future__ import annotations

import itertools
import json
import multiprocessing
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch import dask_executor, parallel
from dyadwatch.runner import run_into_store
from dyadwatch.store import Store

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"


def table_contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the timestamp columns (when a row was written)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() "
                                    "ORDER BY table_name").fetchall():
            columns = [name for name, kind in con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [table]).fetchall() if "TIMESTAMP" not in kind]
            out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} "
                                     "ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def store_with(tmp_path: Path, name: str, inputs: list[str], pipeline: Any,
               **how: Any) -> dict[str, list[tuple[Any, ...]]]:
    db = tmp_path / f"{name}.duckdb"
    with Store(db) as store:
        stats = run_into_store(inputs, store, pipeline, **how)
    assert stats.stored > 0
    return table_contents(db)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    pytest.importorskip("dask.distributed", reason="the Dask executor needs dask[distributed]")
    client = dask_executor.connect("local", workers=2)
    yield client
    dask_executor.close(client)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 4 documents, so that even examples/ (25 documents) is spread over workers."""
    monkeypatch.setattr(parallel, "CHUNK_DOCUMENTS", 4)


@pytest.fixture(scope="module")
def corpus_200(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS} (needs ../shared/data)")
    path = tmp_path_factory.mktemp("corpus") / "first200.jsonl"
    with CORPUS.open(encoding="utf-8") as src:
        path.write_text("".join(itertools.islice(src, 200)), encoding="utf-8")
    return path


def test_examples_single_multi_and_dask_store_the_same(pipeline: Any, tmp_path: Path,
                                                       small_chunks: None,
                                                       dask_client: Any) -> None:
    inputs = [str(EXAMPLES)]
    single = store_with(tmp_path, "single", inputs, pipeline, workers=1)
    multi = store_with(tmp_path, "multi", inputs, pipeline, workers=2)
    on_dask = store_with(tmp_path, "dask", inputs, pipeline, dask=dask_client)
    assert len(single["events"]) > 50 and len(single["documents"]) == 25
    assert multi == single
    assert on_dask == single


def test_200_corpus_documents_identical_events_in_every_mode(pipeline: Any, tmp_path: Path,
                                                             corpus_200: Path,
                                                             dask_client: Any) -> None:
    inputs = [str(corpus_200)]
    single = store_with(tmp_path, "single", inputs, pipeline, workers=1)
    multi = store_with(tmp_path, "multi", inputs, pipeline, workers=2)
    on_dask = store_with(tmp_path, "dask", inputs, pipeline, dask=dask_client)
    assert len(single["documents"]) >= 190 and single["events"]
    for table in ("events", "event_actors", "mentions", "quotes", "documents", "duplicates"):
        assert multi[table] == single[table], table
        assert on_dask[table] == single[table], table


def test_failed_dask_partition_is_retried(pipeline: Any, tmp_path: Path, dask_client: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "failed-once"
    monkeypatch.setattr(dask_executor, "store_on_dask",
                        partial(dask_executor.store_on_dask, fail_once_marker=str(marker),
                                partition_size=10))
    inputs = [str(EXAMPLES)]
    retried = store_with(tmp_path, "retried", inputs, pipeline, dask=dask_client)
    assert marker.read_text() == "failed once"  # the first attempt of partition 0 did fail
    assert retried == store_with(tmp_path, "single", inputs, pipeline, workers=1)


def test_rerun_on_dask_adds_nothing(pipeline: Any, tmp_path: Path, dask_client: Any) -> None:
    db = tmp_path / "twice.duckdb"
    with Store(db) as store:
        run_into_store([str(EXAMPLES)], store, pipeline, dask=dask_client)
    first = table_contents(db)
    with Store(db) as store:
        stats = run_into_store([str(EXAMPLES)], store, pipeline, dask=dask_client)
    assert stats.stored == 0 and stats.skipped == 25
    assert table_contents(db) == first


def test_workers_read_input_lazily_and_keep_order(pipeline: Any) -> None:
    pulled = 0

    def documents() -> Iterator[dict[str, str]]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield {"id": f"d{i}", "text": f"Seoul criticized Pyongyang on day {i}.",
                   "date": "2023-01-02"}

    stream = parallel.code_in_processes(pipeline, documents(), workers=2, chunk_size=4)
    first = [next(stream) for _ in range(10)]
    assert multiprocessing.active_children()  # a pool is coding them
    assert [c.document.doc_id for c in first] == [f"d{i}" for i in range(10)]
    assert first[3].events and first[3].events[0].cameo == "111"
    # bounded: at most workers x IN_FLIGHT_PER_WORKER chunks beyond what was consumed
    assert pulled <= 10 + 4 * (2 * parallel.IN_FLIGHT_PER_WORKER + 1)
    stream.close()


def test_code_command_with_workers_prints_the_same_records(run_cli: Any,
                                                            tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"n{i}", "date": "2022-10-04", "text": text})
             for i, text in enumerate(
                 ["North Korea fired a ballistic missile over Japan, the JCS said.",
                  "Japanese Prime Minister Fumio Kishida condemned the launch.",
                  "The weather in Seoul was mild. Prices of rice rose two percent.",
                  "Yoon Suk-yeol held a phone call with Kishida on Tuesday."] * 10)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_cli("code", str(src), "--workers", "1").stdout
    two = run_cli("code", str(src), "--workers", "2").stdout
    assert one == two and one.count("\n") == 40
    assert [json.loads(x)["id"] for x in two.splitlines()] == [f"n{i}" for i in range(40)]
