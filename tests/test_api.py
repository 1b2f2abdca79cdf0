"""The REST API (#7) over the database built from examples/: every answer is checked against
plain SQL on the same file, never against numbers written into the test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import scalar

from dyadwatch.api import create_app
from dyadwatch.errors import StoreError

pytest.importorskip("httpx", reason="the API tests need httpx (pip install -e '.[dev]')")
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(examples_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(examples_db), base_url="http://127.0.0.1") as c:
        yield c


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, (url, r.text)
    return r.json()


def all_events(client: TestClient, query: str) -> list[dict[str, Any]]:
    """Every event of a filter, page by page (small pages, to exercise pagination)."""
    items: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = get_json(client, f"/api/events?{query}&limit=7&offset={offset}")
        items += page["items"]
        offset += 7
        if offset >= page["total"]:
            assert len(items) == page["total"]
            return items


def test_overview_counts_and_top_dyads_match_sql(client: TestClient,
                                                  examples_con: duckdb.DuckDBPyConnection) -> None:
    body = get_json(client, "/api/overview?top=5")
    for table in ("documents", "events", "mentions", "quotes", "errors"):
        assert body["counts"][table] == scalar(examples_con, f"SELECT count(*) FROM {table}")
    expected = examples_con.execute(
        "SELECT source_country, target_country, n_events FROM dyads "
        "ORDER BY n_events DESC, source_country, target_country LIMIT 5").fetchall()
    assert [(d["source_country"], d["target_country"], d["n_events"])
            for d in body["top_dyads"]] == expected
    dates = [e["event_date"] for e in body["latest_events"] if e["event_date"]]
    assert dates == sorted(dates, reverse=True) and dates[0] == scalar(
        examples_con, "SELECT max(event_date) FROM events")


def test_pages_of_events_cover_the_filter_once(client: TestClient,
                                                examples_con: duckdb.DuckDBPyConnection) -> None:
    items = all_events(client, "order=oldest")
    ids = [e["event_id"] for e in items]
    assert len(ids) == len(set(ids)) == scalar(examples_con, "SELECT count(*) FROM events")


@pytest.mark.parametrize(("query", "where"), [
    ("cameo=19", "e.cameo LIKE '19%'"),
    ("quad_class=4", "e.quad_class = 4"),
    ("modality=future", "e.modality = 'future'"),
    ("plover=CONSULT", "e.plover_type = 'CONSULT'"),
    ("outlet=Example%20Wire", "d.outlet = 'Example Wire'"),
    ("q=MISSILE", "lower(e.sentence) LIKE '%missile%' OR lower(d.title) LIKE '%missile%'"),
    ("date_from=2022-11&date_to=2022-12", "left(e.event_date, 7) BETWEEN '2022-11' AND '2022-12'"),
    ("country=PRK", "e.event_id IN (SELECT event_id FROM event_actors WHERE country = 'PRK')"),
    ("actor=p:yoon-suk-yeol",
     "e.event_id IN (SELECT event_id FROM event_actors WHERE actor_id = 'p:yoon-suk-yeol')"),
    ("source=KOR&target=JPN",
     ("e.event_id IN (SELECT s.event_id FROM event_actors s JOIN event_actors t USING (event_id) "
      "WHERE s.role = 'source' AND s.country = 'KOR' AND t.role = 'target' AND t.country = "
      "'JPN')")),
    ("source=KOR&target=JPN&both_directions=true",
     ("e.event_id IN (SELECT s.event_id FROM event_actors s JOIN event_actors t USING (event_id) "
      "WHERE s.role = 'source' AND t.role = 'target' AND ((s.country = 'KOR' AND t.country = "
      "'JPN') OR (s.country = 'JPN' AND t.country = 'KOR')))")),
])
def test_event_filters_match_sql(client: TestClient, examples_con: duckdb.DuckDBPyConnection,
                                 query: str, where: str) -> None:
    expected = {r[0] for r in examples_con.execute(
        f"SELECT e.event_id FROM events e JOIN documents d USING (doc_key) WHERE {where}"
    ).fetchall()}
    assert expected, f"the examples should have events for {query}"
    assert {e["event_id"] for e in all_events(client, query)} == expected


def test_event_evidence_points_into_document_and_sentence(client: TestClient) -> None:
    doc_key = get_json(client, "/api/documents?limit=1")["items"][0]["doc_key"]
    doc = get_json(client, f"/api/documents/{doc_key}")
    assert doc["events"], "the newest example document has events"
    for e in doc["events"]:
        assert doc["text"][e["start_char"]:e["end_char"]] == e["evidence"]
        span = e["evidence_in_sentence"]
        assert e["sentence"][span["start"]:span["end"]] == e["evidence"]
        trig = e["trigger_in_sentence"]
        assert e["sentence"][trig["start"]:trig["end"]] == e["trigger_text"]
        for actor in e["source"] + e["target"]:
            assert doc["text"][actor["start_char"]:actor["end_char"]] == actor["text"]
        assert get_json(client, f"/api/events/{e['event_id']}") == e
    for qt in doc["quotes"]:
        assert doc["text"][qt["start_char"]:qt["end_char"]] == qt["text"]


def test_dyad_series_points_list_exactly_their_events(client: TestClient) -> None:
    top = get_json(client, "/api/dyads?limit=1")["items"][0]
    src, tgt = top["source_country"], top["target_country"]
    for granularity in ("month", "year", "day"):
        series = get_json(client, f"/api/dyads/{src}/{tgt}/series?granularity={granularity}")
        assert sum(p["n_events"] for p in series["points"]) + series["n_undated"] \
            == top["n_events"]
        assert [p["period"] for p in series["points"]] == sorted(p["period"]
                                                                  for p in series["points"])
        for p in series["points"]:
            assert p["n_cooperation"] + p["n_conflict"] <= p["n_events"]
            # A point counts real-world events; the events listed for its period are their
            # reports there (one or more each).
            listed = all_events(client, f"source={src}&target={tgt}&modality=asserted"
                                        f"&date_from={p['period']}&date_to={p['period']}")
            assert len(listed) >= p["n_events"], (granularity, p)
            assert all(e["event_date"].startswith(p["period"]) for e in listed)


def test_actor_profile_matches_sql(client: TestClient,
                                   examples_con: duckdb.DuckDBPyConnection) -> None:
    actors = get_json(client, "/api/actors?limit=200")
    kinds = {a["kind"] for a in actors["items"]}
    assert kinds == {"actor", "country"}
    person = next(a for a in actors["items"] if a["kind"] == "actor")
    profile = get_json(client, f"/api/actors/{person['key']}")
    assert profile["n_as_source"] == scalar(examples_con, (
        "SELECT count(DISTINCT event_id) FROM event_actors WHERE role = 'source' "
        f"AND actor_id = '{person['key']}'"))
    assert sum(r["n_events"] for r in profile["roles"]) >= person["n_events"]
    assert person["name"] in profile["names"]
    country = get_json(client, "/api/actors/PRK")
    assert country["kind"] == "country" and country["n_as_source"] == scalar(
        examples_con, "SELECT count(DISTINCT event_id) FROM event_actors "
                      "WHERE role = 'source' AND country = 'PRK'")


def test_quotes_filter_by_speaker(client: TestClient,
                                  examples_con: duckdb.DuckDBPyConnection) -> None:
    speaker = scalar(examples_con, "SELECT speaker_country FROM quotes "
                                   "WHERE speaker_country IS NOT NULL LIMIT 1")
    page = get_json(client, f"/api/quotes?speaker={speaker}")
    assert page["total"] == scalar(examples_con, "SELECT count(*) FROM quotes "
                                                 f"WHERE speaker_country = '{speaker}'")
    assert {q["speaker_country"] for q in page["items"]} == {speaker}
    assert get_json(client, "/api/quotes?language=ko")["total"] == scalar(
        examples_con, "SELECT count(*) FROM quotes WHERE language = 'ko'")


@pytest.mark.parametrize(("query", "field"), [
    ("quad_class=7", "quad_class"),
    ("cameo=19a", "cameo"),
    ("date_from=2022-13", "date_from"),
    ("date_to=2023-02-30", "date_to"),
    ("limit=0", "limit"),
    ("limit=100000", "limit"),
    ("offset=-1", "offset"),
    ("modality=probably", "modality"),
    ("source=%27;DROP%20TABLE%20events;--", "source"),
    ("country=kor", "country"),
    ("colour=red", "colour"),
])
def test_invalid_filters_are_422_naming_the_parameter(client: TestClient, query: str,
                                                      field: str) -> None:
    body = get_json(client, f"/api/events?{query}", status=422)
    assert [d["loc"][-1] for d in body["detail"]] == [field]


def test_dates_out_of_order_are_422(client: TestClient) -> None:
    body = get_json(client, "/api/events?date_from=2023-01&date_to=2022-12-31", status=422)
    assert "after date_to" in body["detail"][0]["msg"]


def test_text_filter_is_a_parameter_not_sql(client: TestClient,
                                            examples_con: duckdb.DuckDBPyConnection) -> None:
    before = scalar(examples_con, "SELECT count(*) FROM events")
    page = get_json(client, "/api/events?q=%27%29%20OR%201%3D1%3B%20DROP%20TABLE%20events%3B--")
    assert page["total"] == 0
    assert get_json(client, "/api/overview")["counts"]["events"] == before


@pytest.mark.parametrize("url", [
    "/api/events/0000000000000000-0", "/api/documents/0000000000000000",
    "/api/actors/XYZ", "/api/dyads/KOR/ZZZ/series",
])
def test_unknown_items_are_404(client: TestClient, url: str) -> None:
    assert "detail" in get_json(client, url, status=404)


def test_server_is_read_only_by_default(client: TestClient) -> None:
    r = client.post("/api/documents", json=[{"id": "x", "text": "Seoul criticized Pyongyang."}])
    assert r.status_code == 405
    with pytest.raises(duckdb.Error):
        client.app.state.store.con.execute("CREATE TABLE scratch (x INTEGER)")  # type: ignore[attr-defined]


def test_writable_server_codes_and_stores_posted_documents(examples_db: Path, tmp_path: Path,
                                                           pipeline: Any) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    app = create_app(db, writable=True)
    app.state.pipeline = pipeline  # reuse the session's spaCy pipeline
    doc = {"id": "posted", "date": "2023-03-16",
           "text": "South Korea criticized North Korea on Thursday."}
    with TestClient(app, base_url="http://127.0.0.1") as c:
        before = get_json(c, "/api/overview")["counts"]
        first = c.post("/api/documents", json=[doc]).json()
        again = c.post("/api/documents", json=[doc]).json()
        after = get_json(c, "/api/overview")["counts"]
        bad = c.post("/api/documents", json=[{"id": "x"}])
    assert (first["stored"], first["skipped"]) == (1, 0)
    assert (again["stored"], again["skipped"]) == (0, 1)
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + first["events"]
    assert bad.status_code == 422


def test_a_posted_document_over_a_million_characters_is_stored(examples_db: Path,
                                                                tmp_path: Path,
                                                                pipeline: Any) -> None:
    """It used to be a 500 (spaCy's E088): now it is coded in pieces, with its batch."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    app = create_app(db, writable=True)
    app.state.pipeline = pipeline
    long = ("Chile criticized Peru on Monday.\n\n"
            + "The markets were quiet that week and the weather calm. " * 19_000)
    assert len(long) > 1_000_000
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r = c.post("/api/documents", json=[{"id": "long", "text": long},
                                           {"id": "short", "text": "Japan condemned China."}])
    assert r.status_code == 200, r.text
    assert (r.json()["stored"], r.json()["errors"]) == (2, 0)
    assert r.json()["events"] >= 2


def test_answers_are_cached_until_the_data_changes(examples_db: Path, tmp_path: Path,
                                                   pipeline: Any) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    app = create_app(db, writable=True)
    app.state.pipeline = pipeline
    doc = {"id": "cache", "date": "2023-03-17", "text": "Japan condemned North Korea on Friday."}
    with TestClient(app, base_url="http://127.0.0.1") as c:
        first, second = c.get("/api/overview"), c.get("/api/overview")
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
        assert first.json() == second.json()
        assert c.head("/").headers["x-cache"] == "miss"
        assert c.get("/").headers["x-cache"] == "hit"  # HEAD computed the page GET gets
        other = c.get("/api/overview?top=3")  # another query string is another answer
        assert other.headers["x-cache"] == "miss" and len(other.json()["top_dyads"]) <= 3
        for _ in range(2):  # errors are never kept
            missing = c.get("/api/events/ffffffffffffffff-0")
            assert (missing.status_code, missing.headers["x-cache"]) == (404, "miss")
        assert c.post("/api/documents", json=[doc]).json()["stored"] == 1
        after = c.get("/api/overview")
        assert after.headers["x-cache"] == "miss"
        assert after.json()["counts"]["documents"] == first.json()["counts"]["documents"] + 1
        assert "x-cache" not in c.get("/static/dyad.js").headers  # static files: not cached


def test_openapi_documents_the_api_only(client: TestClient) -> None:
    spec = get_json(client, "/api/openapi.json")
    assert set(spec["paths"]) == {
        "/api/overview", "/api/dyads", "/api/dyads/{source}/{target}/series",
        "/api/dyads/{source}/{target}/assessments", "/api/events",
        "/api/events/{event_id}", "/api/actors", "/api/actors/{key}", "/api/quotes",
        "/api/documents", "/api/documents/{doc_key}"}
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"source", "target", "country", "actor", "cameo", "plover", "quad_class", "modality",
            "date_from", "date_to", "outlet", "q", "limit", "offset"} <= params


def test_open_store_refuses_missing_or_foreign_databases(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        create_app(tmp_path / "absent.duckdb")
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    with pytest.raises(StoreError, match="not a dyadwatch database"):
        create_app(foreign)


def test_dyad_assessments_either_order_point_at_their_sentence(client: TestClient,
                                                               examples_con: Any) -> None:
    stored = examples_con.execute(
        "SELECT count(*) FROM assessments WHERE party1_country IN ('KOR', 'PRK') "
        "AND party2_country IN ('KOR', 'PRK') AND party1_country <> party2_country").fetchone()[0]
    forward = get_json(client, "/api/dyads/KOR/PRK/assessments")
    assert forward == get_json(client, "/api/dyads/PRK/KOR/assessments")
    assert len(forward) == stored > 0
    for a in forward:
        assert {a["party1_country"], a["party2_country"]} == {"KOR", "PRK"}
        assert -1 <= a["polarity"] <= 1
        doc = get_json(client, f"/api/documents/{a['doc_key']}")
        assert doc["text"][a["start_char"]:a["end_char"]] == a["sentence"]
    page = client.get("/dyads/KOR/PRK")
    assert page.status_code == 200 and "How the news assesses the relationship" in page.text
    assert forward[0]["sentence"].strip()[:40] in page.text.replace("&#39;", "'")
    get_json(client, "/api/dyads/KOR/zz/assessments", status=422)


def test_other_host_names_are_refused_and_head_is_answered(examples_db: Path) -> None:
    """A page elsewhere that rebinds its DNS name to 127.0.0.1 sends its own Host: refused.
    HEAD answers like GET, without a body."""
    with TestClient(create_app(examples_db, allowed_hosts=["analyst-box"]),
                    base_url="http://127.0.0.1") as c:
        for host in ("localhost", "127.0.0.1:8000", "analyst-box"):
            assert c.get("/api/overview", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example"):
            assert c.get("/api/overview", headers={"Host": host}).status_code == 400, host
        for path in ("/", "/api/overview", "/static/dyad.js"):
            got, head = c.get(path), c.head(path)
            assert head.status_code == 200 and head.content == b"", path
            assert head.headers["content-type"] == got.headers["content-type"]
