"""Shared fixtures: the real spaCy pipeline (loaded once), a DuckDB built once from examples/,
helpers to code a text and to run the real `dyadwatch` command in a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from contract import assert_contract_record

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def dyadwatch_exe() -> str:
    """The installed console script: next to this interpreter, else on PATH."""
    local = Path(sys.executable).parent / "dyadwatch"
    if local.exists():
        return str(local)
    found = shutil.which("dyadwatch")
    if found is None:
        pytest.fail("the dyadwatch console script is not installed (pip install -e .)")
    return found


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """The real pipeline: spaCy en_core_web_sm plus the built-in tables, loaded once."""
    from dyadwatch.pipeline import Pipeline

    return Pipeline.create()


@pytest.fixture(scope="session")
def code_text(pipeline: Any) -> Callable[..., dict[str, Any]]:
    """Code one text in-process and return the contract JSON record (already checked)."""

    def code(text: str, pub_date: str | None = None, **fields: Any) -> dict[str, Any]:
        item = {"id": "t", "text": text, **fields}
        [coded] = list(pipeline.code_documents([item], pub_date=pub_date))
        rec = json.loads(json.dumps(coded.to_json()))  # exactly what the CLI would print
        assert_contract_record(rec)
        return rec

    return code


@pytest.fixture(scope="session")
def examples_records(pipeline: Any) -> dict[str, dict[str, Any]]:
    """examples/ coded in-process once, by record id, as contract JSON."""
    from dyadwatch.ingest import iter_inputs

    records = {}
    for coded in pipeline.code_documents(iter_inputs([EXAMPLES])):
        rec = json.loads(json.dumps(coded.to_json()))
        records[rec["id"]] = rec
    return records


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """A DuckDB file built once from examples/ with run_into_store; read-only afterwards."""
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    path = tmp_path_factory.mktemp("examples_db") / "examples.duckdb"
    with Store(path) as store:
        stats = run_into_store([str(EXAMPLES)], store, pipeline)
    assert (stats.seen, stats.stored, stats.errors) == (25, 25, 0)
    return path


@pytest.fixture()
def examples_con(examples_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(examples_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `dyadwatch` console script; returns the CompletedProcess."""
    exe = dyadwatch_exe()

    def run(*args: str, input: str | None = None, cwd: Path | None = None,
            timeout: float = 180) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "120"}
        return subprocess.run([exe, *args], input=input, capture_output=True, text=True,
                              encoding="utf-8", cwd=cwd, env=env, timeout=timeout, check=False)

    return run


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The single value a SQL query returns."""
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def countries(actors: list[dict[str, Any]]) -> list[str | None]:
    return [a["country"] for a in actors]


def dyad(event: dict[str, Any]) -> tuple[tuple[str | None, ...], tuple[str | None, ...]]:
    """(source countries, target countries) of an event."""
    return tuple(countries(event["source"])), tuple(countries(event["target"]))


# The type of the `code_text` fixture: text (and pub_date=...) -> a contract record.
Code = Callable[..., dict[str, Any]]


def coded(rec: dict[str, Any], level: str = "cameo") -> list[tuple[Any, str, str]]:
    """(dyad, CAMEO code or root (`level="root"`), modality) of every event, sorted."""
    return sorted((dyad(e), e[level], e["modality"]) for e in rec["events"])


# -- the web dashboard (#7): a live server on 127.0.0.1 and Debian's Chromium -----------------

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
# Flags for a closed network: without the background-networking ones Chromium keeps trying to
# reach Google's hosts (see the machine notes); --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}; `make test` installs "
                    "it with apt-get when apt is available")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="browser tests need playwright (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1 in a thread; yields the base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the test server did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/screenshots/ (gitignored)."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
