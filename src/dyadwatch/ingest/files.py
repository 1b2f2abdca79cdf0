"""Readers for files, directories and JSON Lines streams."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from dyadwatch.records import RawDocument

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def iter_inputs(paths: Iterable[str | Path], stdin: IO[str] | None = None,
                max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    """Yield RawDocuments for each input: a file, a directory (recursive, sorted by path) or '-'."""
    for path in paths:
        if str(path) == "-":
            if stdin is None:
                raise ValueError("'-' given but no stdin stream passed")
            yield from read_jsonl_stream(stdin, source="<stdin>")
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield from read_file(child, max_bytes)
        elif p.exists():
            yield from read_file(p, max_bytes)
        else:
            yield _error_doc(str(p), "no such file or directory")


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield _error_doc(source, f"unsupported file type {suffix or '(none)'}; "
                         f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _error_doc(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _error_doc(source, f"cannot read file: {exc.strerror or exc}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_stream(data.decode("utf-8-sig", "replace").splitlines(), source)
        return
    text, problem = decode_bytes(data)
    if problem:
        yield _error_doc(source, problem)
        return
    media_type = "text/html" if suffix in HTML_SUFFIXES else "text/plain"
    yield RawDocument(doc_id=path.stem, source=source, media_type=media_type, content=text,
                      content_hash=content_hash(text))


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a file's bytes: UTF-8 first, then a detected legacy encoding (EUC-KR/CP949 ...).

    Returns (text, problem); problem is set for empty or binary input."""
    if not data.strip():
        return "", "file is empty"
    if b"\x00" in data[:4096]:
        return "", "file looks binary (contains NUL bytes), not text or HTML"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return "", "cannot detect the text encoding (not UTF-8 and no legacy encoding fits)"
    return str(best), None


def read_jsonl_stream(lines: Iterable[str], source: str) -> Iterator[RawDocument]:
    """Each line: {"id", "text"} plus optional "title", "date", "url", "outlet", "html"."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error_doc(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield _error_doc(where, "JSON line is not an object")
            continue
        yield record_to_raw(record, where)


def record_to_raw(record: dict[str, Any], where: str) -> RawDocument:
    doc_id = str(record.get("id") or where)
    html = record.get("html")
    text = record.get("text")
    if isinstance(html, str) and html.strip():
        content, media_type = html, "text/html"
    elif isinstance(text, str):
        content, media_type = text, "text/plain"
    else:
        return _error_doc(where, 'record has neither a "text" nor an "html" string', doc_id)
    return RawDocument(
        doc_id=doc_id,
        source=where,
        media_type=media_type,
        content=content,
        content_hash=content_hash(content),
        title=_opt_str(record.get("title")),
        date=_opt_str(record.get("date")),
        url=_opt_str(record.get("url")),
        outlet=_opt_str(record.get("outlet")),
    )


def _opt_str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _error_doc(source: str, problem: str, doc_id: str | None = None) -> RawDocument:
    return RawDocument(doc_id=doc_id or source, source=source, media_type="text/plain",
                       content="", content_hash=content_hash(f"error:{source}:{problem}"),
                       error=problem)
