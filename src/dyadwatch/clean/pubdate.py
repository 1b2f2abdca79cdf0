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


def normalise_date(value: str | None) -> str | None:
    """A date supplied by an input record or the user, in any format above, as YYYY-MM-DD."""
    if not value:
        return None
    return parse_date(value)
