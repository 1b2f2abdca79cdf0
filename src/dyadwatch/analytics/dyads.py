"""Dyadic time series: how two parties treat each other, period by period (issue 9).

A party is a country code ("KOR") or a country and sector ("KOR-GOV"). A series counts
asserted events (by default) from `source` to `target`, or both ways with `undirected`, by day,
week or month, per QuadClass, with the Goldstein sum and mean and the cooperation-conflict index

    index = (Q1 + 2*Q2 - Q3 - 2*Q4) / (2 * N)        -1 (all material conflict) .. +1

where Qk counts the period's events of QuadClass k (1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict) and N = Q1+Q2+Q3+Q4: material acts weigh
twice verbal ones. Empty periods inside the span are kept with zero counts and no index.

Trend: the least-squares slope of the index over the non-empty periods (per period); the series
is "improving" when the slope is >= +0.05, "worsening" when <= -0.05, else "stable". Each point
also gets the slope over its last three non-empty periods. Change points: a period whose index
differs from the mean of the previous three non-empty periods by more than
max(0.5, 2 * their standard deviation) is flagged (a sudden swing, not a drift).

Counting unit: when the store has event merging (an `event_merges(event_id, merged_id)` table
with rows), one merged event counts once however many articles report it; else each event.
Near-duplicate documents never count (as in the `dyads` view).
"""

from __future__ import annotations

import difflib
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import duckdb

from dyadwatch.data import actor_country_codes
from dyadwatch.errors import DyadwatchError

By = Literal["day", "week", "month"]
BY_CHOICES = ("day", "week", "month")
TREND_SLOPE = 0.05  # index units per period
CHANGE_WINDOW = 3
CHANGE_FLOOR = 0.5


class DyadError(DyadwatchError):
    """A bad party code or period."""


@dataclass(frozen=True)
class Party:
    country: str
    sector: str | None = None

    @classmethod
    def parse(cls, text: str) -> Party:
        """'KOR' or 'KOR-GOV' (upper-cased)."""
        parts = text.strip().upper().split("-")
        if not parts[0] or len(parts) > 2 or not all(p.isalnum() for p in parts):
            raise DyadError(f"{text!r} is not a party: use a country code (KOR) or country and "
                            "sector (KOR-GOV)")
        return cls(parts[0], parts[1] if len(parts) == 2 else None)

    def __str__(self) -> str:
        return f"{self.country}-{self.sector}" if self.sector else self.country

    @classmethod
    def parse_known(cls, text: str) -> Party:
        """`parse`, refusing a country code no actor can have, with the likely ones named:
        "KOREA" -> KOR (South Korea), PRK (North Korea)."""
        party = cls.parse(text)
        codes = actor_country_codes()
        if party.country not in codes:
            hints = country_suggestions(party.country, codes)
            raise DyadError(f"unknown country code {party.country!r}"
                            + (f"; did you mean {', '.join(hints)}?" if hints else
                               "; use ISO 3166-1 alpha-3 codes such as KOR, USA, PRK"))
        return party


def country_suggestions(text: str, codes: dict[str, str], n: int = 4) -> list[str]:
    """Codes that look like `text`, or whose country name contains it."""
    wanted = text.strip().lower()
    by_name = [c for c, name in codes.items() if len(wanted) >= 3 and wanted in name.lower()]
    by_code = difflib.get_close_matches(text.strip().upper(), list(codes), n=n, cutoff=0.6)
    found = list(dict.fromkeys([*by_name, *by_code]))[:n]
    return [f"{c} ({codes[c]})" for c in found]


def has_merges(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store merges events across articles (the table exists and has rows)."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'event_merges'").fetchone()
    if not exists or not exists[0]:
        return False
    row = con.execute("SELECT count(*) FROM event_merges").fetchone()
    return bool(row and row[0])


def _side(alias: str, role: str, party: Party) -> tuple[str, list[Any]]:
    sql = (f"JOIN event_actors {alias} ON {alias}.event_id = e.event_id AND {alias}.role = "
           f"'{role}' AND {alias}.country = ?")
    params: list[Any] = [party.country]
    if party.sector:
        sql += f" AND {alias}.sector = ?"
        params.append(party.sector)
    return sql, params


def _units_sql(con: duckdb.DuckDBPyConnection, source: Party, target: Party,
               undirected: bool, all_modalities: bool) -> tuple[str, list[Any]]:
    """SQL for one row per counting unit (merged event or event) of the dyad: unit, date,
    goldstein, quad_class, and the event ids behind it."""
    directions = [(source, target)] + ([(target, source)] if undirected and source != target
                                       else [])
    selects, params = [], []
    for s, t in directions:
        s_sql, s_params = _side("s", "source", s)
        t_sql, t_params = _side("t", "target", t)
        selects.append(f"SELECT e.event_id FROM events e {s_sql} {t_sql}")
        params += s_params + t_params
    merged = has_merges(con)
    unit = "coalesce(m.merged_id, e.event_id)" if merged else "e.event_id"
    join = ("LEFT JOIN (SELECT event_id, any_value(merged_id) AS merged_id FROM event_merges "
            "GROUP BY event_id) m ON m.event_id = e.event_id") if merged else ""
    modality = "TRUE" if all_modalities else "e.modality = 'asserted'"
    # A unit's date is its most precise one: an event dated only "2023" by a vague phrase must
    # not hide the day its other reports give.
    sql = (f"SELECT {unit} AS unit, coalesce("
           "min(e.event_date) FILTER (WHERE length(e.event_date) = 10), "
           "min(e.event_date) FILTER (WHERE length(e.event_date) = 7), "
           "min(e.event_date)) AS event_date, "
           "avg(e.goldstein) AS goldstein, mode(e.quad_class) AS quad_class, "
           "list(e.event_id ORDER BY e.event_id) AS event_ids "
           f"FROM events e {join} "
           f"WHERE e.event_id IN ({' UNION '.join(selects)}) AND {modality} "
           "AND e.doc_key NOT IN (SELECT doc_key FROM duplicates WHERE doc_key IS NOT NULL) "
           "GROUP BY ALL")
    return sql, params


def _period_sql(by: By) -> str:
    """The period label of a unit's date; dates less precise than `by` get NULL."""
    if by == "month":
        return "CASE WHEN length(event_date) >= 7 THEN left(event_date, 7) END"
    if by == "day":
        return "CASE WHEN length(event_date) = 10 THEN event_date END"
    return ("CASE WHEN length(event_date) = 10 THEN "
            "strftime(date_trunc('week', CAST(event_date AS DATE)), '%Y-%m-%d') END")


def _dated_units(con: duckdb.DuckDBPyConnection, source: str, target: str, by: By,
                 undirected: bool, all_modalities: bool) -> tuple[str, list[Any]]:
    """The `WITH units AS (...), dated AS (...)` prefix both queries build on: the dyad's
    counting units, each with its period; and its parameters."""
    if by not in BY_CHOICES:
        raise DyadError(f"--by must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    units, params = _units_sql(con, Party.parse(source), Party.parse(target), undirected,
                               all_modalities)
    return (f"WITH units AS ({units}), dated AS (SELECT *, {_period_sql(by)} AS period "
            "FROM units) "), params


def series(con: duckdb.DuckDBPyConnection, source: str, target: str, by: By = "month",
           undirected: bool = False, all_modalities: bool = False) -> dict[str, Any]:
    """The dyad's series: points (period, counts, Goldstein, index, flags), overall trend,
    the undated count, the counting unit, and the relationship assessments beside it."""
    prefix, params = _dated_units(con, source, target, by, undirected, all_modalities)
    src, tgt = Party.parse(source), Party.parse(target)
    rows = con.execute(
        prefix + "SELECT period, count(*) AS n_events, "
        "count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) "
        "AS q2, count(*) FILTER (WHERE quad_class = 3) AS q3, "
        "count(*) FILTER (WHERE quad_class = 4) AS q4, round(sum(goldstein), 2) AS "
        "goldstein_sum, round(avg(goldstein), 2) AS goldstein_mean "
        "FROM dated GROUP BY period ORDER BY period NULLS LAST", params).fetchall()
    names = ["period", "n_events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean"]
    found = {r[0]: dict(zip(names, r)) for r in rows if r[0] is not None}
    undated = sum(r[1] for r in rows if r[0] is None)
    points = [found.get(p) or _empty(p) for p in _all_periods(sorted(found), by)]
    for p in points:
        p["index"] = cc_index(p)
    _flag(points)
    assessments = dyad_assessments(con, src, tgt)
    _attach_assessments(points, assessments, by)
    return {
        "source": str(src), "target": str(tgt), "undirected": undirected, "by": by,
        "unit": "merged events" if has_merges(con) else "events",
        "modality": "all" if all_modalities else "asserted",
        "points": points, "n_undated": undated, "trend": overall_trend(points),
        "assessments": assessments,
    }


def _empty(period: str) -> dict[str, Any]:
    return {"period": period, "n_events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0,
            "goldstein_sum": 0.0, "goldstein_mean": None}


def _all_periods(periods: list[str], by: By) -> list[str]:
    """Every period from the first to the last seen, so gaps show as zeros."""
    if not periods:
        return []
    if by == "month":
        y, m = map(int, periods[0].split("-"))
        out = []
        while f"{y:04d}-{m:02d}" <= periods[-1]:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    step = timedelta(days=7 if by == "week" else 1)
    day, last = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1])
    out = []
    while day <= last:
        out.append(day.isoformat())
        day += step
    return out


def cc_index(p: dict[str, Any]) -> float | None:
    """(Q1 + 2*Q2 - Q3 - 2*Q4) / (2*N); None for an empty period."""
    n = p["q1"] + p["q2"] + p["q3"] + p["q4"]
    if not n:
        return None
    return round((p["q1"] + 2 * p["q2"] - p["q3"] - 2 * p["q4"]) / (2 * n), 3)


def _slope(values: list[float]) -> float | None:
    """Least-squares slope of values against 0, 1, 2, ... (None under two values)."""
    if len(values) < 2:
        return None
    xs = range(len(values))
    mx, my = statistics.fmean(xs), statistics.fmean(values)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, values)) / den


def _trend_word(slope: float | None) -> str | None:
    if slope is None:
        return None
    if slope >= TREND_SLOPE:
        return "improving"
    if slope <= -TREND_SLOPE:
        return "worsening"
    return "stable"


def _flag(points: list[dict[str, Any]]) -> None:
    """Set each point's `trend` (slope over its last three non-empty periods) and
    `change_point` (a swing away from the previous three)."""
    seen: list[float] = []
    for p in points:
        p["change_point"] = False
        p["trend"] = None
        if p["index"] is None:
            continue
        prev = seen[-CHANGE_WINDOW:]
        if len(prev) >= 2:
            spread = statistics.pstdev(prev)
            p["change_point"] = abs(p["index"] - statistics.fmean(prev)) > \
                max(CHANGE_FLOOR, 2 * spread)
        seen.append(p["index"])
        p["trend"] = _trend_word(_slope(seen[-CHANGE_WINDOW:]))


def overall_trend(points: list[dict[str, Any]]) -> dict[str, Any]:
    values = [p["index"] for p in points if p["index"] is not None]
    slope = _slope(values)
    return {"slope": None if slope is None else round(slope, 3), "direction": _trend_word(slope),
            "change_points": [p["period"] for p in points if p["change_point"]]}


def events_at(con: duckdb.DuckDBPyConnection, source: str, target: str, period: str,
              by: By = "month", undirected: bool = False,
              all_modalities: bool = False) -> list[dict[str, Any]]:
    """The counting units behind one point, each with its events' evidence."""
    prefix, params = _dated_units(con, source, target, by, undirected, all_modalities)
    cur = con.execute(
        prefix + "SELECT u.unit, u.event_date AS unit_date, e.event_id, e.event_date, e.cameo, "
        "e.goldstein, e.quad_class, e.source_country, e.target_country, e.modality, "
        "e.sentence, e.start_char, e.end_char, d.doc_id, d.title, d.outlet, d.pub_date "
        "FROM dated u, unnest(u.event_ids) AS x(event_id) JOIN events e USING (event_id) "
        "JOIN documents d USING (doc_key) WHERE u.period = ? "
        "ORDER BY u.event_date, u.unit, e.event_id", [*params, period])
    names = [c[0] for c in cur.description or []]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def dyad_assessments(con: duckdb.DuckDBPyConnection, a: str | Party,
                     b: str | Party) -> list[dict[str, Any]]:
    """Relationship assessments about the two parties (either order: a relationship has no
    direction), oldest first, dated by their document's publication date."""
    pa = a if isinstance(a, Party) else Party.parse(a)
    pb = b if isinstance(b, Party) else Party.parse(b)
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'assessments'").fetchone()
    if not exists or not exists[0]:
        return []  # a store written before assessments existed

    def match(n: int, p: Party) -> tuple[str, list[Any]]:
        sql = f"party{n}_country = ?" + (f" AND party{n}_sector = ?" if p.sector else "")
        return sql, [p.country] + ([p.sector] if p.sector else [])

    (a1, pa1), (b2, pb2) = match(1, pa), match(2, pb)
    (b1, pb1), (a2, pa2) = match(1, pb), match(2, pa)
    cur = con.execute(
        "SELECT CAST(d.pub_date AS VARCHAR) AS date, s.party1_text, s.party1_country, "
        "s.party1_sector, s.party2_text, s.party2_country, s.party2_sector, s.polarity, s.trend, "
        "s.holder_text, s.holder_country, s.sentence, s.start_char, s.end_char, d.doc_key, "
        "d.doc_id, d.title, d.outlet FROM assessments s JOIN documents d USING (doc_key) "
        f"WHERE (({a1} AND {b2}) OR ({b1} AND {a2})) "
        "ORDER BY d.pub_date NULLS LAST, s.doc_key, s.assessment_idx",
        [*pa1, *pb2, *pb1, *pa2])
    names = [c[0] for c in cur.description or []]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _attach_assessments(points: list[dict[str, Any]], assessments: list[dict[str, Any]],
                        by: By) -> None:
    """Per point: how many assessments fall in it and their mean polarity."""
    by_period: dict[str, list[float]] = {}
    for a in assessments:
        if a["date"]:
            by_period.setdefault(_period_of(a["date"], by), []).append(a["polarity"])
    for p in points:
        values = by_period.get(p["period"], [])
        p["n_assessments"] = len(values)
        p["assessment_polarity"] = round(statistics.fmean(values), 2) if values else None


def _period_of(day: str, by: By) -> str:
    if by == "month":
        return day[:7]
    if by == "day":
        return day[:10]
    d = date.fromisoformat(day[:10])
    return (d - timedelta(days=d.weekday())).isoformat()
