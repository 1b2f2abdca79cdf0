"""Text from documents is shown as text (#7): a document whose title, outlet, body, event
sentence and quote carry `<script>` and event-handler markup is coded and stored for real, then
every page that shows it is read as HTML and opened in Chromium, where none of it may run."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import live_server, screenshot

from dyadwatch.api import create_app

# Each payload sets window.__pwned to its own number if it ever runs.
HOSTILE = {
    "id": "hostile",
    "date": "2023-01-02",
    "title": "Seoul <script>window.__pwned = 1</script> warns",
    "outlet": "<img src=x onerror=\"window.__pwned = 2\">",
    "text": ("South Korea criticized North Korea for the <script>window.__pwned = 3</script> "
             "launch on Monday.\n\n"
             "The president said \"<b onmouseover=window.__pwned=4>we will respond</b> "
             "firmly\", officials said. <img src=x onerror=\"window.__pwned = 5\">"),
}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    with Store(path) as store:
        run_into_store(["-"], store, pipeline, stdin=io.StringIO(json.dumps(HOSTILE) + "\n"))
    return path


@pytest.fixture(scope="module")
def stored(hostile_db: Path) -> dict[str, Any]:
    """The hostile document as the API returns it; the markup must have survived coding."""
    from fastapi.testclient import TestClient

    with TestClient(create_app(hostile_db), base_url="http://127.0.0.1") as client:
        key = client.get("/api/documents").json()["items"][0]["doc_key"]
        doc = client.get(f"/api/documents/{key}").json()
    assert "<script>window.__pwned = 3</script>" in doc["text"]
    assert any("<script>" in e["sentence"] for e in doc["events"]), "an event quotes the markup"
    assert any("<b onmouseover" in q["text"] for q in doc["quotes"]), "a quote holds markup"
    return doc


def page_urls(doc: dict[str, Any]) -> list[str]:
    return ["/", "/events", f"/documents/{doc['doc_key']}", "/documents", "/quotes",
            "/actors/KOR", "/events?q=%3Cscript%3E"]


def test_markup_is_escaped_in_the_html(hostile_db: Path, stored: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(hostile_db), base_url="http://127.0.0.1") as client:
        for url in page_urls(stored):
            html = client.get(url).text
            assert "<script>window.__pwned" not in html, url
            assert "onerror=\"window" not in html and "<b onmouseover" not in html, url
        html = client.get(f"/documents/{stored['doc_key']}").text
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html


@pytest.fixture(scope="module")
def hostile_url(hostile_db: Path) -> Iterator[str]:
    with live_server(create_app(hostile_db)) as url:
        yield url


def test_script_in_a_document_is_displayed_not_executed(chromium: Any, hostile_url: str,
                                                        stored: dict[str, Any]) -> None:
    context = chromium.new_context()
    page = context.new_page()
    for url in page_urls(stored):
        page.goto(hostile_url + url)
        page.mouse.move(5, 5)
        assert page.evaluate("window.__pwned") is None, url
        # The only scripts are the dashboard's own files.
        inline = page.evaluate("[...document.scripts].filter(s => !s.src).length")
        assert inline == 0, url
    page.goto(f"{hostile_url}/documents/{stored['doc_key']}")
    for b in page.locator("#doc-text span.quote").all():
        b.hover()  # would fire an onmouseover had the markup become an element
    assert page.evaluate("window.__pwned") is None
    shown = page.locator("#doc-text").inner_text()
    assert "<script>window.__pwned = 3</script>" in shown
    assert "<img src=x onerror=\"window.__pwned = 5\">" in shown
    assert page.locator("h1.doc-title").inner_text() == HOSTILE["title"]
    assert page.locator("#doc-text img, #doc-text b, #doc-text script").count() == 0
    screenshot(page, "escaped-document")

    # The dyad page builds its event list in JavaScript: the sentence must stay text there too.
    page.goto(f"{hostile_url}/dyads/KOR/PRK")
    page.wait_for_selector("#dyad-chart[data-ready=true]")
    box = page.locator(".u-over").bounding_box()
    x, y = page.evaluate("[dyadChart.u.valToPos(dyadChart.u.data[0][0], 'x'),"
                         " dyadChart.u.valToPos(dyadChart.u.data[1][0], 'g')]")
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector("#point-events[data-period]")
    assert "<script>window.__pwned = 3</script>" in page.locator("#point-rows").inner_text()
    assert page.locator("#point-rows script").count() == 0
    assert page.evaluate("window.__pwned") is None
    screenshot(page, "escaped-dyad-events")
    context.close()
