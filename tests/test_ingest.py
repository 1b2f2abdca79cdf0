"""Ingest: files, directories and JSON Lines -> RawDocuments; bad input becomes an error record."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.ingest import iter_inputs, read_jsonl_stream
from dyadwatch.ingest.files import content_hash, decode_bytes, record_to_raw

KOREAN = "북한이 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. 정부는 이를 강력히 규탄했다."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directory_is_read_recursively_and_sorted_by_path(tmp_path: Path) -> None:
    # Created out of order, nested two levels deep; the .md and .pdf files are not documents.
    write(tmp_path / "g.htm", "<html><body><p>Japan criticized China.</p></body></html>")
    write(tmp_path / "f.jsonl", '{"id": "f1", "text": "one"}\n{"id": "f2", "text": "two"}\n')
    write(tmp_path / "b" / "d" / "e.html", "<html><body><p>Seoul met Tokyo.</p></body></html>")
    write(tmp_path / "b" / "c.txt", "Japan met China.\n")
    write(tmp_path / "a.txt", "China met Japan.\n")
    write(tmp_path / "notes.md", "# not a document\n")
    write(tmp_path / "b" / "scan.pdf", "%PDF-1.4\n")

    raws = list(iter_inputs([tmp_path]))

    assert [(r.doc_id, Path(r.source.split(":")[0]).relative_to(tmp_path).as_posix())
            for r in raws] == [
        ("a", "a.txt"),
        ("c", "b/c.txt"),
        ("e", "b/d/e.html"),
        ("f1", "f.jsonl"),
        ("f2", "f.jsonl"),
        ("g", "g.htm"),
    ]
    assert [r.media_type for r in raws] == ["text/plain", "text/plain", "text/html",
                                           "text/plain", "text/plain", "text/html"]
    assert all(r.error is None for r in raws)
    assert raws[1].content == "Japan met China.\n"
    assert raws[1].content_hash == content_hash("Japan met China.\n")


def test_jsonl_sources_name_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "briefs.jsonl",
                 '{"id": "x", "text": "Japan criticized China.", "title": "T", '
                 '"date": "2021-04-05", "url": "https://example.org/x", "outlet": "Wire"}\n'
                 "\n"
                 '{"id": "y", "html": "<p>Seoul met Tokyo.</p>", "text": "ignored"}\n')
    x, y = iter_inputs([path])
    assert (x.doc_id, x.source, x.title, x.date, x.url, x.outlet, x.media_type) == (
        "x", f"{path}:1", "T", "2021-04-05", "https://example.org/x", "Wire", "text/plain")
    assert x.content == "Japan criticized China."
    # A blank line is skipped but still counted, and "html" wins over "text".
    assert (y.doc_id, y.source, y.media_type, y.content) == (
        "y", f"{path}:3", "text/html", "<p>Seoul met Tokyo.</p>")


def test_malformed_jsonl_line_is_an_error_record_and_other_lines_survive(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.jsonl",
                 '{"id": "good-1", "text": "Japan criticized China."}\n'
                 '{"id": "broken", "text": \n'
                 '["not", "an", "object"]\n'
                 '{"id": "no-text"}\n'
                 '{"id": "good-2", "text": "China protested to Japan."}\n')
    raws = list(iter_inputs([path]))
    assert [(r.doc_id, r.source, r.error is None) for r in raws] == [
        ("good-1", f"{path}:1", True),
        (f"{path}:2", f"{path}:2", False),
        (f"{path}:3", f"{path}:3", False),
        ("no-text", f"{path}:4", False),
        ("good-2", f"{path}:5", True),
    ]
    assert raws[1].error.startswith("malformed JSON line")
    assert raws[2].error == "JSON line is not an object"
    assert raws[3].error == 'record has neither a "text" nor an "html" string'
    assert raws[4].content == "China protested to Japan."


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "file is empty"),
    ("blank.html", b"  \n\t\n", "file is empty"),
    ("binary.txt", b"GIF89a\x00\x01\x02\x00\xff", ("file looks binary (contains NUL bytes), "
                                                    "not text or HTML")),
])
def test_unreadable_file_becomes_error_record(tmp_path: Path, name: str, data: bytes,
                                              problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [raw] = iter_inputs([path])
    assert (raw.doc_id, raw.source, raw.error, raw.content) == (str(path), str(path), problem, "")


def test_unsupported_suffix_named_explicitly_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "report.docx", "Japan criticized China.")
    [raw] = iter_inputs([path])
    assert raw.error == ("unsupported file type .docx; expected one of "
                         ".atom, .csv, .htm, .html, .jsonl, .ndjson, .rss, .text, .txt, .urls, "
                         ".warc, .warc.gz, .xhtml, .xml")
    [raw] = iter_inputs([write(tmp_path / "README", "no suffix")])
    assert raw.error.startswith("unsupported file type (none);")


def test_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "Japan criticized China. " * 10)  # 240 bytes
    [raw] = iter_inputs([path], max_bytes=100)
    assert raw.error == "file is 240 bytes, over the 100-byte limit"
    [ok] = iter_inputs([path], max_bytes=240)
    assert ok.error is None and ok.content == "Japan criticized China. " * 10


def test_missing_path_is_an_error_record_and_the_rest_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Japan met China.\n")
    raws = list(iter_inputs([tmp_path / "nope.txt", good]))
    assert [(r.source, r.error) for r in raws] == [
        (str(tmp_path / "nope.txt"), "no such file or directory"), (str(good), None)]


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949"])
def test_legacy_korean_encoded_txt_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = "북한 미사일 발사\n\n" + KOREAN + "\n"
    path = tmp_path / "ko.txt"
    path.write_bytes(text.encode(encoding))
    [raw] = iter_inputs([path])
    assert raw.error is None
    assert raw.content == text


def test_euc_kr_html_is_decoded(tmp_path: Path) -> None:
    html = ('<html><head><meta charset="euc-kr"><title>북한 미사일 발사</title></head>'
            f"<body><article><h1>북한 미사일 발사</h1><p>{KOREAN}</p></article></body></html>")
    path = tmp_path / "ko.html"
    path.write_bytes(html.encode("euc-kr"))
    [raw] = iter_inputs([path])
    assert (raw.error, raw.media_type, raw.content) == (None, "text/html", html)


def test_mixed_english_with_euc_kr_hangul_is_decoded(tmp_path: Path) -> None:
    text = ("Seoul condemns launch\n\nSouth Korea's Joint Chiefs of Staff (합동참모본부) said "
            "North Korea fired a missile. The ministry (국방부) condemned it.\n")
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode("euc-kr"))
    [raw] = iter_inputs([path])
    assert raw.content == text


def test_utf8_bom_is_stripped_from_text_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfJapan criticized China.\n")
    [raw] = iter_inputs([path])
    assert raw.content == "Japan criticized China.\n"


def test_utf8_bom_jsonl_first_record_is_read(tmp_path: Path) -> None:
    """Regression: line 1 used to be 'malformed JSON line (Unexpected UTF-8 BOM ...)'."""
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "b1", "text": "Japan criticized China."}\n'
                     b'{"id": "b2", "text": "China criticized Japan."}\n')
    raws = list(iter_inputs([path]))
    assert [(r.doc_id, r.error) for r in raws] == [("b1", None), ("b2", None)]


def test_decode_bytes_reports_problems() -> None:
    assert decode_bytes(b"") == ("", "file is empty")
    assert decode_bytes("Café".encode()) == ("Café", None)
    assert decode_bytes(b"a\x00b")[1] == "file looks binary (contains NUL bytes), not text or HTML"


def test_stdin_stream_and_dash(tmp_path: Path) -> None:
    stream = io.StringIO('{"id": "s1", "text": "Japan met China."}\n'
                         'garbage\n'
                         '{"id": "s2", "text": "China met Japan.", "date": "2020-02-02"}\n')
    raws = list(iter_inputs(["-"], stdin=stream))
    assert [(r.doc_id, r.source, r.error is None) for r in raws] == [
        ("s1", "<stdin>:1", True), ("<stdin>:2", "<stdin>:2", False), ("s2", "<stdin>:3", True)]
    assert raws[2].date == "2020-02-02"
    with pytest.raises(ValueError, match="no stdin"):
        list(iter_inputs(["-"]))


def test_read_jsonl_stream_and_record_to_raw_keep_metadata() -> None:
    [raw] = read_jsonl_stream([json.dumps({"id": 7, "text": "x", "title": "  ", "date": 5})],
                              "mem")
    # Non-string metadata and blank strings are dropped, ids are strings.
    assert (raw.doc_id, raw.title, raw.date, raw.source) == ("7", None, None, "mem:1")
    raw = record_to_raw({"text": "Japan met China."}, "<record 0>")
    assert (raw.doc_id, raw.error) == ("<record 0>", None)


def test_same_content_has_same_hash_and_error_hashes_differ(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "Japan met China.\n")
    b = write(tmp_path / "sub" / "b.txt", "Japan met China.\n")
    ra, rb = iter_inputs([a, b])
    assert ra.content_hash == rb.content_hash
    e1, e2 = iter_inputs([tmp_path / "x.txt", tmp_path / "y.txt"])
    assert e1.content_hash != e2.content_hash


def test_a_document_over_a_million_characters_is_coded(run_cli: Any, tmp_path: Path) -> None:
    """spaCy refuses texts over nlp.max_length (E088); only runs of sentences are parsed, so a
    book-length document is coded like any other and the run goes on."""
    filler = "The weather was calm and the markets were quiet that week. " * 18_000
    records = [{"id": "long", "date": "2024-01-02",
                "text": "North Korea fired a missile toward Japan on Monday.\n\n" + filler},
               {"id": "short", "text": "Chile criticized Peru."}]
    assert len(records[0]["text"]) > 1_000_000
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    proc = run_cli("run", "in.jsonl", "--db", "x.duckdb", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        stored = dict(con.execute("SELECT doc_id, length(text) FROM documents").fetchall())
        events = con.execute("SELECT d.doc_id, e.source_country, e.root FROM events e "
                             "JOIN documents d USING (doc_key) ORDER BY 1").fetchall()
    assert stored["long"] > 1_000_000 and "short" in stored
    assert ("long", "PRK", "15") in events and ("short", "CHL", "11") in events


def test_a_document_the_parser_fails_on_becomes_its_own_error(pipeline: Any) -> None:
    """Whatever makes spaCy raise on one document, the others of its batch are coded and it
    gets an error naming the reason."""
    from dataclasses import replace

    real = pipeline.sentence_filter

    class Poisoned:
        def pipe(self, texts: Any, batch_size: int = 64) -> Any:
            texts = list(texts)
            if any("POISON" in t for t in texts):
                raise ValueError("the parser choked")
            return real.pipe(texts, batch_size)

    poisoned = replace(pipeline, sentence_filter=Poisoned())
    coded = list(poisoned.code_documents([
        {"id": "a", "text": "Chile criticized Peru."},
        {"id": "b", "text": "POISON Japan condemned China."},
        {"id": "c", "text": "Seoul praised Tokyo."}]))
    assert [c.document.error for c in coded] == [
        None, "could not be parsed: ValueError: the parser choked", None]
    assert [len(c.events) for c in coded] == [1, 0, 1]


def test_odd_inputs_are_read_and_stored_not_fatal(run_cli: Any, tmp_path: Path) -> None:
    """UTF-16 and UTF-32 text with a byte-order mark, a file name that is not UTF-8, and a
    record whose URL cannot be parsed (its HTML too): each is stored and coded; the run exits 0."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "utf16.txt").write_bytes("Chile criticized Peru on Monday.".encode("utf-16"))
    (inbox / "utf32.txt").write_bytes("Japan condemned China.".encode("utf-32"))
    (inbox / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Iran accused Israel.")
    page = ("<html><head><meta property='og:site_name' content='Wire'></head><body><article>"
            "<p>Turkey condemned Greece on Monday over the islands dispute.</p></article>"
            "</body></html>")
    (inbox / "records.jsonl").write_text(
        json.dumps({"id": "bad-url", "text": "Seoul praised Tokyo.", "url": "http://[oops/x"})
        + "\n" + json.dumps({"id": "bad-url-html", "html": page, "url": "http://[oops/y"})
        + "\n", "utf-8")
    proc = run_cli("run", "inbox", "--db", "x.duckdb", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        stored = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        assert con.execute("SELECT count(*) FROM errors").fetchone() == (0,)
    assert stored["utf16"].startswith("Chile criticized Peru")
    assert stored["utf32"] == "Japan condemned China."
    assert stored["caf\\xe9"] == "Iran accused Israel."
    assert stored["bad-url"] == "Seoul praised Tokyo."
    assert stored["bad-url-html"].startswith("Turkey condemned Greece")


def test_a_gzip_payload_from_a_url_without_suffix_is_sniffed() -> None:
    import gzip

    from dyadwatch.ingest.dispatch import sniff_kind

    archive = gzip.compress(b"WARC/1.0\r\n")
    assert sniff_kind(archive, None, "https://archive.example/crawl-warc") == "warc"
    assert sniff_kind(archive, "application/gzip", "https://example.com/download") != "warc"


def test_an_unclosed_quote_in_a_csv_is_recorded_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text('id,text,date\n'
                    'a,"Chile criticized Peru, again.",2024-01-02\n'
                    'b,"Japan condemned China,2024-01-03\n'
                    'c,Seoul praised Tokyo.,2024-01-04\n'
                    'd,"A quoted text\nover two lines, fine",2024-01-05\n', encoding="utf-8")
    docs = list(iter_inputs([path]))
    assert [d.doc_id for d in docs if d.error is None] == ["a"]
    [error] = [d for d in docs if d.error]
    assert error.source.startswith(f"{path}:") and "quoted field never closes" in error.error
    legit = tmp_path / "fine.csv"
    legit.write_text('id,text,date\nd,"A quoted text\nover two lines, fine",2024-01-05\n'
                     'e,Seoul praised Tokyo.,2024-01-04\n', encoding="utf-8")
    assert [(d.doc_id, d.error) for d in iter_inputs([legit])] == [("d", None), ("e", None)]


def _warc(pages: int, compressed: bool, site: str = "example.com") -> bytes:
    """A WARC archive of `pages` news pages at http://SITE/0, /1 ..."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for i in range(pages):
        body = (f"<html><body><p>Chile criticized Peru on Monday, report {i} of {site}. "
                + "Filler text. " * 40 + "</p></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            f"http://{site}/{i}", "response", payload=io.BytesIO(body), http_headers=http))
    return buffer.getvalue()


def _write_bomb(path: Path) -> Path:
    """A .warc.gz under 1 MB whose one header line inflates to 200 MB."""
    import zlib

    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as fh:
        fh.write(deflate.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: "))
        for _ in range(200):
            fh.write(deflate.compress(b"a" * (1 << 20)))
        fh.write(deflate.flush())
    return path


@pytest.mark.parametrize("compressed", [True, False])
def test_a_truncated_warc_keeps_its_pages_and_records_the_loss(tmp_path: Path,
                                                               compressed: bool) -> None:
    data = _warc(5, compressed)
    suffix = ".warc.gz" if compressed else ".warc"
    whole, cut = tmp_path / f"whole{suffix}", tmp_path / f"cut{suffix}"
    whole.write_bytes(data)
    cut.write_bytes(data[:int(len(data) * 0.7)])
    assert [d.error for d in iter_inputs([whole])] == [None] * 5
    docs = list(iter_inputs([cut]))
    pages, errors = [d for d in docs if not d.error], [d for d in docs if d.error]
    assert 1 <= len(pages) < 5
    assert len(errors) == 1 and errors[0].source.startswith(str(cut))
    assert "truncated or damaged WARC archive" in errors[0].error
    assert f"{len(pages)} documents" in errors[0].error


def test_a_decompression_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    """A small .warc.gz whose one header line inflates to 200 MB: stopped at the inflation
    limit (100 times the file, at least 64 MB) with an error, never read whole."""
    import resource

    bomb = _write_bomb(tmp_path / "bomb.warc.gz")
    assert bomb.stat().st_size < 1 << 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [error] = list(iter_inputs([bomb]))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert "decompression bomb" in error.error and error.source == str(bomb)
    assert grown_mb < 600  # the 200 MB line is never held whole (measured: about 130 MB)


def test_one_run_over_every_bad_input_records_each_and_stores_the_rest(run_cli: Any,
                                                                         tmp_path: Path) -> None:
    """`dyadwatch run` as a user runs it over a folder holding a decompression bomb, a
    truncated archive and a CSV with an unclosed quote, and a URL list whose archive comes
    gzipped from a URL without a suffix: exit 0, one error row naming each bad input and its
    problem, every good document stored; a rerun stores nothing twice and trips on nothing."""
    import gzip

    from webserver import Page, Site, serve

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write_bomb(inbox / "bomb.warc.gz")
    cut = _warc(5, True, "cut.example")
    (inbox / "cut.warc.gz").write_bytes(cut[:int(len(cut) * 0.7)])
    (inbox / "news.csv").write_text('id,text,date\n'
                                    'a,"Chile criticized Peru, again.",2024-01-02\n'
                                    'b,"Japan condemned China,2024-01-03\n'
                                    'c,Seoul praised Tokyo.,2024-01-04\n', encoding="utf-8")
    (inbox / "good.txt").write_text("Iran accused Israel of sabotage.", encoding="utf-8")
    (inbox / "odd-uri.warc").write_bytes(_warc(1, False, "[oops"))  # http://[oops/0
    site = Site({"/crawl-warc": Page(gzip.compress(_warc(2, False, "crawl.example")),
                                     "application/octet-stream")})
    server, _ = serve(site)
    (tmp_path / "crawl.urls").write_text(site.url("/crawl-warc") + "\n", encoding="utf-8")
    try:
        first = run_cli("run", "inbox", "crawl.urls", "--db", "x.duckdb", "--delay", "0",
                        cwd=tmp_path)
        again = run_cli("run", "inbox", "crawl.urls", "--db", "x.duckdb", "--delay", "0",
                        cwd=tmp_path)
    finally:
        server.shutdown()
    assert first.returncode == 0, first.stderr
    assert again.returncode == 0, again.stderr
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        errors = con.execute("SELECT source, problem FROM errors ORDER BY source").fetchall()
        urls = [r[0] for r in con.execute("SELECT url FROM documents").fetchall()]
        doc_ids = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
        n_docs = con.execute("SELECT count(*), count(DISTINCT content_hash) "
                             "FROM documents").fetchone()
    problems = {Path(source.split(":")[0]).name: problem for source, problem in errors}
    assert set(problems) == {"bomb.warc.gz", "cut.warc.gz", "news.csv"}, errors
    assert "decompression bomb" in problems["bomb.warc.gz"]
    assert "truncated or damaged WARC archive" in problems["cut.warc.gz"]
    assert "quoted field never closes" in problems["news.csv"]
    assert {"a", "good"} <= doc_ids
    assert "http://[oops/0" in urls  # an unparsable URI is kept as given, its page coded
    assert sum(1 for u in urls if u and "cut.example" in u) >= 1  # pages before the cut
    assert sorted(u for u in urls if u and "crawl.example" in u) == [
        "http://crawl.example/0", "http://crawl.example/1"]
    assert n_docs is not None and n_docs[0] == n_docs[1]
    assert len(errors) == 3
    assert "0 coded and stored" in again.stderr and "0 unreadable" in again.stderr, again.stderr
