"""Why is a merged event one event? Its mentions with their documents and merge reasons."""

from __future__ import annotations

from typing import Any

import duckdb


def explain_merged(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """The merged event `key` (a merged id, or the id of any of its event rows) with every
    mention, best first; None when neither is stored."""
    row = con.execute("SELECT merged_id FROM event_merges WHERE event_id = ? OR merged_id = ? "
                      "LIMIT 1", [key, key]).fetchone()
    if row is None:
        return None
    cur = con.execute("SELECT * FROM v_events WHERE merged_id = ?", [row[0]])
    names = [c[0] for c in cur.description or []]
    event = dict(zip(names, cur.fetchone() or ()))
    cur = con.execute(
        "SELECT event_id, outlet, pub_date, doc_id, event_date, cameo, modality, evidence, "
        "merge_score, merge_reason FROM v_mentions WHERE merged_id = ? "
        "ORDER BY event_id = ? DESC, pub_date NULLS LAST, event_id",
        [row[0], event.get("best_event_id")])
    names = [c[0] for c in cur.description or []]
    event["mentions"] = [dict(zip(names, r)) for r in cur.fetchall()]
    return event
