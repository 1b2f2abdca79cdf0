"""CSV and JSON Lines with configurable field names (FieldMap)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.ingest import FieldMap, IngestOptions, iter_inputs


def test_csv_with_renamed_fields(tmp_path: Path) -> None:
    path = tmp_path / "scrape.csv"
    path.write_text('article_id,headline,body,published,link\n'
                    'a1,Seoul protests,"Seoul protested to Tokyo.\nOfficials said so.",'
                    '2023-03-16,https://example.org/a1\n'
                    'a2,No body,,2023-03-17,\n', encoding="utf-8")
    fields = FieldMap.from_pairs(["id=article_id", "title=headline", "text=body",
                                  "date=published", "url=link"])
    a1, a2 = iter_inputs([path], options=IngestOptions(fields=fields))
    assert (a1.doc_id, a1.title, a1.date, a1.url, a1.content, a1.source) == (
        "a1", "Seoul protests", "2023-03-16", "https://example.org/a1",
        "Seoul protested to Tokyo.\nOfficials said so.", f"{path}:3")
    # an empty cell is an empty text: the cleaner will report "no article text"
    assert (a2.doc_id, a2.content, a2.error) == ("a2", "", None)


def test_csv_without_text_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,Japan met China.\n", encoding="utf-8")
    [raw] = iter_inputs([path])
    assert raw.error == ('CSV header has no "text" or "html" column (columns: id, body); '
                         "name the text column with --field text=COLUMN")


def test_jsonl_with_renamed_fields(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"uid": "k1", "content": "Japan met China.", "pub": "2020-01-02"}\n',
                    encoding="utf-8")
    [raw] = iter_inputs([path], options=IngestOptions(
        fields=FieldMap.from_pairs(["id=uid", "text=content", "date=pub"])))
    assert (raw.doc_id, raw.content, raw.date) == ("k1", "Japan met China.", "2020-01-02")


def test_bad_field_mapping_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="bad field mapping 'body'.*PART=FIELD"):
        FieldMap.from_pairs(["body"])
    with pytest.raises(ValueError, match="PART one of"):
        FieldMap.from_pairs(["summary=body"])


def test_large_jsonl_is_streamed_and_the_limit_is_per_record(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "small", "text": "Japan met China."}\n'
                    '{"id": "huge", "text": "' + "x" * 500 + '"}\n', encoding="utf-8")
    small, huge = iter_inputs([path], max_bytes=200)  # the file itself is over the limit
    assert (small.doc_id, small.error) == ("small", None)
    assert huge.error == "JSON line is 527 characters, over the 200-byte limit"
