"""The dashboard (#7) in a real browser: Debian Chromium, headless, driven by Playwright, over a
live server on 127.0.0.1 and the database built from examples/. Every page is loaded, checked
against the API and photographed into tests/artifacts/screenshots/."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import live_server, screenshot

from dyadwatch.api import create_app


@pytest.fixture(scope="module")
def base_url(examples_db: Path) -> Iterator[str]:
    with live_server(create_app(examples_db)) as url:
        yield url


@pytest.fixture()
def page(chromium: Any, base_url: str) -> Iterator[Any]:
    """A fresh page that records every request it makes and every script error."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests, pg.errors = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert pg.errors == [], "script errors in the page"
    offsite = [u for u in pg.requests if not u.startswith((base_url, "data:"))]
    assert offsite == [], "the dashboard must load nothing from other hosts"
    context.close()


def api(page: Any, base_url: str, path: str) -> Any:
    response = page.request.get(base_url + path)
    assert response.ok, path
    return response.json()


def test_overview_shows_counts_top_dyads_and_latest_events(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    body = api(page, base_url, "/api/overview")
    for table, n in body["counts"].items():
        assert page.locator(f"[data-count={table}]").inner_text() == str(n)
    first = page.locator("table.dyads tbody tr").first
    top = body["top_dyads"][0]
    assert top["source_country"] in first.inner_text() and str(top["n_events"]) in \
        first.inner_text()
    assert page.locator("table.events tbody tr.event").count() == len(body["latest_events"])
    screenshot(page, "overview")


def test_dyad_chart_hover_zoom_and_click_through_to_the_document(page: Any,
                                                                base_url: str) -> None:
    page.goto(base_url + "/dyads")
    screenshot(page, "dyads")
    page.locator("a.dyad-link").first.click()
    page.wait_for_selector("#dyad-chart[data-ready=true]")
    src = page.locator("#dyad-chart").get_attribute("data-source")
    tgt = page.locator("#dyad-chart").get_attribute("data-target")
    series = api(page, base_url, f"/api/dyads/{src}/{tgt}/series")
    point = max(range(len(series["points"])), key=lambda i: series["points"][i]["n_events"])
    # The chart's index of that period (empty periods between points are gaps in the chart).
    drawn = page.evaluate("dyadChart.periods").index(series["points"][point]["period"])
    x, y = point_position(page, drawn)

    page.mouse.move(x, y)  # hover: the legend shows that period's values
    legend = page.locator(".u-legend").inner_text()
    assert series["points"][point]["period"] in legend
    screenshot(page, "dyad-chart-hover")

    full = page.evaluate("[dyadChart.u.scales.x.min, dyadChart.u.scales.x.max]")
    over = page.locator(".u-over").bounding_box()
    page.mouse.move(over["x"] + over["width"] * 0.2, over["y"] + 20)
    page.mouse.down()
    page.mouse.move(over["x"] + over["width"] * 0.6, over["y"] + 20, steps=5)
    page.mouse.up()
    zoomed = page.evaluate("[dyadChart.u.scales.x.min, dyadChart.u.scales.x.max]")
    assert full[0] < zoomed[0] < zoomed[1] < full[1], "dragging zooms in"
    assert page.locator("#point-events").is_hidden(), "a zoom drag is not a click"
    page.mouse.dblclick(over["x"] + 10, over["y"] + 10)
    assert page.evaluate("[dyadChart.u.scales.x.min, dyadChart.u.scales.x.max]") == full

    x, y = point_position(page, drawn)
    page.mouse.click(x, y)
    expected = series["points"][point]
    page.wait_for_selector(f"#point-events[data-period='{expected['period']}']")
    rows = page.locator("#point-rows tr.event")
    # A point counts real-world events; the rows are their reports in that period.
    assert rows.count() >= expected["n_events"]
    assert page.locator("#point-title").inner_text().endswith(
        f"{expected['period']}: {expected['n_events']} event"
        f"{'' if expected['n_events'] == 1 else 's'}, {rows.count()} report"
        f"{'' if rows.count() == 1 else 's'}")
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.locator("td.date").inner_text().startswith(expected["period"])
        shown = "".join(row.locator(".sentence .evidence").all_inner_texts())
        event = api(page, base_url, f"/api/events/{row.get_attribute('data-event-id')}")
        assert shown == event["evidence"], "the evidence span is highlighted"
        assert row.locator(".sentence .trigger").inner_text() == event["trigger_text"]
    screenshot(page, "dyad-point-events")

    event_id = rows.first.get_attribute("data-event-id")
    event = api(page, base_url, f"/api/events/{event_id}")
    rows.first.locator("a.doc-link").click()
    page.wait_for_url(f"**/documents/{event['doc_key']}#ev-{event['event_idx']}")
    anchor = page.locator(f"#ev-{event['event_idx']}")
    marked = anchor.locator("xpath=following-sibling::span[1]")
    assert "evidence" in marked.get_attribute("class")
    assert event["evidence"].startswith(marked.inner_text())
    assert page.locator("h1.doc-title").inner_text() == (event["title"] or event["doc_id"])
    screenshot(page, "document")


def point_position(page: Any, index: int) -> tuple[float, float]:
    """Page coordinates of the mean-Goldstein point `index` of the dyad chart."""
    box = page.locator(".u-over").bounding_box()
    left, top = page.evaluate(
        "i => [dyadChart.u.valToPos(dyadChart.u.data[0][i], 'x'),"
        "      dyadChart.u.valToPos(dyadChart.u.data[1][i], 'g')]", index)
    return box["x"] + left, box["y"] + top


def test_document_page_marks_events_quotes_and_mentions(page: Any, base_url: str) -> None:
    quote = api(page, base_url, "/api/quotes?limit=1")["items"][0]
    doc = api(page, base_url, f"/api/documents/{quote['doc_key']}")
    page.goto(f"{base_url}/documents/{doc['doc_key']}")
    text = page.locator("#doc-text")
    assert text.inner_text().strip() == doc["text"].strip()
    for qt in doc["quotes"]:
        marked = page.locator(f"#q-{qt['quote_idx']} + span")
        assert "quote" in marked.get_attribute("class")
        assert qt["text"].startswith(marked.inner_text())
    assert text.locator("span.evidence").count() >= min(1, len(doc["events"]))
    assert text.locator("span.mention").count() >= 1
    assert page.locator("table.events tbody tr.event").count() == len(doc["events"])


def test_event_explorer_filters(page: Any, base_url: str) -> None:
    page.goto(base_url + "/events")
    page.select_option("select[name=quad_class]", "4")
    page.fill("input[name=q]", "missile")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*quad_class=4*")
    expected = api(page, base_url, "/api/events?quad_class=4&q=missile&limit=200")
    rows = page.locator("table.events tbody tr.event")
    assert expected["total"] > 0
    assert rows.count() == expected["total"]
    assert page.locator("table.events .quad.q4").count() == expected["total"]
    assert [ev["evidence"] for ev in expected["items"]] == [
        "".join(rows.nth(i).locator(".sentence .evidence").all_inner_texts())
        for i in range(rows.count())]
    assert page.locator("select[name=quad_class]").input_value() == "4"
    screenshot(page, "events")

    page.goto(base_url + "/events?date_from=2022-13")
    assert "date_from" in page.locator(".problems").inner_text()


def test_actor_page_shows_roles_events_and_quotes(page: Any, base_url: str) -> None:
    page.goto(base_url + "/actors")
    screenshot(page, "actors")
    quote = next(q for q in api(page, base_url, "/api/quotes?limit=200")["items"]
                 if q["speaker_id"])
    page.goto(f"{base_url}/actors/{quote['speaker_id']}")
    profile = api(page, base_url, f"/api/actors/{quote['speaker_id']}")
    assert page.locator("table.roles tbody tr").count() == len(profile["roles"])
    assert quote["text"] in page.locator("ul.quotes").inner_text()
    events = api(page, base_url, f"/api/events?actor={quote['speaker_id']}&limit=20")
    assert page.locator("table.events tbody tr.event").count() == len(events["items"])
    screenshot(page, "actor")


def test_quotes_and_documents_pages(page: Any, base_url: str) -> None:
    page.goto(base_url + "/quotes")
    quotes = api(page, base_url, "/api/quotes?limit=50")
    assert page.locator("table.quotes tbody tr").count() == len(quotes["items"])
    screenshot(page, "quotes")
    page.goto(base_url + "/documents")
    docs = api(page, base_url, "/api/documents?limit=50")
    assert page.locator("table.documents tbody tr").count() == len(docs["items"])
    screenshot(page, "documents")


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/api/docs")
    paths = page.locator(".opblock-summary-path")
    paths.first.wait_for()
    spec = api(page, base_url, "/api/openapi.json")
    shown = [p.replace("\u200b", "") for p in paths.all_inner_texts()]  # Swagger's soft breaks
    assert sorted(shown) == sorted(spec["paths"])
    screenshot(page, "api-docs")


def test_dyad_page_shows_relationship_assessments(page: Any, base_url: str) -> None:
    """The assessments panel lists what the API returns for the pair, linked to documents."""
    found = api(page, base_url, "/api/dyads/KOR/PRK/assessments")
    page.goto(base_url + "/dyads/KOR/PRK")
    panel = page.locator("#assessments")
    assert "How the news assesses the relationship" in panel.inner_text()
    rows = page.locator("#assessments tr.assessment")
    assert rows.count() == len(found) > 0
    assert " ".join(found[0]["sentence"].split())[:40] in " ".join(rows.first.inner_text().split())
    screenshot(page, "dyad-assessments")
    rows.first.locator("a").click()
    page.wait_for_url(f"**/documents/{found[0]['doc_key']}")


# One month of South Korea -> Japan; China -> Taiwan in January and April with nothing between.
SPARSE_NEWS = [
    ("kj-1", "2024-02-06", "South Korea criticized Japan on Monday."),
    ("kj-2", "2024-02-21", "South Korea praised Japan on Tuesday."),
    ("ct-1", "2024-01-09", "China condemned Taiwan on Monday."),
    ("ct-2", "2024-04-09", "China condemned Taiwan on Monday over the election."),
]


@pytest.fixture(scope="module")
def sparse_url(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[str]:
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    tmp = tmp_path_factory.mktemp("sparse")
    src = tmp / "sparse.jsonl"
    src.write_text("".join(json.dumps({"id": i, "date": d, "outlet": "Wire", "text": t}) + "\n"
                           for i, d, t in SPARSE_NEWS), "utf-8")
    db = tmp / "sparse.duckdb"
    with Store(db) as store:
        run_into_store([str(src)], store, pipeline)
    with live_server(create_app(db)) as url:
        yield url


def chart_state(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_selector("#dyad-chart[data-ready=true]")
    return page.evaluate("""() => {
        const u = window.dyadChart.u;
        const box = (el) => { const r = el.getBoundingClientRect();
                              return [r.left, r.right, r.top, r.bottom]; };
        return {min: u.scales.x.min, max: u.scales.x.max, periods: window.dyadChart.periods,
                goldstein: Array.from(u.data[1]),
                axes: Array.from(document.querySelectorAll('#chart .u-axis')).map(box)};
    }""")


def _day(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()


def test_dyad_chart_spans_the_data_shows_gaps_and_keeps_axes_apart(chromium: Any,
                                                                   sparse_url: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    one_month = chart_state(page, sparse_url + "/dyads/KOR/JPN")
    assert one_month["periods"] == ["2024-02"]
    # One month of data spans about that month, not years.
    assert "2024-01-15" <= _day(one_month["min"]) and _day(one_month["max"]) <= "2024-03-20"
    gap = chart_state(page, sparse_url + "/dyads/CHN/TWN")
    assert gap["periods"] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    values = gap["goldstein"]
    assert values[0] is not None and values[3] is not None
    assert values[1] is None and values[2] is None  # empty months are gaps, not joined
    assert "2023-12-01" <= _day(gap["min"]) and _day(gap["max"]) <= "2024-05-31"
    # The x axis and the two y axes do not overlap one another.
    axes = gap["axes"]
    assert len(axes) == 3
    left, right = sorted(axes[1:], key=lambda b: b[0])
    assert left[1] <= right[0]
    screenshot(page, "dyad-sparse")
    assert errors == []
    context.close()
