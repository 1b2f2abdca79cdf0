"""Date expressions in text resolved against the publication date, with their precision.

English forms are found in `temporal.english` (calendar dates via dateparser, news-style relative
forms by rule), Korean forms in `temporal.korean` (korean-datetime). Values are "YYYY-MM-DD",
"YYYY-MM" or "YYYY": "last month" stays a month. Dates of future events ("will meet on Friday")
are resolved forward. Which expression belongs to an event is decided from the parse by
`temporal.attach`; `resolve_sentence_date` is the parse-free fallback (nearest to an anchor)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dyadwatch.temporal import english
from dyadwatch.temporal.korean import find_korean_dates


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    text: str
    start: int  # offsets in the text that was searched
    end: int

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]


def find_dates(text: str, pub_date: str | None, future: bool = False) -> list[ResolvedDate]:
    """Every date expression in `text` that can be resolved, left to right."""
    pub = date.fromisoformat(pub_date) if pub_date else None
    found = [ResolvedDate(k.value, k.text, k.start, k.end)
             for k in find_korean_dates(text, pub, future)]
    for expr in english.find_expressions(text):
        if any(expr.start < f.end and f.start < expr.end for f in found):
            continue
        value = english.resolve(expr, pub, future)
        if value:
            found.append(ResolvedDate(value, expr.text, expr.start, expr.end))
    return sorted(found, key=lambda f: f.start)


def resolve_sentence_date(sentence: str, pub_date: str | None, anchor: int | None = None,
                          future: bool = False) -> ResolvedDate | None:
    """The date expression nearest `anchor` (a character offset in the sentence, e.g. the
    verb), resolved against `pub_date`; the first one without an anchor. None when nothing can
    be resolved."""
    found = find_dates(sentence, pub_date, future)
    if not found:
        return None
    if anchor is None:
        return found[0]
    return min(found, key=lambda r: min(abs(r.start - anchor), abs(r.end - anchor)))


_FULL_DATE = re.compile(r"^\d{4}-\d\d(?:-\d\d)?$")


def latest_dated_reference(text: str) -> str | None:
    """The latest date in `text` that needs no publication date to be read ("Oct. 4, 2022",
    "2022년 10월 4일", "October 2022"), as YYYY-MM-DD (a month counts from its first day).
    A document without a publication date was published on or after it."""
    dated = [f.value for f in find_dates(text, None) if _FULL_DATE.match(f.value)]
    if not dated:
        return None
    latest = max(v if len(v) == 10 else f"{v}-01" for v in dated)
    return latest


def reference_date(text: str, pub_date: str | None) -> tuple[str | None, str | None]:
    """The date to resolve relative expressions against, and a warning when it is not the
    publication date: without one, the latest dated reference in the text is the earliest the
    document can have been published, so "yesterday" is read against that."""
    if pub_date:
        return pub_date, None
    latest = latest_dated_reference(text)
    if latest is None:
        return None, None
    return latest, (f"no publication date: relative dates resolved against {latest}, the latest "
                    f"date in the text (the document was published on or after it)")
