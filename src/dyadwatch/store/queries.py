"""Read queries behind the dashboard and the REST API (issue #7).

Every value a user supplies reaches DuckDB as a bound parameter; the only text formatted into
SQL are fixed fragments chosen here (column lists, ORDER BY variants, the period length).
Functions take a DuckDB connection (a cursor per request) and return plain dicts, which the API
turns into pydantic models and the pages into HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal

import duckdb

Granularity = Literal["year", "month", "day"]
# Characters of an ISO date kept for each period: '2022', '2022-10', '2022-10-04'.
PERIOD_LENGTH: dict[str, int] = {"year": 4, "month": 7, "day": 10}
ORDERS = {
    "newest": "e.event_date DESC NULLS LAST, e.event_id",
    "oldest": "e.event_date ASC NULLS LAST, e.event_id",
    "goldstein": "e.goldstein ASC NULLS LAST, e.event_date DESC NULLS LAST, e.event_id",
}
REQUIRED_TABLES = ("documents", "mentions", "events", "event_actors", "quotes", "errors")


@dataclass(frozen=True)
class EventFilter:
    """Which events to list. Every field is optional; set fields are combined with AND.

    `source`/`target`/`actor` match an actor's country code or its knowledge-base id on that
    side (any actor of a multi-party event); `country` matches either side. `cameo` is a code
    prefix ("19" is every fight). Dates compare at the precision given: `date_to="2022-10"`
    includes every day of October 2022. `q` is a case-insensitive substring of the sentence or
    the document title. With `both_directions`, source and target may also be swapped.
    """

    source: str | None = None
    target: str | None = None
    both_directions: bool = False
    country: str | None = None
    actor: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    q: str | None = None
    doc_key: str | None = None

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> EventFilter:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


@dataclass(frozen=True)
class Page:
    """One page of a listing."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


# Uncorrelated IN subqueries: DuckDB runs each once as a hash semi-join, about three times
# faster than the equivalent correlated EXISTS on 100k events (benchmarks/bench_serve.py).
_SIDE = ("e.event_id IN (SELECT event_id FROM event_actors WHERE role = ? "
         "AND (country = ? OR actor_id = ?))")
_EITHER_SIDE_COUNTRY = "e.event_id IN (SELECT event_id FROM event_actors WHERE country = ?)"
_EITHER_SIDE_ACTOR = "e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)"


def _side(role: str, key: str) -> list[Any]:
    """Parameters of `_SIDE` for one role and one country code or actor id."""
    return [role, key, key]


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (over `events e JOIN documents d`) and its parameters for a filter."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if f.source and f.target and f.both_directions:
        fwd = [*_side("source", f.source), *_side("target", f.target)]
        rev = [*_side("source", f.target), *_side("target", f.source)]
        add(f"(({_SIDE} AND {_SIDE}) OR ({_SIDE} AND {_SIDE}))", *fwd, *rev)
    else:
        if f.source:
            add(_SIDE, *_side("source", f.source))
        if f.target:
            add(_SIDE, *_side("target", f.target))
    if f.country:
        add(_EITHER_SIDE_COUNTRY, f.country)
    if f.actor:
        add(_EITHER_SIDE_ACTOR, f.actor)
    if f.cameo:
        add("starts_with(e.cameo, ?)", f.cameo)
    if f.plover:
        add("e.plover_type = ?", f.plover)
    if f.quad_class is not None:
        add("e.quad_class = ?", f.quad_class)
    if f.modality:
        add("e.modality = ?", f.modality)
    if f.date_from:
        add("left(e.event_date, ?) >= ?", len(f.date_from), f.date_from)
    if f.date_to:
        add("left(e.event_date, ?) <= ?", len(f.date_to), f.date_to)
    if f.outlet:
        add("d.outlet = ?", f.outlet)
    if f.q:
        add("(contains(lower(e.sentence), lower(?)) OR contains(lower(d.title), lower(?)))",
            f.q, f.q)
    if f.doc_key:
        add("e.doc_key = ?", f.doc_key)
    return (" AND ".join(clauses) or "TRUE"), params


_EVENT_COLUMNS = """
    e.event_id, e.doc_key, e.event_idx, d.doc_id, d.title, d.pub_date, d.outlet,
    e.event_date, e.date_precision, e.date_text, e.cameo, e.root, e.goldstein, e.quad_class,
    e.plover_type, e.plover_mode, e.modality, e.reciprocal, e.sentence, e.start_char,
    e.end_char, substr(d.text, e.start_char + 1, e.end_char - e.start_char) AS evidence,
    e.trigger_text, e.confidence, e.location_name
"""


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [c[0] for c in cur.description or []]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def list_events(con: duckdb.DuckDBPyConnection, f: EventFilter, limit: int = 50,
                offset: int = 0, order: str = "newest") -> Page:
    """A page of events matching `f`, each with its actors and evidence span."""
    where, params = event_where(f)
    base = f"FROM events e JOIN documents d USING (doc_key) WHERE {where}"
    total = int(_scalar(con, f"SELECT count(*) {base}", params))
    cur = con.execute(f"SELECT {_EVENT_COLUMNS} {base} ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?",
                      [*params, limit, offset])
    items = _dicts(cur)
    attach_actors(con, items)
    return Page(items=items, total=total, limit=limit, offset=offset)


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    cur = con.execute(f"SELECT {_EVENT_COLUMNS} FROM events e JOIN documents d USING (doc_key) "
                      "WHERE e.event_id = ?", [event_id])
    items = _dicts(cur)
    attach_actors(con, items)
    return items[0] if items else None


def attach_actors(con: duckdb.DuckDBPyConnection, events: list[dict[str, Any]]) -> None:
    """Add `source` and `target` actor lists to each event dict, in stored order."""
    for event in events:
        event["source"], event["target"] = [], []
    if not events:
        return
    by_id = {e["event_id"]: e for e in events}
    cur = con.execute(
        "SELECT event_id, role, text, name, actor_id AS id, country, sector, start_char, end_char "
        "FROM event_actors WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, position",
        [list(by_id)])
    for row in _dicts(cur):
        event = by_id[row.pop("event_id")]
        event[row.pop("role")].append(row)


# -- overview and dyads --------------------------------------------------------------------

def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: int(_scalar(con, f"SELECT count(*) FROM {t}"))
            for t in ("documents", "events", "mentions", "quotes", "errors")}


def list_dyads(con: duckdb.DuckDBPyConnection, country: str | None = None, limit: int = 20,
               offset: int = 0) -> Page:
    """Directed country pairs over asserted events, most frequent first."""
    where, params = ("source_country = ? OR target_country = ?", [country, country]) if country \
        else ("TRUE", [])
    total = int(_scalar(con, f"SELECT count(*) FROM dyads WHERE {where}", params))
    cur = con.execute(
        "SELECT source_country, target_country, n_events, mean_goldstein, n_cooperation, "
        f"n_conflict, first_date, last_date FROM dyads WHERE {where} "
        "ORDER BY n_events DESC, source_country, target_country LIMIT ? OFFSET ?",
        [*params, limit, offset])
    return Page(items=_dicts(cur), total=total, limit=limit, offset=offset)


def dyad_summary(con: duckdb.DuckDBPyConnection, source: str,
                 target: str) -> dict[str, Any] | None:
    cur = con.execute(
        "SELECT source_country, target_country, n_events, mean_goldstein, n_cooperation, "
        "n_conflict, first_date, last_date FROM dyads "
        "WHERE source_country = ? AND target_country = ?", [source, target])
    rows = _dicts(cur)
    return rows[0] if rows else None


def dyad_series(con: duckdb.DuckDBPyConnection, source: str, target: str,
                granularity: Granularity = "month") -> dict[str, Any]:
    """Cooperation-conflict time series of one directed dyad, in the units the dyads view
    counts (dyad_units: real-world events). Events dated less precisely than `granularity`
    cannot be placed in a period; they are counted in `n_undated` rather than guessed."""
    n = PERIOD_LENGTH[granularity]
    units = "SELECT * FROM dyad_units WHERE source_country = ? AND target_country = ?"
    cur = con.execute(
        f"WITH units AS ({units}) "
        "SELECT left(event_date, ?) AS period, count(*) AS n_events, "
        "round(avg(goldstein), 2) AS mean_goldstein, round(sum(goldstein), 2) AS sum_goldstein, "
        "count(*) FILTER (WHERE quad_class IN (1, 2)) AS n_cooperation, "
        "count(*) FILTER (WHERE quad_class IN (3, 4)) AS n_conflict "
        "FROM units WHERE length(event_date) >= ? GROUP BY period ORDER BY period",
        [source, target, n, n])
    points = _dicts(cur)
    undated = _scalar(con, f"WITH units AS ({units}) SELECT count(*) FROM units "
                      "WHERE event_date IS NULL OR length(event_date) < ?", [source, target, n])
    return {"source": source, "target": target, "granularity": granularity,
            "points": points, "n_undated": int(undated)}


def latest_events(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    return list_events(con, EventFilter(), limit=limit).items


def outlets(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL "
                       "ORDER BY outlet").fetchall()
    return [r[0] for r in rows]


def plover_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT DISTINCT plover_type FROM events WHERE plover_type IS NOT NULL "
                       "ORDER BY plover_type").fetchall()
    return [r[0] for r in rows]


# -- actors ----------------------------------------------------------------------------------

def list_actors(con: duckdb.DuckDBPyConnection, q: str | None = None, limit: int = 50,
                offset: int = 0) -> Page:
    """Knowledge-base actors (by id) and countries that take part in events, busiest first."""
    union = (
        "SELECT actor_id AS key, 'actor' AS kind, any_value(name) AS name, "
        "any_value(country) AS country, count(DISTINCT event_id) AS n_events "
        "FROM event_actors WHERE actor_id IS NOT NULL GROUP BY actor_id "
        "UNION ALL "
        "SELECT country AS key, 'country' AS kind, NULL AS name, country, "
        "count(DISTINCT event_id) AS n_events FROM event_actors WHERE country IS NOT NULL "
        "GROUP BY country")
    where, params = ("TRUE", []) if not q else (
        "contains(lower(coalesce(name, '')), lower(?)) OR contains(lower(key), lower(?))", [q, q])
    total = int(_scalar(con, f"SELECT count(*) FROM ({union}) WHERE {where}", params))
    cur = con.execute(f"SELECT * FROM ({union}) WHERE {where} "
                      "ORDER BY n_events DESC, key LIMIT ? OFFSET ?", [*params, limit, offset])
    return Page(items=_dicts(cur), total=total, limit=limit, offset=offset)


def actor_kind(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """'actor' when `key` is a knowledge-base id seen in events or quotes, 'country' when it is
    a country code seen there, else None."""
    if _scalar(con, "SELECT count(*) FROM event_actors WHERE actor_id = ?", [key]) or \
            _scalar(con, "SELECT count(*) FROM quotes WHERE speaker_id = ?", [key]):
        return "actor"
    if _scalar(con, "SELECT count(*) FROM event_actors WHERE country = ?", [key]) or \
            _scalar(con, "SELECT count(*) FROM quotes WHERE speaker_country = ?", [key]):
        return "country"
    return None


def actor_profile(con: duckdb.DuckDBPyConnection, key: str,
                  granularity: Granularity = "month") -> dict[str, Any] | None:
    """Who an actor is, how it was coded (country, sector) and its roles (source/target) per
    period. None when the key is unknown."""
    kind = actor_kind(con, key)
    if kind is None:
        return None
    column = "a.actor_id" if kind == "actor" else "a.country"
    n = PERIOD_LENGTH[granularity]
    names = [r[0] for r in con.execute(
        f"SELECT DISTINCT coalesce(a.name, a.text) FROM event_actors a WHERE {column} = ? "
        "ORDER BY 1 LIMIT 10", [key]).fetchall()]
    cur = con.execute(
        "SELECT coalesce(left(e.event_date, ?), 'undated') AS period, a.role, a.country, "
        "a.sector, count(DISTINCT e.event_id) AS n_events, round(avg(e.goldstein), 2) "
        f"AS mean_goldstein FROM event_actors a JOIN events e USING (event_id) WHERE {column} = ? "
        "GROUP BY ALL ORDER BY period, a.role, a.country, a.sector NULLS FIRST", [n, key])
    roles = _dicts(cur)
    totals = con.execute(
        "SELECT count(DISTINCT e.event_id) FILTER (WHERE a.role = 'source'), "
        "count(DISTINCT e.event_id) FILTER (WHERE a.role = 'target'), "
        "min(e.event_date), max(e.event_date) "
        f"FROM event_actors a JOIN events e USING (event_id) WHERE {column} = ?", [key]).fetchone()
    as_source, as_target, first, last = totals if totals else (0, 0, None, None)
    return {"key": key, "kind": kind, "names": names, "granularity": granularity,
            "n_as_source": as_source, "n_as_target": as_target, "first_date": first,
            "last_date": last, "roles": roles}


# -- quotes and documents --------------------------------------------------------------------

def list_quotes(con: duckdb.DuckDBPyConnection, speaker: str | None = None,
                language: str | None = None, q: str | None = None, doc_key: str | None = None,
                limit: int = 50, offset: int = 0) -> Page:
    """Direct quotes, newest documents first. `speaker` is a country code or actor id."""
    clauses, params = ["TRUE"], []
    if speaker:
        clauses.append("(qt.speaker_country = ? OR qt.speaker_id = ?)")
        params += [speaker, speaker]
    if language:
        clauses.append("qt.language = ?")
        params.append(language)
    if q:
        clauses.append("(contains(lower(qt.text), lower(?)) OR "
                       "contains(lower(coalesce(qt.speaker_text, '')), lower(?)))")
        params += [q, q]
    if doc_key:
        clauses.append("qt.doc_key = ?")
        params.append(doc_key)
    base = f"FROM quotes qt JOIN documents d USING (doc_key) WHERE {' AND '.join(clauses)}"
    total = int(_scalar(con, f"SELECT count(*) {base}", params))
    cur = con.execute(
        "SELECT qt.doc_key, qt.quote_idx, qt.text, qt.speaker_text, qt.speaker_name, "
        "qt.speaker_id, qt.speaker_country, qt.speaker_sector, qt.quote_date, qt.language, "
        f"qt.start_char, qt.end_char, d.title, d.pub_date, d.outlet {base} "
        "ORDER BY d.pub_date DESC NULLS LAST, qt.doc_key, qt.quote_idx LIMIT ? OFFSET ?",
        [*params, limit, offset])
    return Page(items=_dicts(cur), total=total, limit=limit, offset=offset)


_DOC_COLUMNS = ("doc_key, doc_id, source, url, title, pub_date, outlet, author, language, "
                "n_events, warnings")


def list_documents(con: duckdb.DuckDBPyConnection, q: str | None = None,
                   outlet: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    clauses, params = ["TRUE"], []
    if q:
        clauses.append("(contains(lower(coalesce(title, '')), lower(?)) OR "
                       "contains(lower(doc_id), lower(?)))")
        params += [q, q]
    if outlet:
        clauses.append("outlet = ?")
        params.append(outlet)
    where = " AND ".join(clauses)
    total = int(_scalar(con, f"SELECT count(*) FROM documents WHERE {where}", params))
    cur = con.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where} "
                      "ORDER BY pub_date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
                      [*params, limit, offset])
    return Page(items=_dicts(cur), total=total, limit=limit, offset=offset)


def get_document(con: duckdb.DuckDBPyConnection, doc_key: str) -> dict[str, Any] | None:
    """A document with its cleaned text, events, quotes and mentions (all offsets index
    `text`)."""
    rows = _dicts(con.execute(f"SELECT {_DOC_COLUMNS}, text FROM documents WHERE doc_key = ?",
                              [doc_key]))
    if not rows:
        return None
    doc = rows[0]
    doc["events"] = list_events(con, EventFilter(doc_key=doc_key), limit=10_000,
                                order="oldest").items
    doc["events"].sort(key=lambda e: e["event_idx"])
    doc["quotes"] = list_quotes(con, doc_key=doc_key, limit=10_000).items
    doc["mentions"] = _dicts(con.execute(
        "SELECT mention_idx, text, name, actor_id AS id, country, sector, start_char, end_char "
        "FROM mentions WHERE doc_key = ? ORDER BY mention_idx", [doc_key]))
    return doc


def missing_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables of the dyadwatch schema that the database lacks (empty for a usable store)."""
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    return [t for t in (*REQUIRED_TABLES, "dyads") if t not in present]
