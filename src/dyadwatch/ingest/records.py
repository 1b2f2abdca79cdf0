"""JSON Lines and CSV: one document per record, with configurable field names (FieldMap).

Both are streamed, so a corpus file may be far larger than the per-document size limit; the
limit applies to each record instead."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from dyadwatch.ingest.base import MAX_BYTES, FieldMap, content_hash, decode_bytes, error_doc
from dyadwatch.records import RawDocument


def read_jsonl_stream(lines: Iterable[str], source: str, fields: FieldMap | None = None,
                      max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    """Each line: {"id", "text"} plus optional "title", "date", "url", "outlet", "html"
    (or the names given in `fields`)."""
    fields = fields or FieldMap()
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        if len(line) > max_bytes:
            yield error_doc(where, f"JSON line is {len(line):,} characters, over the "
                                   f"{max_bytes:,}-byte limit")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield error_doc(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield error_doc(where, "malformed JSON line (nested too deeply)")
            continue
        if not isinstance(record, dict):
            yield error_doc(where, "JSON line is not an object")
            continue
        yield record_to_raw(record, where, fields)


def read_csv_stream(stream: IO[str], source: str, fields: FieldMap | None = None,
                    max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    """A CSV file with a header row; each row is a record named by `fields`."""
    fields = fields or FieldMap()
    csv.field_size_limit(max(max_bytes, 131072))
    try:
        reader = csv.DictReader(stream)
        header = reader.fieldnames
    except (csv.Error, UnicodeDecodeError) as exc:
        yield error_doc(source, f"unreadable CSV header ({exc})")
        return
    if not header:
        yield error_doc(source, "file is empty")
        return
    if fields.text not in header and fields.html not in header:
        yield error_doc(source, f'CSV header has no "{fields.text}" or "{fields.html}" column '
                                f"(columns: {', '.join(h for h in header if h)[:200]}); "
                                f"name the text column with --field text=COLUMN")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield error_doc(f"{source}:{reader.line_num}", f"malformed CSV row ({exc})")
            return  # the csv module cannot resynchronise after a broken quote
        where = f"{source}:{reader.line_num}"
        if _swallowed_by_an_open_quote(row):
            yield error_doc(where, "a quoted field never closes: it runs to the end of the file, "
                                   "so this row and every row after it were not read (close "
                                   "the quote and run again)")
            return
        if sum(len(v) for v in row.values() if isinstance(v, str)) > max_bytes:
            yield error_doc(where, f"CSV row is over the {max_bytes:,}-byte limit")
            continue
        yield record_to_raw({k: v for k, v in row.items() if isinstance(k, str)}, where, fields)


def _swallowed_by_an_open_quote(row: dict[Any, Any]) -> bool:
    """Python's csv reads an unclosed quote to the end of the file without a word: the row
    then lacks its later columns and one field holds the following lines, delimiters and all."""
    short = any(v is None for v in row.values())
    return short and any(isinstance(v, str) and "\n" in v and "," in v for v in row.values())


def read_csv_bytes(data: bytes, source: str, fields: FieldMap | None = None,
                   max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    text, problem = decode_bytes(data)
    if problem:
        yield error_doc(source, problem)
        return
    yield from read_csv_stream(io.StringIO(text, newline=""), source, fields, max_bytes)


def record_to_raw(record: dict[str, Any], where: str,
                  fields: FieldMap | None = None) -> RawDocument:
    """A RawDocument from one JSON/CSV record; a record without text is an error record."""
    f = fields or FieldMap()
    doc_id = str(record.get(f.id) or where)
    html = record.get(f.html)
    text = record.get(f.text)
    if isinstance(html, str) and html.strip():
        content, media_type = html, "text/html"
    elif isinstance(text, str):
        content, media_type = text, "text/plain"
    else:
        return error_doc(where, f'record has neither a "{f.text}" nor an "{f.html}" string',
                         doc_id)
    return RawDocument(
        doc_id=doc_id,
        source=where,
        media_type=media_type,
        content=content,
        content_hash=content_hash(content),
        title=_opt_str(record.get(f.title)),
        date=_opt_str(record.get(f.date)),
        url=_opt_str(record.get(f.url)),
        outlet=_opt_str(record.get(f.outlet)),
    )


def _opt_str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
