"""Event merging (issue 9): real pipeline, real DuckDB files, real CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.merge.evaluate import bcubed, evaluate_merging, pairwise
from dyadwatch.merge.rules import EventMention, MergeSettings, actor_key, content_words, match
from dyadwatch.runner import run_into_store
from dyadwatch.store import Store

# Three outlets report one call (5 February 2024); a second call follows nine days later.
FIRST_RUN = [
    {"id": "herald-call", "outlet": "Harbor Herald", "date": "2024-02-05",
     "text": "South Korean President Yoon Suk Yeol held a phone call with Japanese Prime "
             "Minister Fumio Kishida on Monday to discuss North Korea's missile launches."},
    {"id": "wire-call", "outlet": "Capital Wire", "date": "2024-02-06",
     "text": "Japan's Prime Minister Fumio Kishida spoke by telephone with South Korean "
             "President Yoon Suk Yeol on Monday, the Japanese government said."},
    {"id": "herald-second-call", "outlet": "Harbor Herald", "date": "2024-02-14",
     "text": "President Yoon Suk Yeol talked by phone with Japanese Prime Minister Fumio "
             "Kishida again on Wednesday."},
]
SECOND_RUN = [
    {"id": "gazette-call", "outlet": "Eastern Gazette", "date": "2024-02-05",
     "text": "President Yoon and Prime Minister Kishida of Japan held telephone talks on "
             "February 5."},
]


def _jsonl(path: Path, docs: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def calls_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> dict[str, Any]:
    """A DuckDB file built in two runs; returns its path and the merged ids after run one."""
    tmp = tmp_path_factory.mktemp("merge")
    db = tmp / "calls.duckdb"
    with Store(db) as store:
        first = run_into_store([_jsonl(tmp / "one.jsonl", FIRST_RUN)], store, pipeline)
        before = dict(store.con.execute(
            "SELECT d.doc_id, arg_min(em.merged_id, e.event_idx) FROM event_merges em "
            "JOIN events e USING (event_id) JOIN documents d USING (doc_key) "
            "GROUP BY d.doc_id").fetchall())
        second = run_into_store([_jsonl(tmp / "two.jsonl", SECOND_RUN)], store, pipeline)
    return {"db": db, "before": before, "first": first, "second": second}


def _call_events(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute(
        "SELECT merged_id, event_date, n_sources, n_articles, n_mentions, outlets "
        "FROM merged_events WHERE actor_key = 'JPN~KOR' AND root = '04' "
        "AND modality = 'asserted' ORDER BY event_date").fetchall()


def test_three_outlets_one_call_and_a_second_call_stays_apart(calls_db: dict[str, Any]) -> None:
    with duckdb.connect(str(calls_db["db"]), read_only=True) as con:
        calls = _call_events(con)
        assert [(c[1], c[2], c[3]) for c in calls] == [("2024-02-05", 3, 3),
                                                       ("2024-02-14", 1, 1)]
        assert calls[0][5] == ["Capital Wire", "Eastern Gazette", "Harbor Herald"]
        assert calls[0][4] >= 3  # every report has at least one mention
        # Every stored event row is mapped to exactly one merged event that exists.
        assert con.execute("SELECT count(*) FROM events WHERE event_id NOT IN "
                           "(SELECT event_id FROM event_merges)").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM event_merges WHERE merged_id NOT IN "
                           "(SELECT merged_id FROM merged_events)").fetchone() == (0,)
        assert con.execute("SELECT sum(n_mentions) FROM merged_events").fetchone() == \
            con.execute("SELECT count(*) FROM events").fetchone()
        # The best evidence is one of the event's own sentences.
        best = con.execute("SELECT count(*) FROM merged_events m JOIN event_merges em "
                           "ON em.event_id = m.best_event_id AND em.merged_id = m.merged_id"
                           ).fetchone()
        assert best == con.execute("SELECT count(*) FROM merged_events").fetchone()


def test_a_later_run_joins_the_existing_event(calls_db: dict[str, Any]) -> None:
    """Incremental: the report stored on the second run joins the merged event created on the
    first, whose id does not change, and the reason names the shared actors and date."""
    first_call = calls_db["before"]["herald-call"]
    assert calls_db["before"]["wire-call"] == first_call
    assert calls_db["before"]["herald-second-call"] != first_call
    with duckdb.connect(str(calls_db["db"]), read_only=True) as con:
        row = con.execute(
            "SELECT em.merged_id, em.reason, em.score FROM event_merges em "
            "JOIN events e USING (event_id) JOIN documents d USING (doc_key) "
            "WHERE d.doc_id = 'gazette-call' ORDER BY e.event_idx LIMIT 1").fetchone()
    assert row is not None
    merged_id, reason, score = row
    assert merged_id == first_call
    assert "JPN~KOR" in reason and "2024-02-05" in reason
    assert score >= MergeSettings().threshold
    assert calls_db["second"].merged_events == calls_db["first"].merged_events


def test_rebuild_gives_the_same_clusters(calls_db: dict[str, Any], tmp_path: Path) -> None:
    from dyadwatch.merge import merge_events

    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(calls_db["db"].read_bytes())
    with Store(copy) as store:
        before = _call_events(store.con)
        stats = merge_events(store.con, rebuild=True)
        after = _call_events(store.con)
        n_events = store.count("events")
    assert stats.new_mentions == n_events  # every row is merged again
    assert [c[1:4] for c in after] == [c[1:4] for c in before]


def _mention(event_id: str, key: str, cameo: str, day: str | None, sentence: str,
             doc: str = "d1", modality: str = "asserted") -> EventMention:
    return EventMention(event_id=event_id, doc_key=doc, actor_key=key, modality=modality,
                        cameo=cameo, day=date.fromisoformat(day) if day else None,
                        date_basis="text", words=content_words(sentence))


def test_merge_rule_hard_constraints() -> None:
    s = MergeSettings()
    call = _mention("a", "JPN~KOR", "040", "2024-02-05", "Yoon spoke by phone with Kishida")
    assert match(_mention("b", "JPN~KOR", "041", "2024-02-05", "Kishida phoned Yoon"), call, s)
    # Different actors, code roots, modality, or a day gap beyond the window: never merged.
    assert match(_mention("b", "CHN~KOR", "040", "2024-02-05", "Yoon phoned Xi"), call, s) is None
    assert match(_mention("b", "JPN~KOR", "111", "2024-02-05", "Yoon criticized"), call, s) is None
    assert match(_mention("b", "JPN~KOR", "040", "2024-02-05", "Yoon will phone Kishida",
                          modality="future"), call, s) is None
    assert match(_mention("b", "JPN~KOR", "040", "2024-02-07", "Yoon spoke by phone with "
                          "Kishida"), call, s) is None
    # Undated mentions only merge inside their own document.
    undated = _mention("c", "JPN~KOR", "040", None, "Yoon spoke by phone with Kishida", "d2")
    assert match(undated, call, s) is None
    assert match(_mention("c", "JPN~KOR", "040", None, "the call", "d1"), call, s)


def test_merge_rule_recipient_missing_in_one_report() -> None:
    s = MergeSettings()
    shelling = _mention("a", "PRK>KOR", "194", "2024-01-05", "North Korea fired artillery "
                        "shells at South Korean islands")
    vague = _mention("b", "PRK>", "194", "2024-01-05", "North Korea fired artillery shells")
    found = match(vague, shelling, s)
    assert found is not None and "names no recipient" in found.reason
    assert match(_mention("c", "USA>", "194", "2024-01-05", "artillery shells"), shelling,
                 s) is None


def test_actor_keys() -> None:
    assert actor_key(["KOR"], ["JPN"], "04", reciprocal=False) == "JPN~KOR"
    assert actor_key(["JPN"], ["KOR"], "04", reciprocal=False) == "JPN~KOR"
    assert actor_key(["KOR"], ["JPN"], "11", reciprocal=False) == "KOR>JPN"
    assert actor_key(["PRK"], [], "15", reciprocal=False) == "PRK>"
    assert actor_key(["USA", "KOR"], ["PRK"], "11", reciprocal=False) == "KOR+USA>PRK"


def test_cluster_scores() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    lumped = {k: "x" for k in gold}
    assert bcubed(lumped, gold) == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert pairwise(lumped, gold) == {"precision": round(2 / 6, 4), "recall": 1.0, "f1": 0.5}
    alone = {k: k for k in gold}
    assert bcubed(alone, gold)["recall"] == 0.5 and pairwise(alone, gold)["recall"] == 0.0


def test_hand_clustered_set_floor(pipeline: Any) -> None:
    """The figures in docs/accuracy.md ("Event merging"): B-cubed over documents of the
    hand-clustered set, coded and merged by the real pipeline."""
    result = evaluate_merging(pipeline)
    assert result["documents"] >= 100 and result["gold_events"] >= 30
    assert result["bcubed"]["precision"] >= 0.95
    assert result["bcubed"]["recall"] >= 0.85
    assert result["pairwise"]["precision"] >= 0.95
    assert result["bcubed_coded"]["recall"] >= 0.9


def test_a_mention_matching_two_new_events_links_them() -> None:
    """Single link, whatever the order: 'a0' and 'a1' share too few words to merge and are
    placed first (ids sort first), then 'b' matches both and they become one event."""
    from dyadwatch.merge.cluster import cluster

    a0 = _mention("a0", "PRK>", "150", "2024-01-14", "Pyongyang launched rockets toward waters "
                  "off Wonsan", doc="d3")
    a1 = _mention("a1", "PRK>", "150", "2024-01-14", "North Korea fired a ballistic missile "
                  "into the East Sea", doc="d1")
    b = _mention("b", "PRK>", "150", "2024-01-14", "Pyongyang fired a ballistic missile "
                 "toward the East Sea", doc="d2")
    assert match(a0, a1, MergeSettings()) is None
    assert match(b, a0, MergeSettings()) and match(b, a1, MergeSettings())
    for order in ([a0, a1, b], [b, a1, a0]):
        result = {r.event_id: r for r in cluster(order, MergeSettings())}
        assert len({r.merged_id for r in result.values()}) == 1
        founders = [r for r in result.values() if r.score is None]
        assert len(founders) == 2
        assert sum("linked to" in r.reason and "by b" in r.reason for r in founders) == 1
