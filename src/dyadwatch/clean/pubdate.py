"""Publication dates as news pages write them, normalised to YYYY-MM-DD.

Regex first (fast, predictable); these are header lines, not free text, so no NLP is needed.
Relative dates inside the body are resolved by dyadwatch.temporal, not here."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
             r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PATTERNS = [
    # 2022-10-04, 2022/10/04, 2022.10.04 (optionally followed by a time)
    re.compile(r"(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    # October 4, 2022 / Oct. 4, 2022 / October. 04, 2022
    re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)",
               re.IGNORECASE),
    # 4 October 2022 / 26-FEB-1987
    re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s-]+" + _MONTH_RE
               + r"[\s,-]+(?P<year>(?:19|20)\d\d)", re.IGNORECASE),
    # 2022년 10월 4일
    re.compile(r"(?P<year>(?:19|20)\d\d)년\s*(?P<mnum>\d{1,2})월\s*(?P<day>\d{1,2})일"),
]


def parse_date(text: str) -> str | None:
    """The first complete calendar date in `text` as YYYY-MM-DD, or None."""
    found = find_date(text)
    return found[0] if found else None


def find_date(text: str) -> tuple[str, int, int] | None:
    """(YYYY-MM-DD, start, end) of the earliest complete date in `text`, or None."""
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _to_iso(m)
            if value and (best is None or m.start() < best[1]):
                best = (value, m.start(), m.end())
            if value:
                break
    return best


def _to_iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()[:3]]
    try:
        return date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


# A date as a record or a user writes it, whole: GDELT's 20221010 (or 20221010143000), and
# numeric day/month/year in either order (10/10/2022, 31.12.2022, 12-31-2022).
_COMPACT = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:\d\d){0,3}")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?:[ T,].*)?")
DATE_ORDERS = ("DMY", "MDY")


class AmbiguousDate(ValueError):
    """03/04/2022: 3 April or March 4? Only --date-order can say."""


def normalise_date(value: str | None, order: str | None = None) -> str | None:
    """A date supplied by an input record or the user as YYYY-MM-DD: ISO, YYYYMMDD, the forms
    above, or numeric day and month in `order` (DMY or MDY). Without an order a numeric date is
    read when only one order makes it a date (25/12/2022), else AmbiguousDate is raised."""
    if not value:
        return None
    value = value.strip()
    compact = _COMPACT.fullmatch(value)
    if compact:
        return _iso(int(compact[1]), int(compact[2]), int(compact[3]))
    numeric = _NUMERIC.fullmatch(value)
    if numeric:
        return _numeric_date(int(numeric[1]), int(numeric[2]), int(numeric[3]), order, value)
    return parse_date(value)


def _numeric_date(first: int, second: int, year: int, order: str | None,
                  value: str) -> str | None:
    if order == "DMY":
        return _iso(year, second, first)
    if order == "MDY":
        return _iso(year, first, second)
    day_first, month_first = _iso(year, second, first), _iso(year, first, second)
    if day_first and month_first and day_first != month_first:
        raise AmbiguousDate(f"{value!r} could be {day_first} or {month_first}: "
                            "say which with --date-order DMY or MDY")
    return day_first or month_first


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
