"""Fuzz every reader with random bytes and random HTML (hypothesis): no crash, and every
document either has text or ends as a recorded error in the store."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.clean import clean_document
from dyadwatch.ingest import iter_inputs
from dyadwatch.ingest.dispatch import SUFFIX_KINDS
from dyadwatch.ingest.records import read_jsonl_stream
from dyadwatch.ingest.warc import read_warc_stream
from dyadwatch.records import CodedDocument, Document
from dyadwatch.store import Store

# every reader reachable from a file name; .urls is fuzzed with lines that are never fetched
FILE_SUFFIXES = sorted(s for s in SUFFIX_KINDS if s != ".urls")
TAGS = ["html", "head", "body", "title", "meta", "p", "div", "article", "nav", "script",
        "style", "h1", "a", "br", "table", "td", "rss", "item", "feed", "entry", "![CDATA["]
# 25 inputs per reader in the test suite; a long fuzz run sets DYADWATCH_FUZZ_EXAMPLES.
FUZZ = settings(max_examples=int(os.environ.get("DYADWATCH_FUZZ_EXAMPLES", "25")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def random_html(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(['<meta charset="euc-kr">', '<?xml version="1.0"?>', "&amp;", "&#0;",
                         "<!--", "-->", '<meta property="article:published_time" '
                         'content="2099-99-99">', "[email protected]", "ⓒ", "WARC/1.0\r\n"]),
        st.text(max_size=40)), max_size=30))
    html = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp949", "latin-1"]))
    return html.encode(encoding, "replace")


def check(documents: list[Document]) -> None:
    """Every document has text or an error; all of them can be stored."""
    for doc in documents:
        assert doc.error or doc.text.strip(), doc
        assert doc.error is None or isinstance(doc.error, str) and doc.error
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "f.duckdb") as store:
        store.write_batch([CodedDocument(document=d) for d in documents])
        stored = store.count("documents") + store.count("errors")
        assert stored == len({d.content_hash for d in documents})


def read_as(data: bytes, suffix: str) -> list[Document]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        return [clean_document(raw) for raw in iter_inputs([path], max_bytes=200_000)]


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(FILE_SUFFIXES))
def test_random_bytes_in_every_reader(data: bytes, suffix: str) -> None:
    check(read_as(data, suffix))


@FUZZ
@given(data=random_html(), suffix=st.sampled_from(FILE_SUFFIXES))
def test_random_html_in_every_reader(data: bytes, suffix: str) -> None:
    check(read_as(data, suffix))


@FUZZ
@given(lines=st.lists(st.text(max_size=200), max_size=10))
def test_random_lines_on_stdin_and_in_url_lists(lines: list[str]) -> None:
    text = "\n".join(lines)
    check([clean_document(r) for r in read_jsonl_stream(io.StringIO(text), "<stdin>")])
    # URL lists: lines that are not http(s) URLs are errors and nothing is fetched
    safe = "\n".join(line for line in lines if "http" not in line.lower())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.urls"
        path.write_text(safe, encoding="utf-8", errors="replace")
        check([clean_document(r) for r in iter_inputs([path])])


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_after_a_warc_header(data: bytes) -> None:
    stream = io.BytesIO(b"WARC/1.0\r\nWARC-Type: response\r\n" + data)
    check([clean_document(raw) for raw in read_warc_stream(stream, "fuzz.warc")])
