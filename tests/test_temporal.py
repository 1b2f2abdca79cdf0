"""Temporal: date expressions resolved against the publication date; quotes and speakers."""

from __future__ import annotations

import pytest
from conftest import Code

from dyadwatch.temporal.dates import resolve_sentence_date

PUB = "2022-10-12"  # a Wednesday


@pytest.mark.parametrize(("sentence", "value", "text"), [
    ("Seoul protested on Monday.", "2022-10-10", "Monday"),
    ("Seoul protested on Wednesday.", "2022-10-12", "Wednesday"),
    ("Seoul protested last Wednesday.", "2022-10-05", "last Wednesday"),
    ("Seoul protested on Oct. 4.", "2022-10-04", "Oct. 4"),
    ("Seoul protested on 4 October.", "2022-10-04", "4 October"),
    ("Seoul protested on October 4, 2019.", "2019-10-04", "October 4, 2019"),
    ("Seoul protested on Dec. 30.", "2021-12-30", "Dec. 30"),  # after publication: last year
    ("Seoul protested yesterday.", "2022-10-11", "yesterday"),
    ("Seoul protested last night.", "2022-10-11", "last night"),
    ("Seoul protested today.", "2022-10-12", "today"),
    ("Seoul protested last month.", "2022-09", "last month"),
    ("Seoul protested earlier this year.", "2022", "earlier this year"),
    ("Seoul protested last year.", "2021", "last year"),
    ("Seoul protested on the 6th.", "2022-10-06", "the 6th"),
    ("Seoul protested on the 20th.", "2022-09-20", "the 20th"),
    ("서울은 지난 7일 항의했다.", "2022-10-07", "지난 7일"),
    ("Seoul has protested since March.", "2022-03", "since March"),
])
def test_resolve_sentence_date(sentence: str, value: str, text: str) -> None:
    found = resolve_sentence_date(sentence, PUB)
    assert found is not None
    assert (found.value, found.text, sentence[found.start:found.end]) == (value, text, text)


def test_no_expression_or_no_publication_date() -> None:
    assert resolve_sentence_date("Seoul protested.", PUB) is None
    assert resolve_sentence_date("Seoul protested on Monday.", None) is None
    assert resolve_sentence_date("Seoul protested on Oct. 4.", None) is None
    found = resolve_sentence_date("Seoul protested on Oct. 4, 2021.", None)
    assert found is not None and found.value == "2021-10-04"


def test_expression_nearest_the_anchor_wins() -> None:
    sentence = "Seoul protested on Tuesday after talks on Monday."
    near_start = resolve_sentence_date(sentence, PUB, anchor=0)
    near_end = resolve_sentence_date(sentence, PUB, anchor=len(sentence))
    first = resolve_sentence_date(sentence, PUB)  # no anchor: the first expression
    assert near_start is not None and near_end is not None and first is not None
    assert (near_start.value, near_end.value, first.value) == (
        "2022-10-11", "2022-10-10", "2022-10-11")




def test_quote_with_speaker_after_it(code_text: Code) -> None:
    rec = code_text('"We will respond firmly to any provocation," the Chinese foreign ministry '
                    "said on Tuesday.", pub_date="2023-01-18")
    [quote] = rec["quotes"]
    assert (quote["text"], quote["speaker_text"], quote["speaker"]["country"],
            quote["language"], quote["date"]) == (
        "We will respond firmly to any provocation,", "the Chinese foreign ministry", "CHN",
        "en", "2023-01-17")


def test_quote_with_speaker_before_it(code_text: Code) -> None:
    rec = code_text('The Japanese prime minister said: "Our patience has limits and we will '
                    'act."', pub_date="2023-01-18")
    [quote] = rec["quotes"]
    assert (quote["speaker"]["country"], quote["speaker"]["sector"], quote["date"]) == (
        "JPN", "GOV", "2023-01-18")


def test_according_to_and_korean_quote(code_text: Code) -> None:
    rec = code_text('According to the Indian embassy, "the talks were frank and useful."')
    assert [(q["speaker_text"], q["speaker"]["country"]) for q in rec["quotes"]] == [
        ("the Indian embassy", "IND")]
    rec = code_text('Yoon said "우리의 적은 북한" in Korean.')
    assert [(q["text"], q["language"]) for q in rec["quotes"]] == [("우리의 적은 북한", "ko")]


def test_short_quotes_are_not_quotes(code_text: Code) -> None:
    assert code_text('"Too short," he said.')["quotes"] == []
