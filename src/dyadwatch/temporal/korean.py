"""Korean date expressions (지난 7일, 지난달 29일, 지난주 목요일, 어제, 2022년 10월 4일, 오는 20일)
found and resolved by korean-datetime, with the publication date as "now"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from korean_datetime import Cycle, Grain, ParseOptions, parse_all

from dyadwatch.clean.language import has_hangul

# A bare "10월 4일" with no year is the latest one before publication (news reports the past),
# or the next one for a future event.
_PAST = ParseOptions(cycle=Cycle.PAST)
_FUTURE = ParseOptions(cycle=Cycle.FUTURE)
# Times of day keep their day; a week keeps its month (the contract has no week precision).
_PRECISION = {Grain.YEAR: "%Y", Grain.HALF_YEAR: "%Y", Grain.QUARTER: "%Y",
              Grain.MONTH: "%Y-%m", Grain.WEEK: "%Y-%m"}
# The library reads a bare year ("2022년") without a reference; everything else needs one.
_SELF_DATED = ("년",)


@dataclass(frozen=True)
class KoreanDate:
    value: str
    text: str
    start: int
    end: int


def find_korean_dates(text: str, pub: date | None, future: bool = False) -> Iterator[KoreanDate]:
    """Dated Korean expressions in `text`. Without a publication date only expressions that
    carry their year are returned (the library would otherwise resolve against today)."""
    if not has_hangul(text):
        return
    now = datetime(pub.year, pub.month, pub.day) if pub else datetime(2000, 1, 1)
    for found in parse_all(text, now=now, options=_FUTURE if future else _PAST):
        if found.start is None or found.span is None:
            continue
        if pub is None and not any(mark in found.text for mark in _SELF_DATED):
            continue
        start, end = found.span
        value = found.start.strftime(_PRECISION.get(found.grain, "%Y-%m-%d"))
        yield KoreanDate(value, text[start:end], start, end)
