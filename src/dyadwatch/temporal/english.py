"""English date expressions: found with regular expressions, resolved against a reference date.

Calendar dates ("Oct. 4", "4 October 2019", "10/04/2022", "October 2019") are read by dateparser,
which knows the formats and gives the precision (day, month, year). The relative forms whose
meaning news style fixes more narrowly than dateparser does are resolved here: weekdays ("on
Monday" = the latest Monday on or before publication, or the next one for a future event),
ordinal days ("the 6th" = this month's 6th, or last month's when that is after publication),
"last/this/next week|month|year", "earlier this year", "N days ago"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from dyadwatch.clean.pubdate import MONTHS

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\b))")
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# Order matters: a longer form found first hides the shorter forms inside it.
_EXPRESSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("calendar", re.compile(rf"\b{_YEAR}-\d\d-\d\d\b|\b\d{{1,2}}/\d{{1,2}}/{_YEAR}\b")),
    ("calendar", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}{_ORD}"
                            rf"(?:,?\s+{_YEAR})?\b")),
    ("calendar", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?\d{{1,2}}{_ORD}\s+(?:of\s+)?"
                            rf"{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("month", re.compile(rf"\b(?:in|since|during|from|until|till|by|through|early|late|mid-?|"
                         rf"last|next|this|earlier in|later in)\s+(?P<month>{_MONTH})(?!\s*\d)")),
    ("year", re.compile(rf"\b(?:in|since|during|until|by|through|early|late|mid-?)\s+"
                        rf"(?P<year>{_YEAR})\b(?!-)")),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this|coming)\s+)?"
                           rf"(?P<weekday>{_WEEKDAY})\b")),
    ("ordinal", re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?"
                           r"(?:century|anniversary|time|round|day|year|week|month|floor))")),
    ("ago", re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago\b",
                       re.IGNORECASE)),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening)|"
        r"last night|(?:last|this|next|earlier this|later this|late last|early last|"
        r"earlier last|the previous|the following|the past) (?:week|month|year))\b",
        re.IGNORECASE)),
]


@dataclass(frozen=True)
class Expression:
    kind: str
    text: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_expressions(text: str) -> Iterator[Expression]:
    """Date expressions in `text`, left to right, without overlaps (longest forms first)."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _EXPRESSIONS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Expression(kind, m.group(0), m.start(), m.end(), m.groupdict()))
    yield from sorted(found, key=lambda e: e.start)


def resolve(expr: Expression, pub: date | None, future: bool = False) -> str | None:
    """The expression as YYYY-MM-DD, YYYY-MM or YYYY; None when it needs a publication date
    that is missing, or names no real date."""
    if expr.kind in ("calendar", "month_year"):
        return _calendar(_strip_prepositions(expr.text), pub, future)
    if expr.kind == "year":
        return expr.groups["year"]
    if pub is None:
        return None
    if expr.kind == "month":
        return _month(expr, pub, future)
    if expr.kind == "weekday":
        return _weekday(expr.groups, pub, future).isoformat()
    if expr.kind == "ordinal":
        return day_of_recent_month(pub, int(expr.groups["day"] or 0), future)
    if expr.kind == "ago":
        return _ago(expr.groups, pub)
    return _relative((expr.groups["rel"] or "").lower(), pub)


def _strip_prepositions(text: str) -> str:
    return re.sub(r"^the\s+|\bof\s+", "", text.strip())


@lru_cache(maxsize=4096)
def _calendar(text: str, pub: date | None, future: bool) -> str | None:
    """A calendar date read by dateparser; a date without a year needs `pub` to place it."""
    has_year = re.search(_YEAR, text) is not None
    if not has_year and pub is None:
        return None
    parsed = _parser(pub, future).get_date_data(text)
    if parsed.date_obj is None:
        return None
    found = parsed.date_obj.date()
    if parsed.period == "month":
        return found.strftime("%Y-%m")
    if parsed.period == "year":
        return str(found.year)
    return found.isoformat()


@lru_cache(maxsize=64)
def _parser(pub: date | None, future: bool) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if future else "past",
                                   "RETURN_TIME_AS_PERIOD": True, "DATE_ORDER": "MDY"}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    return DateDataParser(languages=["en"], settings=settings)


def _month(expr: Expression, pub: date, future: bool) -> str:
    """"in March": the latest March up to the publication month, or for a future event the
    next one from it; "last March" is strictly before, "next March" strictly after."""
    month = MONTHS[(expr.groups["month"] or "")[:3].lower()]
    lead = expr.text.split()[0].lower()
    if lead == "this":
        year = pub.year
    elif lead == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif lead == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif future and lead not in ("since", "earlier"):
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return f"{year:04d}-{month:02d}"


def _weekday(groups: dict[str, str | None], pub: date, future: bool) -> date:
    wanted = WEEKDAYS[(groups["weekday"] or "").lower()]
    which = (groups.get("which") or "").lower()
    if which in ("next", "coming") or (future and which != "last"):
        ahead = (wanted - pub.weekday()) % 7
        return pub + timedelta(days=ahead or (7 if which == "next" else 0))
    back = (pub.weekday() - wanted) % 7
    if which == "last" and back == 0:
        back = 7
    return pub - timedelta(days=back)


def day_of_recent_month(pub: date, day: int, future: bool = False) -> str | None:
    """"the 6th": the 6th of the publication month, or of the previous month when that would
    be after publication (the next month for a future event that would be before it). A day the
    month lacks ("the 31st" in a 30-day month) moves to the month before (or after)."""
    year, month = pub.year, pub.month
    step = 1 if future else -1
    if (day < pub.day) if future else (day > pub.day):
        year, month = _add_months(year, month, step)
    for _ in range(2):
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            year, month = _add_months(year, month, step)
    return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _ago(groups: dict[str, str | None], pub: date) -> str:
    raw = (groups["n"] or "1").lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = (groups["unit"] or "day").lower()
    if unit == "day":
        return (pub - timedelta(days=n)).isoformat()
    if unit == "week":
        return (pub - timedelta(weeks=n)).strftime("%Y-%m")  # the contract has no week precision
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, -n)
        return f"{year:04d}-{month:02d}"
    return str(pub.year - n)


def _relative(rel: str, pub: date) -> str:
    rel = re.sub(r"\s+", " ", rel)
    if rel in ("yesterday", "last night"):
        return (pub - timedelta(days=1)).isoformat()
    if rel == "tomorrow":
        return (pub + timedelta(days=1)).isoformat()
    if rel in ("today", "tonight") or rel.startswith("this "):
        unit = rel.split()[-1]
        if unit not in ("week", "month", "year"):
            return pub.isoformat()
    unit = rel.split()[-1]
    step = 1 if rel.startswith(("next", "the following")) else \
        -1 if rel.startswith(("last", "late last", "early last", "earlier last", "the previous",
                              "the past")) else 0
    if unit == "week":
        # The contract has no week precision: the month of that week's Monday.
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        return monday.strftime("%Y-%m")
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, step)
        return f"{year:04d}-{month:02d}"
    return str(pub.year + step)
