"""`create_app`: the FastAPI application behind `dyadwatch serve` — the JSON API under /api
(OpenAPI at /api/openapi.json, browsable at /api/docs) and the dashboard pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyadwatch import __version__
from dyadwatch.api.cache import ResponseCache
from dyadwatch.api.routes import router, write_router
from dyadwatch.errors import StoreError
from dyadwatch.store import Store
from dyadwatch.store.queries import missing_tables

# Everything the pages load comes from this server: no CDN, no inline script. A document's
# text is escaped by the templates; this policy is the second line of defence.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'")

DESCRIPTION = """Events, dyads, actors, quotes and documents of a dyadwatch database.

Lists are paginated (`limit`, `offset`, and `total` in the answer). Invalid parameters give
422 with the parameter and the problem; unknown items give 404. The server is read-only unless
started with `dyadwatch serve --writable`, which adds `POST /api/documents`."""


def open_store(db: str | Path, writable: bool = False) -> Store:
    """Open an existing dyadwatch database; read-only unless `writable`."""
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"no database at {path}; create one with: dyadwatch run INPUT ... "
                         f"--db {path}")
    store = Store(path, read_only=not writable)
    missing = missing_tables(store.con)
    if missing:
        store.close()
        raise StoreError(f"{path} is not a dyadwatch database (missing: {', '.join(missing)})")
    return store


# Host headers the server answers by default: a page on another site that points a DNS name it
# controls at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")


class HeadAsGet:
    """Answer HEAD as GET without the body (FastAPI routes declare GET only)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(db: str | Path, writable: bool = False,
               allowed_hosts: Sequence[str] = (), watch: str | Path | None = None,
               interval: float = 2.0, feeds: str | Path | None = None,
               feed_interval: float = 600.0) -> FastAPI:
    """The dashboard and API over the database at `db`.

    Args:
        db: a DuckDB file written by `dyadwatch run`.
        writable: open it read-write and accept `POST /api/documents`.
        allowed_hosts: Host header names answered besides localhost and 127.0.0.1 (the bind
            address, a machine's name); requests naming any other host get 400.
        watch: a folder whose arriving news files are stored while serving (api/watch.py,
            every `interval` seconds); implies `writable`.
        feeds: a file listing feed (or page) URLs, one per line, fetched every
            `feed_interval` seconds and their new items stored; implies `writable`.
    RETURNS (FastAPI): the ASGI application; the database closes when it shuts down.
    """
    from dyadwatch.api.watch import listed_urls
    from dyadwatch.web.pages import router as pages_router

    writable = writable or watch is not None or feeds is not None
    if watch is not None and not Path(watch).is_dir():
        raise StoreError(f"cannot watch {watch}: no such folder")
    if feeds is not None:
        try:
            if not listed_urls(Path(feeds)):
                raise StoreError(f"the feeds file {feeds} lists no URL")
        except ValueError as exc:
            raise StoreError(str(exc)) from None
    open_store(db, writable).close()  # fail now, with a clear message, not on first request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Opened per server run (an ASGI host may start and stop the app more than once).
        from dyadwatch.api.routes import write_lock
        from dyadwatch.api.watch import FeedPoller, FolderWatcher, Poller

        app.state.store = open_store(db, writable)
        pollers: list[Poller] = []
        if watch is not None:
            pollers.append(FolderWatcher(app.state, Path(watch), interval, write_lock))
        if feeds is not None:
            pollers.append(FeedPoller(app.state, Path(feeds), feed_interval, write_lock))
        for poller in pollers:
            poller.start()
        yield
        for poller in pollers:
            poller.stop()
        app.state.store.close()

    app = FastAPI(title="dyadwatch", version=__version__, description=DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan)
    app.state.writable = writable
    app.state.data_version = 0  # api/cache.py: bumped by every write, drops cached answers
    app.state.db_name = Path(db).name
    app.include_router(router, prefix="/api")
    if writable:
        app.include_router(write_router, prefix="/api")
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(packages=[("dyadwatch.web", "static")]), name="static")

    @app.middleware("http")
    async def security_headers(request: Request,
                               call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    app.add_middleware(ResponseCache)  # inside HeadAsGet: HEAD is answered from it too
    app.add_middleware(HeadAsGet)
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=list(dict.fromkeys([*LOCAL_HOSTS, *allowed_hosts])))
    return app
