"""Event merging against the DuckDB store: read the mentions not yet merged and the merged
events they could join, cluster them (cluster.py) and write `event_merges` and `merged_events`
in one transaction. Run at the end of every `dyadwatch run`, and by `dyadwatch merge`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from dyadwatch.merge.cluster import Assignment, cluster
from dyadwatch.merge.rules import (
    EventMention,
    MergeSettings,
    actor_identity,
    actor_key,
    content_words,
)
from dyadwatch.store.db import insert_rows


@dataclass(frozen=True)
class MergeStats:
    new_mentions: int  # stored events merged by this call
    joined: int  # of which joined a merged event reported elsewhere
    merged_events: int  # merged events in the store afterwards


_MENTION_SQL = """
SELECT e.event_id, e.doc_key, e.cameo, e.modality, e.reciprocal, e.event_date, e.date_basis,
       d.pub_date, e.sentence
FROM events e JOIN documents d USING (doc_key) WHERE {where}
"""


def load_mentions(con: duckdb.DuckDBPyConnection, where: str,
                  params: Sequence[Any] = ()) -> list[EventMention]:
    """EventMentions of the stored events matching `where` (over `events e`)."""
    rows = con.execute(_MENTION_SQL.format(where=where), list(params)).fetchall()
    if not rows:
        return []
    actors: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"source": [], "target": []})
    for event_id, role, country, actor_id, text in con.execute(
            "SELECT event_id, role, country, actor_id, text FROM event_actors "
            "WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, position",
            [[r[0] for r in rows]]).fetchall():
        actors[event_id][role].append(actor_identity(country, actor_id, text))
    return [_mention(row, actors[row[0]]) for row in rows]


def _mention(row: tuple[Any, ...], actors: dict[str, list[str]]) -> EventMention:
    event_id, key, cameo, modality, reciprocal, event_date, basis, pub_date, sentence = row
    akey = actor_key(actors["source"], actors["target"], cameo[:2], bool(reciprocal))
    if akey == ">":  # nobody known on either side: nothing to compare, never merged
        akey = f"?{event_id}"
    day: date | None = None
    day_basis = "none"
    if event_date and len(event_date) == 10:
        day, day_basis = date.fromisoformat(event_date), basis or "text"
    elif pub_date is not None:
        day, day_basis = pub_date, "publication"
    return EventMention(event_id=event_id, doc_key=key, actor_key=akey, modality=modality,
                        cameo=cameo, day=day, date_basis=day_basis,
                        words=content_words(sentence))


def merge_events(con: duckdb.DuckDBPyConnection, settings: MergeSettings | None = None,
                 rebuild: bool = False) -> MergeStats:
    """Merge every stored event not yet in `event_merges`; with `rebuild`, forget earlier
    merges first. Existing merged events keep their ids and members."""
    settings = settings or MergeSettings()
    con.execute("BEGIN TRANSACTION")
    try:
        if rebuild:
            con.execute("DELETE FROM event_merges")
            con.execute("DELETE FROM merged_events")
        new = load_mentions(con, "e.event_id NOT IN (SELECT event_id FROM event_merges)")
        placed = _placed_near(con, new, settings.window_days)
        assignments = cluster(new, settings, placed)
        _write(con, assignments)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    total = con.execute("SELECT count(*) FROM merged_events").fetchone()
    return MergeStats(new_mentions=len(assignments),
                      joined=sum(1 for a in assignments if a.score is not None),
                      merged_events=int(total[0]) if total else 0)


def _placed_near(con: duckdb.DuckDBPyConnection, new: list[EventMention],
                 window: int) -> list[tuple[EventMention, str]]:
    """Mentions merged on earlier runs that the new ones could join: those dated within the
    window of a new mention, and those of the same documents."""
    days = sorted({m.day for m in new if m.day is not None})
    docs = sorted({m.doc_key for m in new})
    if not new:
        return []
    lo = (days[0] - timedelta(days=window)).isoformat() if days else "9999"
    hi = (days[-1] + timedelta(days=window)).isoformat() if days else "0000"
    merged = dict(con.execute(
        "SELECT em.event_id, em.merged_id FROM event_merges em JOIN events e USING (event_id) "
        "JOIN documents d USING (doc_key) WHERE e.doc_key IN (SELECT unnest(?)) OR "
        "coalesce(CASE WHEN length(e.event_date) = 10 THEN e.event_date END, "
        "strftime(d.pub_date, '%Y-%m-%d')) BETWEEN ? AND ?", [docs, lo, hi]).fetchall())
    if not merged:
        return []
    placed = load_mentions(con, "e.event_id IN (SELECT unnest(?))", [list(merged)])
    return [(m, merged[m.event_id]) for m in placed]


def _write(con: duckdb.DuckDBPyConnection, assignments: list[Assignment]) -> None:
    if not assignments:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    insert_rows(con, "INSERT INTO", "event_merges",
                [(a.event_id, a.merged_id, a.reason, a.score, a.actor_key, now)
                 for a in assignments])
    refresh_merged_events(con, sorted({a.merged_id for a in assignments}), now)


# One row per merged event: the best mention's fields plus counts over all its mentions. The
# best mention is the most confident one, preferring a date read from the text, then a full day,
# then the earliest report.
_MERGED_SQL = """
WITH m AS (
    SELECT em.merged_id, em.actor_key, e.*, d.outlet,
           coalesce(d.pub_date, CAST(d.coded_at AS DATE)) AS seen
    FROM event_merges em JOIN events e USING (event_id) JOIN documents d USING (doc_key)
    WHERE em.merged_id IN (SELECT unnest(?))
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY merged_id ORDER BY confidence DESC NULLS LAST,
           (date_basis = 'text') DESC NULLS LAST, (date_precision = 'day') DESC NULLS LAST,
           seen ASC NULLS LAST, event_id) AS rk
    FROM m
), agg AS (
    SELECT merged_id, count(*) AS n_mentions,
           count(DISTINCT coalesce(outlet, 'document ' || doc_key)) AS n_sources,
           count(DISTINCT doc_key) AS n_articles, min(seen) AS first_seen, max(seen) AS last_seen,
           list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL)) AS outlets
    FROM m GROUP BY merged_id
)
SELECT b.merged_id, b.actor_key, b.event_date, b.date_precision,
       b.source_text, b.source_country, b.source_sector, b.source_id,
       b.target_text, b.target_country, b.target_sector, b.target_id,
       b.cameo, b.root, b.goldstein, b.quad_class, b.plover_type, b.plover_mode,
       b.plover_context, b.modality, b.reciprocal,
       b.location_name, b.location_country, b.lat, b.lon,
       a.n_mentions, a.n_sources, a.n_articles, a.first_seen, a.last_seen, a.outlets,
       b.event_id, b.doc_key, b.sentence, b.start_char, b.end_char, ?::TIMESTAMP
FROM ranked b JOIN agg a USING (merged_id) WHERE b.rk = 1
"""


def refresh_merged_events(con: duckdb.DuckDBPyConnection, merged_ids: list[str],
                          now: datetime) -> None:
    """Recompute the `merged_events` rows of `merged_ids` from their mentions."""
    con.execute("DELETE FROM merged_events WHERE merged_id IN (SELECT unnest(?))", [merged_ids])
    con.execute(f"INSERT INTO merged_events {_MERGED_SQL}", [merged_ids, now])
