"""Dyadic analytics (issue 9): series, index, trend and change points, the events behind a
point, merged-event counting, and the `dyadwatch dyads` command with its plot."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.analytics import dyads as analytics
from dyadwatch.store import Store


def _event(con: duckdb.DuckDBPyConnection, eid: str, day: str, quad: int, goldstein: float,
           src: str = "KOR", tgt: str = "JPN", modality: str = "asserted",
           src_sector: str | None = "GOV") -> None:
    con.execute("INSERT INTO events (event_id, doc_key, event_idx, cameo, root, goldstein, "
                "quad_class, modality, event_date, sentence) VALUES (?, 'd1', 0, '040', '04', "
                "?, ?, ?, ?, 'A sentence.')", [eid, goldstein, quad, modality, day])
    con.execute("INSERT INTO event_actors VALUES (?, 'source', 0, ?, NULL, NULL, ?, ?, 0, 1)",
                [eid, src, src, src_sector])
    con.execute("INSERT INTO event_actors VALUES (?, 'target', 0, ?, NULL, NULL, ?, NULL, 0, 1)",
                [eid, tgt, tgt])


@pytest.fixture()
def small_db(tmp_path: Path) -> Path:
    """A real store with hand-made events: calm months of verbal cooperation, then a month
    of material conflict."""
    path = tmp_path / "small.duckdb"
    with Store(path) as store:
        con = store.con
        con.execute("INSERT INTO documents (doc_key, content_hash, doc_id, text, pub_date) "
                    "VALUES ('d1', 'h1', 'doc1', 'A sentence.', DATE '2023-01-01')")
        for i, day in enumerate(["2023-01-05", "2023-01-20", "2023-02-03", "2023-03-09",
                                 "2023-03-10"]):
            _event(con, f"c{i}", day, 1, 2.0)
        _event(con, "x1", "2023-05-02", 4, -9.0)
        _event(con, "x2", "2023-05-03", 4, -9.0)
        _event(con, "r1", "2023-02-10", 3, -2.0, src="JPN", tgt="KOR", src_sector=None)
        _event(con, "f1", "2023-02-11", 3, -2.0, modality="future")
        _event(con, "y1", "2023", 1, 1.0)  # dated to the year only
    return path


def test_monthly_series_counts_index_and_change_point(small_db: Path) -> None:
    con = duckdb.connect(str(small_db), read_only=True)
    r = analytics.series(con, "KOR", "JPN", "month")
    con.close()
    points = {p["period"]: p for p in r["points"]}
    assert list(points) == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    assert [points[m]["n_events"] for m in points] == [2, 1, 2, 0, 2]
    assert points["2023-01"]["index"] == 0.5  # all verbal cooperation: Q1 / (2 * N)
    assert points["2023-05"]["index"] == -1.0  # all material conflict
    assert points["2023-04"]["index"] is None  # an empty month is kept, without an index
    assert points["2023-05"]["goldstein_sum"] == -18.0
    assert points["2023-05"]["change_point"] and not points["2023-03"]["change_point"]
    assert r["trend"]["change_points"] == ["2023-05"]
    assert r["trend"]["direction"] == "worsening"
    assert r["n_undated"] == 1 and r["unit"] == "events" and r["modality"] == "asserted"


def test_undirected_sector_and_modalities(small_db: Path) -> None:
    con = duckdb.connect(str(small_db), read_only=True)
    both = analytics.series(con, "KOR", "JPN", "month", undirected=True)
    feb = {p["period"]: p for p in both["points"]}["2023-02"]
    assert (feb["n_events"], feb["q1"], feb["q3"]) == (2, 1, 1)
    allmod = analytics.series(con, "KOR", "JPN", "month", all_modalities=True)
    assert {p["period"]: p for p in allmod["points"]}["2023-02"]["n_events"] == 2
    # the reverse-direction event has no sector: KOR-GOV -> JPN keeps only KOR-GOV sources
    sector = analytics.series(con, "KOR-GOV", "JPN", "month", undirected=True)
    assert {p["period"]: p for p in sector["points"]}["2023-02"]["n_events"] == 1
    weeks = analytics.series(con, "KOR", "JPN", "week")
    assert weeks["points"][0]["period"] == "2023-01-02"  # weeks start on Monday
    assert sum(p["n_events"] for p in weeks["points"]) == 7
    behind = analytics.events_at(con, "KOR", "JPN", "2023-05")
    assert [e["event_id"] for e in behind] == ["x1", "x2"]
    con.close()
    with pytest.raises(analytics.DyadError, match="not a party"):
        analytics.Party.parse("KOR-GOV-X")


def test_merged_events_count_once(small_db: Path) -> None:
    """With event merging (issue 9a's table), two reports of one event count once."""
    with Store(small_db) as store:
        store.con.execute("CREATE TABLE IF NOT EXISTS event_merges (event_id VARCHAR, "
                          "merged_id VARCHAR)")
        store.con.execute("INSERT INTO event_merges (event_id, merged_id) VALUES ('x1', 'm1'), ('x2', 'm1')")
    con = duckdb.connect(str(small_db), read_only=True)
    r = analytics.series(con, "KOR", "JPN", "month")
    may = {p["period"]: p for p in r["points"]}["2023-05"]
    assert r["unit"] == "merged events"
    assert may["n_events"] == 1 and may["goldstein_sum"] == -9.0
    assert [e["event_id"] for e in analytics.events_at(con, "KOR", "JPN", "2023-05")] == \
        ["x1", "x2"]
    con.close()


def _series_cli(run_cli: Any, db: Path, src: str, tgt: str, *extra: str) -> dict[str, Any]:
    res = run_cli("dyads", "--db", str(db), "--source", src, "--target", tgt, "--by", "month",
                  "--format", "json", *extra)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_examples_give_monthly_kor_jpn_and_kor_prk_series_and_a_plot(
        examples_db: Path, run_cli: Any, tmp_path: Path) -> None:
    con = duckdb.connect(str(examples_db), read_only=True)
    for tgt in ("JPN", "PRK"):
        want = con.execute(
            # The series counts merged events (issue 9a), each once.
            "SELECT count(DISTINCT coalesce(m.merged_id, e.event_id)) FROM events e "
            "LEFT JOIN event_merges m ON m.event_id = e.event_id "
            "JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source' "
            "JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target' "
            "WHERE e.modality = 'asserted' AND s.country = 'KOR' AND t.country = ? "
            "AND length(e.event_date) >= 7", [tgt]).fetchone()[0]
        got = _series_cli(run_cli, examples_db, "KOR", tgt)
        assert got["by"] == "month" and len([p for p in got["points"] if p["n_events"]]) >= 2
        assert sum(p["n_events"] for p in got["points"]) == want > 0
        assert all(len(p["period"]) == 7 for p in got["points"])
    con.close()
    png = tmp_path / "kor-prk.png"
    res = run_cli("dyads", "--db", str(examples_db), "--source", "KOR", "--target", "PRK",
                  "--undirected", "--plot", str(png))
    assert res.returncode == 0, res.stderr
    assert "KOR <-> PRK by month" in res.stdout and "index" in res.stdout
    import matplotlib.image

    image = matplotlib.image.imread(png)
    assert image.shape[0] > 400 and image.shape[1] > 600


def test_cli_csv_and_events_at(examples_db: Path, run_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    res = run_cli("dyads", "--db", str(examples_db), "--source", "KOR", "--target", "JPN",
                  "--format", "csv", "-o", str(out))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    busiest = max(rows, key=lambda r: int(r["n_events"]))
    res = run_cli("dyads", "--db", str(examples_db), "--source", "KOR", "--target", "JPN",
                  "--events-at", busiest["period"], "--format", "json")
    events = json.loads(res.stdout)["events"]
    assert len({e["unit"] for e in events}) == int(busiest["n_events"])
    # A merged event counts in its period; each of its reports may be dated less precisely.
    for unit in {e["unit"] for e in events}:
        assert any(e["event_date"].startswith(busiest["period"])
                   for e in events if e["unit"] == unit), unit
    bad = run_cli("dyads", "--db", str(examples_db), "--source", "K-O-R", "--target", "JPN")
    assert bad.returncode == 2 and "not a party" in bad.stderr  # a usage error


def test_one_dyad_count_for_stats_views_pages_and_series(examples_con: duckdb.DuckDBPyConnection,
                                                          examples_db: Path,
                                                          run_cli: Any) -> None:
    """A dyad's count is its asserted merged events wherever it is cited: the `dyads` view
    (stats, API, home page), `v_dyads`, and the `dyads` series (dated points plus undated)."""
    view = examples_con.execute("SELECT source_country, target_country, n_events FROM dyads "
                                "ORDER BY n_events DESC, 1, 2").fetchall()
    assert view == examples_con.execute(
        "SELECT source_country, target_country, n_events FROM v_dyads "
        "ORDER BY n_events DESC, 1, 2").fetchall()
    for source, target, n_events in view[:8]:
        series = analytics.series(examples_con, source, target, "month")
        assert sum(p["n_events"] for p in series["points"]) + series["n_undated"] == n_events
    stats = run_cli("stats", "--db", str(examples_db), "--top", "3")
    assert stats.returncode == 0
    for source, target, n_events in view[:3]:
        assert re.search(rf"{source}\s+│\s+{target}\s+│\s+{n_events}\s", stats.stdout)
