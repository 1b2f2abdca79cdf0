"""Every date form of issue #6, resolved against a publication date (and without one), across
month and year boundaries and leap years; future events resolve forward."""

from __future__ import annotations

import pytest
from conftest import Code

from dyadwatch.temporal.dates import find_dates, latest_dated_reference, reference_date


def resolved(text: str, pub: str | None, future: bool = False) -> list[tuple[str, str]]:
    return [(d.value, d.text) for d in find_dates(text, pub, future)]


@pytest.mark.parametrize(("text", "pub", "expected"), [
    # absolute dates in common formats; no year: the latest such day up to publication
    ("talks on 2022-10-04", "2022-10-12", ("2022-10-04", "2022-10-04")),
    ("talks on 10/04/2022", "2022-10-12", ("2022-10-04", "10/04/2022")),
    ("talks on October 4, 2019", "2022-10-12", ("2019-10-04", "October 4, 2019")),
    ("talks on 4 October 2019", "2022-10-12", ("2019-10-04", "4 October 2019")),
    ("talks on Monday, Oct. 3", "2022-10-12", ("2022-10-03", "Monday, Oct. 3")),
    ("talks on the 4th of October", "2022-10-12", ("2022-10-04", "the 4th of October")),
    ("talks on Sept. 30", "2022-10-12", ("2022-09-30", "Sept. 30")),
    ("talks on Dec. 30", "2023-01-02", ("2022-12-30", "Dec. 30")),  # year boundary
    ("talks on Feb. 29", "2024-03-01", ("2024-02-29", "Feb. 29")),  # leap year
    ("talks in October 2019", "2022-10-12", ("2019-10", "October 2019")),  # month precision
    ("talks in 2019", "2022-10-12", ("2019", "in 2019")),
    ("talks in November", "2022-10-12", ("2021-11", "in November")),
    ("talks since March", "2022-10-12", ("2022-03", "since March")),
    # weekdays: the latest one on or before publication
    ("talks on Monday", "2022-10-12", ("2022-10-10", "Monday")),
    ("talks on Wednesday", "2022-10-12", ("2022-10-12", "Wednesday")),
    ("talks on Friday", "2022-10-12", ("2022-10-07", "Friday")),
    ("talks last Wednesday", "2022-10-12", ("2022-10-05", "last Wednesday")),
    ("talks on Friday", "2022-10-03", ("2022-09-30", "Friday")),  # month boundary
    ("talks on Saturday", "2023-01-02", ("2022-12-31", "Saturday")),  # year boundary
    # "the 6th": this month's, or last month's when that would be after publication
    ("talks on the 6th", "2022-10-12", ("2022-10-06", "the 6th")),
    ("talks on the 20th", "2022-10-12", ("2022-09-20", "the 20th")),
    ("talks on the 31st", "2023-01-05", ("2022-12-31", "the 31st")),
    ("talks on the 29th", "2024-03-05", ("2024-02-29", "the 29th")),  # leap year
    ("talks on the 29th", "2023-03-05", ("2023-01-29", "the 29th")),  # no Feb 29 in 2023
    # relative forms
    ("talks yesterday", "2022-10-12", ("2022-10-11", "yesterday")),
    ("talks yesterday", "2024-03-01", ("2024-02-29", "yesterday")),  # leap day
    ("talks yesterday", "2023-03-01", ("2023-02-28", "yesterday")),
    ("talks last night", "2022-10-01", ("2022-09-30", "last night")),
    ("talks today", "2022-10-12", ("2022-10-12", "today")),
    ("talks last month", "2022-10-12", ("2022-09", "last month")),
    ("talks last month", "2023-01-15", ("2022-12", "last month")),
    ("talks earlier this month", "2022-10-12", ("2022-10", "earlier this month")),
    ("talks earlier this year", "2022-10-12", ("2022", "earlier this year")),
    ("talks last year", "2022-10-12", ("2021", "last year")),
    ("talks last week", "2022-10-12", ("2022-10", "last week")),
    ("talks three days ago", "2022-10-02", ("2022-09-29", "three days ago")),
    ("talks two months ago", "2022-01-12", ("2021-11", "two months ago")),
    # Korean forms
    ("지난 7일 회담", "2022-10-12", ("2022-10-07", "지난 7일")),
    ("지난 13일 회담", "2022-10-03", ("2022-09-13", "지난 13일")),  # month boundary
    ("지난달 29일 회담", "2022-10-12", ("2022-09-29", "지난달 29일")),
    ("지난달 29일 회담", "2024-03-12", ("2024-02-29", "지난달 29일")),  # leap year
    ("지난주 목요일 회담", "2022-10-12", ("2022-10-06", "지난주 목요일")),
    ("지난주 목요일 회담", "2022-10-03", ("2022-09-29", "지난주 목요일")),
    ("어제 회담", "2022-10-01", ("2022-09-30", "어제")),
    ("2022년 10월 4일 회담", "2023-01-01", ("2022-10-04", "2022년 10월 4일")),
])
def test_date_forms_with_publication_date(text: str, pub: str,
                                          expected: tuple[str, str]) -> None:
    assert resolved(text, pub) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("will meet on Oct. 20", ("2022-10-20", "Oct. 20")),
    ("will meet on Oct. 5", ("2023-10-05", "Oct. 5")),  # before publication: next year's
    ("will meet on Friday", ("2022-10-14", "Friday")),
    ("will meet on Wednesday", ("2022-10-12", "Wednesday")),
    ("will meet next Wednesday", ("2022-10-19", "next Wednesday")),
    ("will meet on the 20th", ("2022-10-20", "the 20th")),
    ("will meet on the 6th", ("2022-11-06", "the 6th")),
    ("will meet next month", ("2022-11", "next month")),
    ("will meet in March", ("2023-03", "in March")),
    ("will meet tomorrow", ("2022-10-13", "tomorrow")),
    ("will meet next year", ("2023", "next year")),
    ("오는 20일 회담", ("2022-10-20", "오는 20일")),
])
def test_future_events_resolve_forward(text: str, expected: tuple[str, str]) -> None:
    assert resolved(text, "2022-10-12", future=True) == [expected]


def test_future_across_the_year_end() -> None:
    assert resolved("will meet on Friday", "2022-12-29", future=True) == [("2022-12-30",
                                                                            "Friday")]
    assert resolved("will meet on the 2nd", "2022-12-29", future=True) == [("2023-01-02",
                                                                             "the 2nd")]


def test_without_publication_date_only_self_dated_forms_resolve() -> None:
    text = "Talks on Monday, on the 6th, yesterday, 지난 7일, on Oct. 4, on Oct. 4, 2021 and 2022년 3월 1일."
    assert resolved(text, None) == [("2021-10-04", "Oct. 4, 2021"),
                                    ("2022-03-01", "2022년 3월 1일")]


def test_latest_dated_reference_and_inferred_window() -> None:
    text = "On Oct. 4, 2022, Seoul protested. It had warned in September 2022. 2022년 10월 6일 회담."
    assert latest_dated_reference(text) == "2022-10-06"
    reference, warning = reference_date(text + " Yesterday Tokyo replied.", None)
    assert reference == "2022-10-06"
    assert warning is not None and "2022-10-06" in warning and "on or after" in warning
    assert reference_date(text, "2022-10-12") == ("2022-10-12", None)
    assert reference_date("Seoul protested yesterday.", None) == (None, None)


def test_document_without_publication_date_is_dated_from_its_latest_reference(
        code_text: Code) -> None:
    rec = code_text("On Oct. 4, 2022, North Korea fired a missile over Japan. "
                    "Japan protested to North Korea yesterday. South Korea condemned North Korea.")
    assert rec["date"] is None
    assert any("2022-10-04" in w and "on or after" in w for w in rec["warnings"])
    dated = [(e["root"], e["date"], e["date_text"], e["date_basis"]) for e in rec["events"]]
    assert ("15", "2022-10-04", "Oct. 4, 2022", "text") in dated
    assert ("14", "2022-10-03", "yesterday", "text") in dated
    # no expression in its sentence: the inferred reference is not the event's date
    assert ("11", None, None, None) in dated


def test_event_takes_the_date_of_its_own_clause(code_text: Code) -> None:
    rec = code_text("North Korea fired a missile on Monday, and Japan protested to North Korea "
                    "on Tuesday.", pub_date="2022-10-12")
    dates = {e["root"]: (e["date"], e["date_text"]) for e in rec["events"]}
    assert dates == {"15": ("2022-10-10", "Monday"), "14": ("2022-10-11", "Tuesday")}
