"""Inputs to documents: files (by suffix), directories (recursive, sorted), URLs and '-'.

Each reader kind lives in its own module (text, records, feeds, warc, web); this module
only walks the inputs and hands each one to its reader."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from dyadwatch.ingest.base import (
    MAX_BYTES,
    IngestOptions,
    content_hash,
    decode_bytes,
    error_doc,
    is_url,
)
from dyadwatch.ingest.dispatch import SUFFIX_KINDS, kind_for_name, read_payload
from dyadwatch.ingest.records import read_csv_stream, read_jsonl_stream, record_to_raw
from dyadwatch.ingest.warc import read_warc_stream
from dyadwatch.records import RawDocument

if TYPE_CHECKING:
    from dyadwatch.ingest.web import PoliteFetcher

SUPPORTED_SUFFIXES = set(SUFFIX_KINDS)
JSONL_SUFFIXES = {s for s, kind in SUFFIX_KINDS.items() if kind == "jsonl"}
# Record files are streamed: the size limit applies per record, not to the whole file.
_STREAMED_KINDS = {"jsonl", "warc"}

__all__ = ["JSONL_SUFFIXES", "MAX_BYTES", "SUPPORTED_SUFFIXES", "content_hash", "decode_bytes",
           "iter_inputs", "read_file", "read_jsonl_stream", "record_to_raw"]


def iter_inputs(paths: Iterable[str | Path], stdin: IO[str] | None = None,
                max_bytes: int | None = None,
                options: IngestOptions | None = None) -> Iterator[RawDocument]:
    """Yield RawDocuments for each input: a file, a directory (recursive, sorted by path), an
    http(s) URL (a page, feed or WARC archive) or '-' (JSON Lines on stdin)."""
    from dataclasses import replace

    options = options or IngestOptions()
    if max_bytes is not None:
        options = replace(options, max_bytes=max_bytes)
    fetcher = None
    try:
        for path in paths:
            text = str(path)
            if text == "-":
                if stdin is None:
                    raise ValueError("'-' given but no stdin stream passed")
                yield from read_jsonl_stream(stdin, "<stdin>", options.fields, options.max_bytes)
            elif is_url(text) or kind_for_name(text) == "urls":
                fetcher = fetcher or _new_fetcher(options)
                yield from _read_web_input(text, fetcher)
            elif Path(text).is_dir():
                for child in sorted(Path(text).rglob("*")):
                    kind = kind_for_name(child.name)
                    if child.is_file() and kind is not None and kind != "urls":
                        yield from read_file(child, options)
            elif Path(text).exists():
                yield from read_file(Path(text), options)
            else:
                yield error_doc(text, "no such file or directory")
    finally:
        if fetcher is not None:
            fetcher.close()


def path_text(path: Path | str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 (a Latin-1 name on a
    UTF-8 system) are written as escapes, caf\\xe9.txt, instead of failing to store."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_file(path: Path, options: IngestOptions | int | None = None) -> Iterator[RawDocument]:
    """Documents of one file, read by the reader its suffix names."""
    if not isinstance(options, IngestOptions):
        options = IngestOptions(max_bytes=options or MAX_BYTES)
    source = path_text(path)
    kind = kind_for_name(path.name)
    if kind is None:
        yield error_doc(source, f"unsupported file type {path.suffix.lower() or '(none)'}; "
                                f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield error_doc(source, "file is empty")
            return
        if kind in _STREAMED_KINDS or (kind == "csv" and size > options.max_bytes):
            yield from _read_streamed(path, kind, options)
            return
        if size > options.max_bytes:
            yield error_doc(source, f"file is {size:,} bytes, over the "
                                    f"{options.max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield error_doc(source, f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_payload(kind, data, source, path_text(path.stem), options)


def _read_streamed(path: Path, kind: str, options: IngestOptions) -> Iterator[RawDocument]:
    source = path_text(path)
    if kind == "warc":
        with path.open("rb") as fh:
            yield from read_warc_stream(fh, source, options.max_bytes)
        return
    with path.open(encoding="utf-8-sig", errors="replace", newline="" if kind == "csv" else None) \
            as fh:
        if kind == "csv":
            yield from read_csv_stream(fh, source, options.fields, options.max_bytes)
        else:
            yield from read_jsonl_stream(fh, source, options.fields, options.max_bytes)


def _new_fetcher(options: IngestOptions) -> PoliteFetcher:
    from dyadwatch.ingest.web import PoliteFetcher  # httpx only when a URL is given

    return PoliteFetcher(options)


def _read_web_input(text: str, fetcher: PoliteFetcher) -> Iterator[RawDocument]:
    from dyadwatch.ingest.web import read_url, read_url_list

    if is_url(text):
        yield from read_url(text, fetcher)
        return
    path = Path(text)
    try:
        size = path.stat().st_size
        if size > fetcher.options.max_bytes:
            yield error_doc(text, f"file is {size:,} bytes, over the "
                                  f"{fetcher.options.max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield error_doc(text, f"cannot read file: {exc.strerror or exc}")
        return
    lines, problem = decode_bytes(data)
    if problem:
        yield error_doc(text, problem)
        return
    yield from read_url_list(lines.splitlines(), text, fetcher)
