"""Response cache of `dyadwatch serve`: each GET answer is computed once per state of the data.

Reads: the app's `data_version` (bumped by `data_changed` after every write this process makes:
`POST /api/documents`, `serve --watch`). Writes: nothing but its own memory.

Why a cache at all: the overview, the dyad table and the actor pages aggregate every event;
at 100k events one of them costs 100-300 ms of CPU, and 20 dashboard users asking at once queue
behind each other on a laptop's two cores. The data changes only through this process (a DuckDB
file another process writes cannot be open here at the same time), so an answer stays right
until `data_changed` is called: then every entry is dropped and recomputed on demand.

Concurrent requests for the same URL wait for the first one's answer instead of all computing
it (single flight). Only 200 answers are kept, at most MAX_ENTRIES and MAX_BYTES of bodies.
Each answer says whether it came from the cache (`X-Cache: hit` or `miss`).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

MAX_ENTRIES = 2048
MAX_BYTES = 64 * 1024 * 1024
# Paths never cached: static files carry their own HTTP caching; the write route is a POST.
UNCACHED_PREFIXES = ("/static/",)
HIT, MISS = (b"x-cache", b"hit"), (b"x-cache", b"miss")


def data_changed(state: Any) -> None:
    """Call after storing anything: cached answers are stale from now on."""
    state.data_version = getattr(state, "data_version", 0) + 1


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware: GET answers kept per (path, query string) until the data changes."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.entries: OrderedDict[tuple[str, bytes], CachedResponse] = OrderedDict()
        self.size = 0
        self.version: int | None = None
        self.in_flight: dict[tuple[str, bytes], asyncio.Event] = {}
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith(UNCACHED_PREFIXES)):
            await self.app(scope, receive, send)
            return
        self._drop_if_stale(scope["app"].state)
        key = (scope["path"], scope.get("query_string", b""))
        while key in self.in_flight:  # someone is computing this answer: wait for it
            await self.in_flight[key].wait()
        cached = self.entries.get(key)
        if cached is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._replay(cached, send)
            return
        self.misses += 1
        version = self.version
        done = self.in_flight[key] = asyncio.Event()
        try:
            response = await self._compute(scope, receive, send)
            if response is not None and self.version == version:
                self._keep(key, response)
        finally:
            del self.in_flight[key]
            done.set()

    def _drop_if_stale(self, state: Any) -> None:
        version = getattr(state, "data_version", 0)
        if version != self.version:
            self.entries.clear()
            self.size = 0
            self.version = version

    async def _compute(self, scope: Any, receive: Any, send: Any) -> CachedResponse | None:
        """Run the app, passing its answer through, and return it when it can be kept."""
        start: dict[str, Any] = {}
        body = bytearray()
        keep = True

        async def capture(message: dict[str, Any]) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), MISS]}
            elif message["type"] == "http.response.body" and keep:
                body.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if not keep or not start:
            return None
        return CachedResponse(start["status"], list(start.get("headers", [])), bytes(body))

    def _keep(self, key: tuple[str, bytes], response: CachedResponse) -> None:
        if len(response.body) > MAX_BYTES // 8:
            return  # one huge answer must not push everything else out
        self.entries[key] = response
        self.size += len(response.body)
        while len(self.entries) > MAX_ENTRIES or self.size > MAX_BYTES:
            _, old = self.entries.popitem(last=False)
            self.size -= len(old.body)

    @staticmethod
    async def _replay(cached: CachedResponse, send: Any) -> None:
        await send({"type": "http.response.start", "status": cached.status,
                    "headers": [*cached.headers, HIT]})
        await send({"type": "http.response.body", "body": cached.body})
