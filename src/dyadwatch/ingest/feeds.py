"""RSS and Atom feeds (feedparser): one document per feed item.

An item's full content (content:encoded, Atom <content>) is preferred to its summary; with
FetchOptions.follow_feed_links the item's own page is fetched instead (see ingest.web)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from dyadwatch.clean.pubdate import normalise_date
from dyadwatch.ingest.base import content_hash, error_doc
from dyadwatch.ingest.text import looks_like_markup
from dyadwatch.records import RawDocument


def read_feed(data: bytes, source: str) -> Iterator[RawDocument]:
    import feedparser

    try:
        feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser wraps many parsers; any failure is a bad feed
        yield error_doc(source, f"not a readable RSS/Atom feed ({type(exc).__name__}: {exc})")
        return
    if not feed.entries:
        reason = feed.get("bozo_exception")
        why = f" ({reason})" if reason else ""
        yield error_doc(source, f"not an RSS/Atom feed or a feed with no items{why}")
        return
    outlet = _clean(feed.feed.get("title"))
    for index, entry in enumerate(feed.entries, start=1):
        yield _entry_to_raw(entry, f"{source}#item{index}", outlet)


def _entry_to_raw(entry: Any, where: str, outlet: str | None) -> RawDocument:
    link = _clean(entry.get("link"))
    doc_id = _clean(entry.get("id")) or link or where
    body = _entry_body(entry)
    if body is None:
        return error_doc(where, "feed item has no content or summary", doc_id, url=link)
    return RawDocument(
        doc_id=doc_id, source=where,
        media_type="text/html" if looks_like_markup(body) else "text/plain",
        content=body, content_hash=content_hash(body),
        title=_clean(entry.get("title")), date=entry_date(entry), url=link, outlet=outlet,
    )


def _entry_body(entry: Any) -> str | None:
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None


def entry_date(entry: Any) -> str | None:
    """The item's publication date as the feed writes it (its own time zone), else the
    parsed UTC date; the updated date only when no published date is given."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        iso = normalise_date(raw) if isinstance(raw, str) else None
        if iso:
            return iso
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
