"""`dyadwatch serve --watch DIR`: store the news files that arrive in a folder while the dashboard
serves them, in the one process that holds the database's writer.

Reads: files of a supported kind under DIR (recursively). Writes: the server's store, through
`run_into_store`, as `dyadwatch run` would (documents already stored are skipped by content
hash, so a restart after a crash stores nothing twice). A file is taken once its size and
modification time held still for one polling interval: a file still being copied in waits."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from dyadwatch.ingest.dispatch import kind_for_name

log = logging.getLogger(__name__)

FileState = tuple[int, int]  # size, modification time (ns)


class FolderWatcher:
    def __init__(self, state: Any, folder: Path, interval: float, write_lock: Any) -> None:
        self.state = state  # the app's state: .store, and .pipeline once loaded
        self.folder = folder
        self.interval = interval
        self.write_lock = write_lock
        self.stored: dict[Path, FileState] = {}  # what was handed to the store, as it was
        self.pending: dict[Path, FileState] = {}  # seen once, waiting to hold still
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="dyadwatch-watch", daemon=True)

    def start(self) -> None:
        """Load the pipeline (so the first file is coded without that wait), then poll."""
        if getattr(self.state, "pipeline", None) is None:
            from dyadwatch.pipeline import Pipeline

            self.state.pipeline = Pipeline.create()
        log.info("watching %s every %.1f s", self.folder, self.interval)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ready = self.ready_files()
                if ready:
                    self._store(ready)
            except Exception:
                log.exception("watching %s failed this round; trying again", self.folder)
            self._stop.wait(self.interval)

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

    def _store(self, paths: list[Path]) -> None:
        from dyadwatch.runner import run_into_store

        with self.write_lock:  # the API's POST /api/documents writes under the same lock
            stats = run_into_store([str(p) for p in paths], self.state.store,
                                   self.state.pipeline)
        for p in paths:
            try:
                stat = p.stat()
                self.stored[p] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                pass
        log.info("stored %d new documents (%d events) from %d file(s) in %s",
                    stats.stored, stats.events, len(paths), self.folder)
