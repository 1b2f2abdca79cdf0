"""Event locations: the gazetteer, the place attached to the event, and the eval scorer."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import Code

from dyadwatch.eval.runner import score_event_location
from dyadwatch.geo import Gazetteer


@pytest.fixture(scope="module")
def gazetteer(pipeline: Any) -> Gazetteer:
    return pipeline.gazetteer


def test_gazetteer_readings(gazetteer: Gazetteer) -> None:
    seoul = gazetteer.best("Seoul")
    assert seoul is not None and (seoul.country, round(seoul.lat), round(seoul.lon)) == (
        "KOR", 38, 127)
    assert gazetteer.best("평양").country == "PRK"  # a Hangul alternate name
    assert gazetteer.best("Kiev").name == "Kyiv"  # a Latin alternate name
    assert gazetteer.best("East Sea").kind == "sea"  # our own table
    assert gazetteer.best("Georgia").kind == "country"  # a country over a US state
    assert gazetteer.best("Paris").country == "FRA"  # the most populous reading
    assert gazetteer.best("Paris", within="USA").country == "USA"  # "Paris, Texas"
    assert gazetteer.best("Nowhereville Junction") is None


def place(rec: dict[str, Any]) -> list[Any]:
    return [(e["root"], e["location"] and e["location"]["name"],
             e["location"] and e["location"]["country"]) for e in rec["events"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Yoon met Kishida in Tokyo on Thursday.", [("04", "Tokyo", "JPN")] * 2),
    ("North Korea fired a ballistic missile into the East Sea.", [("15", "East Sea", None)]),
    ("North Korea fired a missile off the east coast of the Korean Peninsula.",
     [("15", "Korean Peninsula", None)]),
    ("Russian forces shelled Kharkiv on Monday.", [("19", "Kharkiv", "UKR")]),
    ("Yoon Suk-yeol met Xi Jinping in Bali, Indonesia.", [("04", "Bali", "IDN")] * 2),
    # places that are actors, or targets of "to", are not the event's location
    ("Seoul protested to Beijing.", [("14", None, None)]),
    # only the place attached to the event: the talks were in Seoul, the protest in Beijing
    ("After talks in Seoul, Japan protested to China in Beijing.", [("14", "Beijing", "CHN")]),
    # a clause with its own subject has its own place
    ("Japan protested to North Korea, and train services in Japan were halted.",
     [("14", None, None)]),
    # our sites beat same-named towns; a whole unknown name beats a town called like its end
    ("Biden met Yoon at the White House.", [("04", "White House", "USA")] * 2),
    ("North Korea fired two missiles off Kyongpo Bay.", [("15", "Kyongpo Bay", None)]),
    ("Yoon met Xi Jinping in Bali.", [("04", "Bali", "IDN")] * 2),
])
def test_event_location(code_text: Code, text: str, expected: list[Any]) -> None:
    assert place(code_text(text, pub_date="2022-10-12")) == expected


def test_location_carries_coordinates(code_text: Code) -> None:
    rec = code_text("Yoon met Kishida in Tokyo on Thursday.", pub_date="2022-10-12")
    location = rec["events"][0]["location"]
    assert (round(location["lat"]), round(location["lon"])) == (36, 140)


def test_ambiguous_name_prefers_the_event_country(code_text: Code) -> None:
    # Valencia is in Spain and in Venezuela; the event's actors decide.
    rec = code_text("Venezuelan police arrested Venezuelan protesters in Valencia.",
                    pub_date="2022-10-12")
    assert {e["location"]["country"] for e in rec["events"]} == {"VEN"}


def test_event_location_scorer(tmp_path: Path, pipeline: Any) -> None:
    def record(text: str, verb: str, place: str | None, source: str) -> dict[str, Any]:
        words, offset, tokens = text.split(" "), 0, []
        for i, w in enumerate(words):
            tokens.append({"text": w, "start": offset, "end": offset + len(w), "id": i})
            offset += len(w) + 1
        index = {t["text"]: t["id"] for t in tokens}
        spans = [{"label": "VERB", "start": 0, "end": 0, "token_start": index[verb],
                  "token_end": index[verb]}]
        if place:
            spans.append({"label": "LOCATION", "start": 0, "end": 0,
                          "token_start": index[place], "token_end": index[place]})
        return {"text": text, "tokens": tokens, "spans": spans, "source": source}

    records = [
        record("Two soldiers were killed in Kandahar on Monday .", "killed", "Kandahar", "RELABEL"),
        record("Protesters marched in Vienna on Sunday .", "marched", "Vienna", "RELABEL"),
        record("The rebels captured the town yesterday .", "captured", None, "RELABEL"),
        record("Police arrested him at home in Lahore .", "arrested", "home", "AP"),
    ]
    folder = tmp_path / "event_location"
    folder.mkdir()
    with zipfile.ZipFile(folder / "labeled_text.jsonl.zip", "w") as archive:
        archive.writestr("labeled_text.jsonl", json.dumps(records))
    scores = score_event_location(tmp_path, pipeline)
    assert scores["relabel"] == {
        "verbs": 3, "accuracy": 1.0, "with_gold_location": 2, "accuracy_with_location": 1.0,
        "without_gold_location": 1, "accuracy_without_location": 1.0, "geocoded_correct": 2}
    assert (scores["all"]["verbs"], scores["all"]["accuracy"]) == (4, 0.75)
