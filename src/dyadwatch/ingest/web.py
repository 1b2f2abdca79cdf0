"""URLs fetched politely (httpx): a User-Agent that names us, robots.txt respected, a minimum
delay between requests to one host (longer if robots.txt asks), timeouts, and retries with
back-off for timeouts, connection errors, 429 and 5xx. A URL that cannot be fetched becomes an
error record; the run goes on."""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from dyadwatch.ingest.base import IngestOptions, error_doc, is_url
from dyadwatch.ingest.dispatch import read_payload, sniff_kind
from dyadwatch.records import RawDocument

_RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_BACKOFF_S = 30.0


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    data: bytes
    content_type: str | None
    charset: str | None


class FetchError(Exception):
    """A URL could not be fetched; the message says why."""


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


class PoliteFetcher:
    """One fetcher per run: it remembers each host's robots.txt and when it was last asked.

    `clock` and `sleep` are injectable so that the rate limit can be checked without waiting."""

    def __init__(self, options: IngestOptions, client: httpx.Client | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.fetch_options = options.fetch
        self.client = client or httpx.Client(
            headers={"User-Agent": options.fetch.user_agent},
            timeout=httpx.Timeout(options.fetch.timeout), follow_redirects=True)
        self.clock = clock
        self.sleep = sleep
        self._last_request: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched:
        """GET one URL, or raise FetchError naming the reason."""
        if not is_url(url) or not _host(url):
            raise FetchError("not an http(s) URL")
        if self.fetch_options.respect_robots:
            self._check_robots(url)
        fetched = self._get(url)
        if fetched.status >= 400:
            raise FetchError(f"HTTP {fetched.status}")
        return fetched

    # -- robots.txt --------------------------------------------------------------------------
    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
        if isinstance(rules, str):  # robots.txt could not be read: RFC 9309 says stay away
            raise FetchError(rules)
        if not rules.can_fetch(self.fetch_options.user_agent, url):
            raise FetchError(f"robots.txt of {origin} disallows this URL for our User-Agent")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = self._get(f"{origin}/robots.txt")
        except FetchError as exc:
            return f"robots.txt of {origin} could not be read ({exc}); not fetching"
        if fetched.status >= 400:
            parser.allow_all = True  # no robots.txt: everything is allowed
            return parser
        parser.parse(fetched.data.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.fetch_options.user_agent)
        if delay:
            self._host_delay[urlsplit(origin).netloc] = float(delay)
        return parser

    # -- HTTP ---------------------------------------------------------------------------------
    def _get(self, url: str) -> Fetched:
        """GET with retries; a final 4xx comes back as a status, exhaustion raises."""
        attempts = self.fetch_options.retries + 1
        problem = "no attempt made"
        for attempt in range(attempts):
            if attempt:
                self.sleep(min(MAX_BACKOFF_S, self.fetch_options.delay * 2 ** attempt))
            self._wait_turn(urlsplit(url).netloc)
            try:
                fetched = self._get_once(url)
            except httpx.TimeoutException:
                problem = f"timed out after {self.fetch_options.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
                continue
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                raise FetchError(f"bad URL or response ({type(exc).__name__}: {exc})") from exc
            if fetched.status not in _RETRY_STATUSES:
                return fetched
            problem = f"HTTP {fetched.status}"
        raise FetchError(problem + (f" ({attempts} attempts)" if attempts > 1 else ""))

    def _get_once(self, url: str) -> Fetched:
        limit = self.options.max_bytes
        with self.client.stream("GET", url) as response:
            if response.status_code >= 400:
                return Fetched(str(response.url), response.status_code, b"", None, None)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"response is {int(declared):,} bytes, over the "
                                 f"{limit:,}-byte limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response is over the {limit:,}-byte limit")
                chunks.append(chunk)
            return Fetched(str(response.url), response.status_code, b"".join(chunks),
                           response.headers.get("Content-Type"), response.charset_encoding)

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host's minimum delay since our last request to it has passed."""
        delay = max(self.fetch_options.delay, self._host_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()


def read_url(url: str, fetcher: PoliteFetcher) -> Iterator[RawDocument]:
    """Fetch one URL and read it as a page, a feed, a WARC archive ... by what it holds."""
    try:
        fetched = fetcher.fetch(url)
    except FetchError as exc:
        yield error_doc(url, f"cannot fetch URL: {exc}", url=url)
        return
    kind = sniff_kind(fetched.data, fetched.content_type, fetched.url)
    docs = read_payload(kind, fetched.data, url, fetched.url, fetcher.options, url=fetched.url,
                        charset=fetched.charset)
    if kind == "feed" and fetcher.fetch_options.follow_feed_links:
        docs = _follow_feed_links(docs, fetcher)
    yield from docs


def read_url_list(lines: Iterable[str], source: str,
                  fetcher: PoliteFetcher) -> Iterator[RawDocument]:
    """A list of URLs, one per line; blank lines and '#' comments are skipped."""
    for lineno, line in enumerate(lines, start=1):
        url = line.strip().removeprefix("\ufeff")
        if not url or url.startswith("#"):
            continue
        if not is_url(url):
            yield error_doc(f"{source}:{lineno}", f"not an http(s) URL: {url[:100]!r}")
            continue
        yield from read_url(url, fetcher)


def _follow_feed_links(items: Iterable[RawDocument],
                       fetcher: PoliteFetcher) -> Iterator[RawDocument]:
    """Replace each feed item by its page; the feed's title, date and outlet are kept as the
    record's own metadata. An item whose page cannot be fetched stays as its summary."""
    for item in items:
        if item.url is None or not is_url(item.url):
            yield item
            continue
        pages = [p for p in read_url(item.url, fetcher) if p.error is None]
        if len(pages) != 1:
            yield item
            continue
        yield replace(pages[0], doc_id=item.doc_id, title=item.title, date=item.date,
                      outlet=item.outlet)
