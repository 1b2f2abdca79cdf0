"""Quotes: broadcast-transcript brackets, colon introductions, unattributed quotes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Code

from dyadwatch.ingest import iter_inputs
from dyadwatch.temporal.quotes import find_transcript_quotes

DATA = Path(__file__).parent / "data"


def speaker_summary(quote: dict[str, Any]) -> tuple[Any, ...]:
    speaker = quote["speaker"] or {}
    return (quote["speaker_text"], speaker.get("name"), speaker.get("country"),
            speaker.get("sector"), quote["language"], quote["date"])


def test_transcript_article_yields_three_quotes_with_speakers_languages_dates(
        pipeline: Any) -> None:
    [coded] = list(pipeline.code_documents(iter_inputs([DATA / "transcript-icbm-launch.txt"])))
    rec = json.loads(json.dumps(coded.to_json()))
    assert rec["date"] == "2023-03-16"
    assert [speaker_summary(q) for q in rec["quotes"]] == [
        ("Yoon Suk Yeol", "Yoon Suk-yeol", "KOR", "GOV", "ko", "2023-03-16"),
        ("Fumio Kishida", "Fumio Kishida", "JPN", "GOV", "en", "2023-03-16"),
        ("김여정", "Kim Yo Jong", "PRK", "PTY", "ko", "2023-03-13"),  # "(지난 13일)"
    ]
    text = rec["text"]
    for q in rec["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        speaker = q["speaker"]
        assert text[speaker["start"]:speaker["end"]] == q["speaker_text"]
    assert rec["quotes"][1]["text"] == ("We will never tolerate North Korea's repeated ballistic "
                                        "missile launches.")


def test_transcript_quotes_are_found_in_a_korean_document(code_text: Code) -> None:
    rec = code_text("북한이 탄도미사일을 발사했습니다.\n\n[윤석열 / 대통령 : 북한의 도발에 강력히 "
                    "대응하겠습니다.]", pub_date="2023-03-16")
    assert rec["language"] == "ko"
    assert [speaker_summary(q) for q in rec["quotes"]] == [
        ("윤석열", "Yoon Suk-yeol", "KOR", "GOV", "ko", "2023-03-16")]


def test_transcript_title_fills_what_the_name_leaves_open() -> None:
    [quote] = find_transcript_quotes("[Jane Roe / North Korean foreign ministry spokesperson "
                                     "(March 13) : Our answer is clear.]")
    assert (quote.name, quote.title, quote.date_text, quote.text, quote.language) == (
        "Jane Roe", "North Korean foreign ministry spokesperson", "March 13",
        "Our answer is clear.", "en")


def test_unknown_transcript_speaker_keeps_title_country(code_text: Code) -> None:
    rec = code_text("Pyongyang answered the drills.\n\n[Jane Roe / North Korean foreign ministry "
                    "spokesperson (March 13) : Our answer is clear and final.]",
                    pub_date="2023-03-16")
    assert [speaker_summary(q) for q in rec["quotes"]] == [
        ("Jane Roe", None, "PRK", "GOV", "en", "2023-03-13")]


def test_colon_introduction(code_text: Code) -> None:
    rec = code_text('The Chinese foreign ministry was blunt: "The drills threaten regional '
                    'peace."', pub_date="2023-01-18")
    assert [(q["speaker_text"], q["speaker"]["country"]) for q in rec["quotes"]] == [
        ("The Chinese foreign ministry", "CHN")]
    rec = code_text('Kishida: "We will not accept this."', pub_date="2023-01-18")
    assert [(q["speaker_text"], q["speaker"]["country"]) for q in rec["quotes"]] == [
        ("Kishida", "JPN")]


def test_unattributed_quote_is_kept_with_null_speaker(code_text: Code) -> None:
    rec = code_text('Crowds gathered outside the embassy. "Peace now, not later," read one '
                    'banner.', pub_date="2023-01-18")
    assert [(q["text"], q["speaker"], q["speaker_text"]) for q in rec["quotes"]] == [
        ("Peace now, not later,", None, None)]
