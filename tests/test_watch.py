"""`dyadwatch serve --watch DIR` as a monitoring user runs it: the real console script on
127.0.0.1, a real DuckDB file, files dropped into the folder while the dashboard serves, and a
kill -9 in the middle of storing them."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from webserver import Page, Site, serve

DYADWATCH = Path(sys.executable).parent / "dyadwatch"
SENTENCES = ["Chile criticized Peru on Monday.", "Japan condemned China over the islands.",
             "Seoul praised Tokyo for the agreement.", "Iran accused Israel of sabotage.",
             "Turkey threatened Greece with sanctions.", "India hosted talks with Nepal."]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _documents(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/overview", timeout=5) as r:
            return int(json.load(r)["counts"]["documents"])
    except OSError:
        return None


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"{what} within {seconds} s"
        time.sleep(0.2)
    return time.monotonic() - started


@contextlib.contextmanager
def serving(db: Path, inbox: Path | None, kill: bool = False,
            extra: tuple[str, ...] = ()) -> Iterator[int]:
    """`dyadwatch serve --watch` on a free port, up once the dashboard answers; stopped
    afterwards (with SIGKILL when `kill`)."""
    port = _free_port()
    watch = ("--watch", str(inbox), "--interval", "0.5") if inbox else ()
    server = subprocess.Popen([str(DYADWATCH), "serve", "--db", str(db), *watch,
                               "--port", str(port), *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _documents(port) is not None, 90, "the server to start")
        yield port
    finally:
        if kill:
            os.kill(server.pid, signal.SIGKILL)
        else:
            server.terminate()
        server.wait(timeout=30)


def _news(n: int, tag: str) -> str:
    return "".join(json.dumps({"id": f"{tag}-{i}", "date": "2024-03-04",
                               "text": f"{SENTENCES[i % len(SENTENCES)]} (report {tag} {i})"})
                   + "\n" for i in range(n))


@pytest.fixture()
def seeded(tmp_path: Path) -> tuple[Path, Path]:
    """A database with one document, and an empty inbox folder."""
    (tmp_path / "seed.txt").write_text("Chile criticized Peru.\n", encoding="utf-8")
    db = tmp_path / "live.duckdb"
    subprocess.run([str(DYADWATCH), "run", str(tmp_path / "seed.txt"), "--db", str(db),
                    "--quiet"], check=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return db, inbox


def test_a_dropped_file_is_on_the_dashboard_within_10_seconds(seeded: tuple[Path, Path]) -> None:
    db, inbox = seeded
    with serving(db, inbox) as port:
        assert _documents(port) == 1
        (inbox / "tuesday.jsonl").write_text(_news(3, "tue"), encoding="utf-8")
        took = _wait_for(lambda: _documents(port) == 4, 10, "the dropped file on the dashboard")
        assert took < 10
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/events", timeout=5).read()
        assert b"report tue 1" in page or b"tue-1" in page


def test_kill_9_mid_ingest_loses_and_duplicates_nothing(seeded: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    db, inbox = seeded
    with serving(db, inbox, kill=True) as port:
        (inbox / "burst.jsonl").write_text(_news(420, "burst"), encoding="utf-8")
        # Stored in batches of 200: kill once the first batch is in, the rest still coding.
        _wait_for(lambda: (_documents(port) or 0) > 1, 120, "the first batch stored")
    with duckdb.connect(str(db), read_only=True) as con:
        partial = con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    assert 1 < partial < 421, "the kill came mid-ingest"
    with serving(db, inbox) as port:
        _wait_for(lambda: _documents(port) == 421, 300, "every document after the restart")
        time.sleep(1.5)  # a further round must add nothing
        assert _documents(port) == 421
    reference = tmp_path / "reference.duckdb"
    subprocess.run([str(DYADWATCH), "run", str(tmp_path / "seed.txt"), str(inbox / "burst.jsonl"),
                    "--db", str(reference), "--quiet"], check=True)
    query = ("SELECT count(*), count(DISTINCT content_hash), "
             "(SELECT count(*) FROM events) FROM documents")
    # The same store as one uninterrupted run: every document and every event, field by field.
    events = ("SELECT d.content_hash, e.event_idx, e.sentence_index, e.cameo, e.source_country, "
              "e.target_country, e.modality, e.event_date FROM events e "
              "JOIN documents d USING (doc_key) ORDER BY ALL")
    with duckdb.connect(str(db), read_only=True) as live, \
            duckdb.connect(str(reference), read_only=True) as ref:
        got, expected = live.execute(query).fetchone(), ref.execute(query).fetchone()
        assert live.execute(events).fetchall() == ref.execute(events).fetchall()
    assert got == expected and got[0] == got[1] == 421


def _rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{title}</title><link>https://news.example/{i}</link>"
                      f"<description>{text}</description>"
                      f"<pubDate>Mon, 04 Mar 2024 0{i}:00:00 GMT</pubDate></item>"
                      for i, (title, text) in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"{entries}</channel></rss>").encode()


def test_feeds_listed_in_a_file_are_polled_and_new_items_stored_once(
        seeded: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = seeded
    site = Site({"/wire.rss": Page(_rss([("Chile and Peru", SENTENCES[0]),
                                         ("Japan and China", SENTENCES[1])]),
                                   "application/rss+xml")})
    server, _ = serve(site)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the wire\n{site.url('/wire.rss')}\n", encoding="utf-8")
    try:
        with serving(db, None, extra=("--feeds", str(feeds), "--feed-interval", "1")) as port:
            _wait_for(lambda: _documents(port) == 3, 30, "the feed's two items")
            site.pages["/wire.rss"] = Page(_rss([("Chile and Peru", SENTENCES[0]),
                                                 ("Japan and China", SENTENCES[1]),
                                                 ("Iran and Israel", SENTENCES[3])]),
                                           "application/rss+xml")
            _wait_for(lambda: _documents(port) == 4, 30, "the item added to the feed")
            polls = sum(1 for path, _ in site.requests if path == "/wire.rss")
            _wait_for(lambda: sum(1 for path, _ in site.requests if path == "/wire.rss")
                      >= polls + 2, 30, "two more rounds")
            assert _documents(port) == 4  # old items are not stored again
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/events", timeout=5).read()
            assert b"Israel" in page
    finally:
        server.shutdown()


def test_a_feeds_file_with_a_line_that_is_not_a_url_is_refused(seeded: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    db, _ = seeded
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://news.example/wire.rss\nnews.example/other.rss\n", encoding="utf-8")
    done = subprocess.run([str(DYADWATCH), "serve", "--db", str(db), "--feeds", str(feeds)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert f"{feeds}:2: not an http(s) URL" in done.stderr
