"""Resolve the date expression of an event's sentence against the publication date.

Covers the forms wire copy uses most: weekdays ("on Monday" = the latest Monday on or before
publication), "yesterday"/"today", "last week/month/year", month-day dates ("Oct. 4", "4 October",
with or without a year), ordinal days ("on the 6th"), and Korean "지난 7일". Precision is kept:
"last month" gives "YYYY-MM". Issue #6 extends this."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dyadwatch.clean.pubdate import MONTHS

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_EXPRESSIONS = [
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})"
                       rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")),
    ("weekday", re.compile(r"\b(?:(?P<last>last)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|"
                           r"Thursday|Friday|Saturday|Sunday)\b")),
    ("ordinal", re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b")),
    ("ko_day", re.compile(r"지난\s*(?P<day>\d{1,2})일")),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|this morning|last night|"
                            r"last week|last month|last year|this month|earlier this month|"
                            r"earlier this year|this year)\b", re.IGNORECASE)),
    ("month", re.compile(rf"\b(?:in|since|during|from|until)\s+(?P<month>{_MONTH})"
                         rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b")),
]


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    text: str
    start: int  # offsets in the sentence
    end: int


def resolve_sentence_date(sentence: str, pub_date: str | None,
                          anchor: int | None = None) -> ResolvedDate | None:
    """The date expression nearest `anchor` (a character offset in the sentence, e.g. the
    verb), resolved against `pub_date`. Returns None when nothing can be resolved."""
    pub = date.fromisoformat(pub_date) if pub_date else None
    found = []
    for kind, pattern in _EXPRESSIONS:
        for m in pattern.finditer(sentence):
            value = _resolve(kind, m, pub)
            if value:
                found.append(ResolvedDate(value, m.group(0), m.start(), m.end()))
    if not found:
        return None
    if anchor is None:
        return found[0]
    return min(found, key=lambda r: min(abs(r.start - anchor), abs(r.end - anchor)))


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> str | None:
    g = m.groupdict()
    if kind in ("mdy", "dmy"):
        month = MONTHS[g["month"].lower()[:3]]
        year = int(g["year"]) if g.get("year") else _year_not_after(pub, month, int(g["day"]))
        return _iso(year, month, int(g["day"])) if year else None
    if kind == "month":
        month = MONTHS[g["month"].lower()[:3]]
        year = int(g["year"]) if g.get("year") else _year_not_after(pub, month, 1)
        return f"{year:04d}-{month:02d}" if year else None
    if pub is None:
        return None
    if kind == "weekday":
        back = (pub.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        if g.get("last") and back == 0:
            back = 7
        return (pub - timedelta(days=back)).isoformat()
    if kind in ("ordinal", "ko_day"):
        return _day_of_recent_month(pub, int(g["day"]))
    return _resolve_relative(g["rel"].lower(), pub)


def _resolve_relative(rel: str, pub: date) -> str:
    if rel == "yesterday" or rel == "last night":
        return (pub - timedelta(days=1)).isoformat()
    if rel in ("today", "tonight", "this morning"):
        return pub.isoformat()
    if rel == "last week":
        monday = pub - timedelta(days=pub.weekday() + 7)
        return monday.strftime("%Y-%m")  # the contract has no week precision
    if rel == "last month":
        first = pub.replace(day=1) - timedelta(days=1)
        return first.strftime("%Y-%m")
    if rel in ("this month", "earlier this month"):
        return pub.strftime("%Y-%m")
    if rel == "last year":
        return str(pub.year - 1)
    return str(pub.year)


def _day_of_recent_month(pub: date, day: int) -> str | None:
    """"the 6th": this month's 6th, or last month's when that would be after publication."""
    year, month = pub.year, pub.month
    if day > pub.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return _iso(year, month, day)


def _year_not_after(pub: date | None, month: int, day: int) -> int | None:
    """A month-day with no year belongs to the publication year, or the year before when that
    date would fall after publication (news reports the past)."""
    if pub is None:
        return None
    try:
        candidate = date(pub.year, month, min(day, 28))
    except ValueError:
        return None
    return pub.year if candidate <= pub else pub.year - 1


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
