"""Plain text and HTML documents: one input, one document."""

from __future__ import annotations

from collections.abc import Iterator

from dyadwatch.ingest.base import content_hash, decode_bytes, error_doc
from dyadwatch.records import RawDocument


def read_text_or_html(data: bytes, source: str, doc_id: str, media_type: str,
                      url: str | None = None, charset: str | None = None) -> Iterator[RawDocument]:
    """One RawDocument from the bytes of a .txt or .html file (or a fetched page)."""
    text, problem = decode_bytes(data, declared=charset)
    if problem:
        yield error_doc(source, problem, url=url)
        return
    if media_type == "text/html" and not looks_like_markup(text):
        media_type = "text/plain"  # a .html file holding plain text is still readable
    yield RawDocument(doc_id=doc_id, source=source, media_type=media_type, content=text,
                      content_hash=content_hash(text), url=url)


def looks_like_markup(text: str) -> bool:
    return "<" in text[:5000] and ">" in text[:5000]
