"""Which reader reads an input: by file suffix, by HTTP Content-Type, or by the first bytes."""

from __future__ import annotations

import io
from collections.abc import Iterator

from dyadwatch.ingest.base import IngestOptions
from dyadwatch.ingest.feeds import read_feed
from dyadwatch.ingest.records import read_csv_bytes, read_jsonl_stream
from dyadwatch.ingest.text import read_text_or_html
from dyadwatch.ingest.warc import read_warc_stream
from dyadwatch.records import RawDocument

# reader kind by file suffix; ".warc.gz" is matched on the whole name
SUFFIX_KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".warc.gz": "warc",
    ".urls": "urls",
}
_CONTENT_TYPE_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed",
    "application/warc": "warc", "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl", "text/csv": "csv",
}


def kind_for_name(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".warc.gz"):
        return "warc"
    dot = lowered.rfind(".")
    return SUFFIX_KINDS.get(lowered[dot:]) if dot > lowered.rfind("/") else None


def sniff_kind(data: bytes, content_type: str | None, url: str) -> str:
    """The reader for a fetched payload: the URL's suffix, the payload's own signature, then
    the server's Content-Type (servers often label feeds and archives wrongly)."""
    by_name = kind_for_name(url.split("?", 1)[0].split("#", 1)[0])
    if by_name and by_name != "urls":
        return by_name
    head = data[:1024].lstrip().lower()
    if head.startswith(b"warc/") or (data[:2] == b"\x1f\x8b" and "warc" in url.lower()):
        return "warc"
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<rss", b"<feed")):
        return "feed"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return _CONTENT_TYPE_KINDS.get(mime, "html" if b"<html" in head else "text")


def read_payload(kind: str, data: bytes, source: str, doc_id: str, options: IngestOptions,
                 url: str | None = None, charset: str | None = None) -> Iterator[RawDocument]:
    """Documents from the bytes of one file or fetched URL, read as `kind`."""
    if kind == "jsonl":
        text = data.decode("utf-8-sig", "replace")
        yield from read_jsonl_stream(io.StringIO(text), source, options.fields, options.max_bytes)
    elif kind == "csv":
        yield from read_csv_bytes(data, source, options.fields, options.max_bytes)
    elif kind == "feed":
        yield from read_feed(data, source)
    elif kind == "warc":
        yield from read_warc_stream(io.BytesIO(data), source, options.max_bytes)
    else:
        media_type = "text/html" if kind == "html" else "text/plain"
        yield from read_text_or_html(data, source, doc_id, media_type, url=url, charset=charset)
