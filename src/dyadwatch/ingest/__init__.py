"""Ingest stage: turn inputs (files, directories, URLs, feeds, web archives, stdin JSON Lines)
into RawDocuments.

Readers never raise on a bad document: they yield a RawDocument with `error` set, so that one bad
file never stops a run and the error is recorded next to the good documents.

    files.py     walks inputs, picks the reader by suffix     dispatch.py  ... or by content
    text.py      .txt, .html                                  records.py   .jsonl, .csv (FieldMap)
    feeds.py     RSS/Atom (feedparser)                        warc.py      .warc, .warc.gz (warcio)
    web.py       URLs and .urls lists, fetched politely (httpx, robots.txt, rate limit, retries)
"""

from dyadwatch.ingest.base import FetchOptions, FieldMap, IngestOptions, content_hash
from dyadwatch.ingest.files import iter_inputs, read_jsonl_stream

__all__ = ["FetchOptions", "FieldMap", "IngestOptions", "content_hash", "iter_inputs",
           "read_jsonl_stream"]
