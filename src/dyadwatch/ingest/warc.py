"""WARC and WARC.gz web archives (warcio): one document per archived HTML or text page.

Requests, metadata, images and non-2xx responses are not documents and are passed over; a
damaged or truncated archive yields what it holds up to the damage, then an error record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from dyadwatch.ingest.base import MAX_BYTES, error_doc
from dyadwatch.ingest.text import read_text_or_html
from dyadwatch.records import RawDocument

_DOCUMENT_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html",
                   "text/plain": "text/plain"}


def read_warc_stream(stream: IO[bytes], source: str,
                     max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    from warcio.archiveiterator import ArchiveIterator

    head = stream.read(4)
    stream.seek(0)
    if not head.startswith((b"WARC", b"\x1f\x8b")):
        yield error_doc(source, "not a WARC archive (it starts with neither a WARC/1.x record "
                                "header nor gzip data)")
        return
    found = 0
    try:
        archive = ArchiveIterator(stream)
        for record in archive:
            if record.rec_type not in ("response", "resource"):
                continue
            media_type, charset = _document_type(record)
            if media_type is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or None
            data = record.content_stream().read(max_bytes + 1)
            where = f"{source}@{archive.get_record_offset()}"
            found += 1
            if len(data) > max_bytes:
                yield error_doc(where, f"archived page is over the {max_bytes:,}-byte limit",
                                uri, url=uri)
                continue
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:  # the archive ends inside this record
                yield error_doc(where, f"truncated or damaged WARC archive: this page's record "
                                       f"lacks its last {missing:,} bytes ({found - 1} documents "
                                       f"before it were read)", uri, url=uri)
                return
            yield from read_text_or_html(data, where, uri or where, media_type, url=uri,
                                         charset=charset)
    except Exception as exc:  # warcio raises several unrelated types on damaged input
        yield error_doc(source, f"damaged or truncated WARC archive after {found} documents "
                                f"({type(exc).__name__}: {str(exc)[:200]})")
        return
    # warcio stops quietly at a record cut short: what it did not reach is what was lost.
    end, size = getattr(archive, "offset", None), _size(stream)
    if end is not None and size is not None and end < size:
        yield error_doc(source, f"truncated or damaged WARC archive: the {size - end:,} bytes "
                                f"after byte {end:,} hold no complete record and were not read "
                                f"({found} documents before them were)")
    elif not found:
        yield error_doc(source, "WARC archive holds no HTML or text pages")


def _size(stream: IO[bytes]) -> int | None:
    """The stream's length when it can seek (files, fetched payloads), else None."""
    try:
        here = stream.tell()
        size = stream.seek(0, 2)
        stream.seek(here)
        return size
    except (OSError, ValueError):
        return None


def _document_type(record: object) -> tuple[str | None, str | None]:
    """(our media type, declared charset) of a WARC record's payload, or (None, None)."""
    http = getattr(record, "http_headers", None)
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None, None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    mime, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return _DOCUMENT_TYPES.get(mime.strip().lower()), charset
