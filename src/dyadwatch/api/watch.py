"""Live monitoring in `dyadwatch serve`: store the news files that arrive in a folder
(`--watch DIR`) and the items of the feeds listed in a file (`--feeds FILE`) while the dashboard
serves them, in the one process that holds the database's writer.

Reads: files of a supported kind under DIR (recursively); the http(s) URLs listed in FILE (feeds,
pages, archives), fetched politely every `--feed-interval` seconds, FILE re-read each time.
Writes: the server's store, through `run_into_store`, as `dyadwatch run` would (documents
already stored are skipped by content hash, so a feed's old items and a restart after a crash
store nothing twice). A file is taken once its size and modification time held still for one
polling interval: a file still being copied in waits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from dyadwatch.api.cache import data_changed
from dyadwatch.ingest.base import IngestOptions, is_url
from dyadwatch.ingest.dispatch import kind_for_name

log = logging.getLogger(__name__)

FileState = tuple[int, int]  # size, modification time (ns)


def loaded_pipeline(state: Any) -> Any:
    """The server's pipeline, loaded on first need (spaCy takes seconds)."""
    if getattr(state, "pipeline", None) is None:
        from dyadwatch.pipeline import Pipeline

        state.pipeline = Pipeline.create()
    return state.pipeline


def store_inputs(state: Any, write_lock: Any, inputs: Sequence[str], *,
                 stdin: IO[str] | None = None, options: IngestOptions | None = None) -> Any:
    """The server's one way to store: code `inputs` into its store under the write lock, as
    `dyadwatch run` would; each stored batch is on the dashboard at once (api/cache.py).
    Returns the run's RunStats."""
    from dyadwatch.runner import run_into_store

    with write_lock:  # one writer at a time; readers keep their own cursors
        stats = run_into_store(list(inputs), state.store, loaded_pipeline(state), stdin=stdin,
                               options=options, on_progress=lambda _: data_changed(state))
        data_changed(state)  # the merge after the last batch
    return stats


class Poller:
    """A daemon thread that calls `poll` every `interval` seconds until stopped; a failed
    round is logged and the next one tried."""

    name = "poll"

    def __init__(self, state: Any, interval: float, write_lock: Any) -> None:
        self.state = state  # the app's state: .store, and .pipeline once loaded
        self.interval = interval
        self.write_lock = write_lock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"dyadwatch-{self.name}",
                                        daemon=True)

    def start(self) -> None:
        """Load the pipeline (so the first input is coded without that wait), then poll."""
        loaded_pipeline(self.state)
        log.info("%s every %.1f s", self, self.interval)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def poll(self) -> None:
        raise NotImplementedError

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:
                log.exception("%s failed this round; trying again", self)
            self._stop.wait(self.interval)

    def store(self, inputs: Sequence[str], options: IngestOptions | None = None) -> Any:
        return store_inputs(self.state, self.write_lock, inputs, options=options)


class FolderWatcher(Poller):
    name = "watch"

    def __init__(self, state: Any, folder: Path, interval: float, write_lock: Any) -> None:
        super().__init__(state, interval, write_lock)
        self.folder = folder
        self.stored: dict[Path, FileState] = {}  # what was handed to the store, as it was
        self.pending: dict[Path, FileState] = {}  # seen once, waiting to hold still

    def __str__(self) -> str:
        return f"watching {self.folder}"

    def poll(self) -> None:
        ready = self.ready_files()
        if not ready:
            return
        stats = self.store([str(p) for p in ready])
        for p in ready:
            try:
                stat = p.stat()
                self.stored[p] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                pass
        log.info("stored %d new documents (%d events) from %d file(s) in %s",
                 stats.stored, stats.events, len(ready), self.folder)

    def ready_files(self) -> list[Path]:
        """New or changed files whose size and time held still since the last poll."""
        ready = []
        for path in sorted(self.folder.rglob("*")):
            kind = kind_for_name(path.name)
            if kind is None or kind == "urls" or not path.is_file():
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # removed between listing and looking
            now = (stat.st_size, stat.st_mtime_ns)
            if self.stored.get(path) == now:
                continue
            if self.pending.get(path) == now:
                ready.append(path)
                self.pending.pop(path)
            else:
                self.pending[path] = now
        return ready


def listed_urls(path: Path) -> list[str]:
    """The URLs of a feeds file: one per line, blank lines and '#' comments skipped.

    Raises ValueError naming the file and line of anything else, or when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the feeds file {path}: {exc}") from None
    urls = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise ValueError(f"{path}:{lineno}: not an http(s) URL: {line[:100]!r}")
        urls.append(line)
    return urls


class FeedPoller(Poller):
    """Fetch every URL of a feeds file each round (re-read, so edits count); new items stored."""

    name = "feeds"

    def __init__(self, state: Any, feeds: Path, interval: float, write_lock: Any,
                 options: IngestOptions | None = None) -> None:
        super().__init__(state, interval, write_lock)
        self.feeds = feeds
        self.options = options

    def __str__(self) -> str:
        return f"polling the feeds listed in {self.feeds}"

    def poll(self) -> None:
        try:
            urls = listed_urls(self.feeds)
        except ValueError as exc:
            log.warning("%s; trying again in %.0f s", exc, self.interval)
            return
        stats = self.store(urls, self.options)
        log.info("stored %d new documents (%d events) from %d feed(s) of %s", stats.stored,
                 stats.events, len(urls), self.feeds)
