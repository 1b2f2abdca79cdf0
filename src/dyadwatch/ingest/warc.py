"""WARC and WARC.gz web archives (warcio): one document per archived HTML or text page.

Requests, metadata, images and non-2xx responses are not documents and are passed over; a
damaged or truncated archive yields what it holds up to the damage, then an error record. Gzip
archives are inflated here, at most MAX_INFLATION times their size: a decompression bomb stops
with an error, in bounded memory."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import IO, Any

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
    inflated = None
    if head.startswith(b"\x1f\x8b"):  # inflate it here, where its size can be bounded
        size = _size(stream)
        inflated = Inflater(stream, max(MAX_INFLATION * (size or 0), MIN_INFLATED_LIMIT))
        stream = io.BufferedReader(inflated, buffer_size=1 << 16)
    try:
        # Large blocks: warcio grows a long line by concatenation, block by block.
        archive = ArchiveIterator(stream, block_size=1 << 20)
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
        yield error_doc(source, f"truncated or damaged WARC archive: reading stopped after "
                                f"{found} documents ({type(exc).__name__}: {str(exc)[:200]})")
        return
    if inflated is not None and inflated.truncated:  # cut between records
        yield error_doc(source, f"truncated or damaged WARC archive: the gzip data ends before "
                                f"its end marker ({found} documents before the cut were read)")
    elif not found:
        yield error_doc(source, "WARC archive holds no HTML or text pages")


# A gzip archive may inflate to this many times its size (web pages compress 5-10 times), and to
# at least MIN_INFLATED_LIMIT: past that it is a decompression bomb, read no further.
MAX_INFLATION = 100
MIN_INFLATED_LIMIT = 64 * 1024 * 1024


class InflationLimit(ValueError):
    pass


class Inflater(io.RawIOBase):
    """The gzip members of a stream, inflated 1 MB at a time (zlib: Python's gzip module drops
    what it inflated when the data ends early). Raises InflationLimit past `limit` bytes out;
    `truncated` tells that the data ended inside a member."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        super().__init__()
        self.raw, self.limit, self.count = raw, limit, 0
        self.truncated = False
        self._zlib = zlib.decompressobj(31)
        self._started = False  # some input of the current member was read
        self._input = b""
        self._output = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._output:
            self._output = self._inflate()
        n = min(len(buffer), len(self._output))
        buffer[:n] = self._output[:n]
        self._output = self._output[n:]
        return n

    def _inflate(self) -> bytes:
        while True:
            if not self._input:
                self._input = self.raw.read(1 << 16)
                if not self._input:
                    self.truncated = self._started and not self._zlib.eof
                    return b""
            out = self._zlib.decompress(self._input, 1 << 20)
            self._started = True
            self._input = self._zlib.unconsumed_tail
            if self._zlib.eof:  # the next member, if any, starts in the unused data
                self._input = self._zlib.unused_data + self._input
                self._zlib, self._started = zlib.decompressobj(31), False
            if out:
                self.count += len(out)
                if self.count > self.limit:
                    raise InflationLimit(f"it inflates to over {self.limit:,} bytes (over "
                                         f"{MAX_INFLATION} times its size: a decompression "
                                         f"bomb?)")
                return out


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
