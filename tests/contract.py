"""Checks of a `dyadwatch code` output record against ../shared/CONTRACT.md (schema 1).

`assert_contract_record(rec)` takes the JSON object (a dict, as read back from JSON Lines) and
fails with a message naming the record and the field. Every field and type that the contract lists
for the record, Actor, Mention, Event, Quote and Assessment is checked, plus the offset rules:
offsets index the record's `text`, so every span slices back to the text it claims.
"""

from __future__ import annotations

import re
from typing import Any

RECORD_FIELDS = {"schema", "id", "title", "date", "outlet", "author", "language", "text",
                 "mentions", "events", "quotes", "assessments", "error", "warnings"}
ACTOR_FIELDS = {"text", "name", "id", "country", "sector", "start", "end"}
EVENT_FIELDS = {"source", "target", "cameo", "root", "goldstein", "quad_class", "plover",
                "modality", "date", "date_text", "location", "sentence", "start", "end",
                "confidence"}
QUOTE_FIELDS = {"text", "speaker", "speaker_text", "date", "language", "start", "end"}
ASSESSMENT_FIELDS = {"parties", "polarity", "trend", "holder", "sentence", "start", "end"}
MODALITIES = {"asserted", "negated", "hypothetical", "future"}
TRENDS = {"improving", "worsening", "stable", None}
# GDELT QuadClass by CAMEO root (README "Event conventions").
QUAD_BY_ROOT = {f"{r:02d}": (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4)
                for r in range(1, 21)}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EVENT_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CAMEO = re.compile(r"^\d{2,4}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")  # ISO 3166-1 alpha-3 or an IGO code (UNO, EUR, IGO, NGO)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _check_span(text: str, start: Any, end: Any, where: str) -> str:
    assert _is_int(start) and _is_int(end), f"{where}: start/end must be ints, got {start!r}, {end!r}"
    assert 0 <= start < end <= len(text), \
        f"{where}: span {start}:{end} is empty or outside the text (len {len(text)})"
    return text[start:end]


def assert_actor(actor: Any, text: str, where: str, mention: bool = False) -> None:
    """An Actor; with `mention=True` its start/end must be set. Set offsets slice to its text."""
    assert isinstance(actor, dict), f"{where}: Actor must be an object, got {actor!r}"
    missing = ACTOR_FIELDS - actor.keys()
    assert not missing, f"{where}: Actor lacks {sorted(missing)}"
    assert isinstance(actor["text"], str) and actor["text"].strip(), \
        f"{where}: Actor.text must be a non-empty string, got {actor['text']!r}"
    for key in ("name", "id", "sector"):
        assert _opt_str(actor[key]), f"{where}: Actor.{key} must be str|null, got {actor[key]!r}"
    country = actor["country"]
    assert country is None or (isinstance(country, str) and _COUNTRY.match(country)), \
        f"{where}: Actor.country must be a 3-letter code or null, got {country!r}"
    if mention:
        assert actor["start"] is not None and actor["end"] is not None, \
            f"{where}: a Mention must have start/end set"
    if actor["start"] is None or actor["end"] is None:
        assert actor["start"] is None and actor["end"] is None, \
            f"{where}: start and end must be both set or both null"
        return
    sliced = _check_span(text, actor["start"], actor["end"], where)
    assert sliced == actor["text"], \
        f"{where}: text[{actor['start']}:{actor['end']}] is {sliced!r}, not {actor['text']!r}"


def assert_event(event: Any, text: str, where: str) -> None:
    assert isinstance(event, dict), f"{where}: Event must be an object"
    missing = EVENT_FIELDS - event.keys()
    assert not missing, f"{where}: Event lacks {sorted(missing)}"
    assert isinstance(event["source"], list) and event["source"], \
        f"{where}: Event.source must be a non-empty list"
    assert isinstance(event["target"], list), f"{where}: Event.target must be a list"
    for i, actor in enumerate(event["source"]):
        assert_actor(actor, text, f"{where}.source[{i}]")
    for i, actor in enumerate(event["target"]):
        assert_actor(actor, text, f"{where}.target[{i}]")
    cameo = event["cameo"]
    assert isinstance(cameo, str) and _CAMEO.match(cameo), \
        f"{where}: cameo must be a 2-4 digit string, got {cameo!r}"
    assert event["root"] == cameo[:2], f"{where}: root {event['root']!r} != cameo[:2] of {cameo!r}"
    assert cameo[:2] in QUAD_BY_ROOT, f"{where}: cameo root {cameo[:2]!r} is not 01..20"
    assert _is_float(event["goldstein"]) and -10.0 <= event["goldstein"] <= 10.0, \
        f"{where}: goldstein must be a float in [-10, 10], got {event['goldstein']!r}"
    assert _is_int(event["quad_class"]) and event["quad_class"] in (1, 2, 3, 4), \
        f"{where}: quad_class must be 1..4, got {event['quad_class']!r}"
    assert event["quad_class"] == QUAD_BY_ROOT[cameo[:2]], \
        f"{where}: quad_class {event['quad_class']} is wrong for root {cameo[:2]}"
    plover = event["plover"]
    assert isinstance(plover, dict) and {"type", "mode", "context"} <= plover.keys(), \
        f"{where}: plover must be {{type, mode, context}}, got {plover!r}"
    assert isinstance(plover["type"], str), f"{where}: plover.type must be a str, got {plover!r}"
    assert _opt_str(plover["mode"]), f"{where}: plover.mode must be str|null"
    assert isinstance(plover["context"], list) and all(
        isinstance(c, str) for c in plover["context"]), f"{where}: plover.context must be [str]"
    assert event["modality"] in MODALITIES, f"{where}: modality {event['modality']!r}"
    date = event["date"]
    assert date is None or (isinstance(date, str) and _EVENT_DATE.match(date)), \
        f"{where}: date must be YYYY-MM-DD, YYYY-MM, YYYY or null, got {date!r}"
    assert _opt_str(event["date_text"]), f"{where}: date_text must be str|null"
    location = event["location"]
    if location is not None:
        assert isinstance(location, dict) and isinstance(location.get("name"), str), \
            f"{where}: location must be null or {{name, country, lat, lon}}"
        assert _opt_str(location.get("country"))
        for key in ("lat", "lon"):
            assert location.get(key) is None or isinstance(location[key], (int, float))
    assert isinstance(event["sentence"], str) and event["sentence"].strip(), \
        f"{where}: sentence must be a non-empty string"
    assert event["sentence"] in text, f"{where}: sentence is not part of the record's text"
    evidence = _check_span(text, event["start"], event["end"], where)
    assert evidence.strip(), f"{where}: evidence span is blank"
    assert evidence in event["sentence"], f"{where}: evidence {evidence!r} is not in its sentence"
    assert _is_float(event["confidence"]) and 0.0 <= event["confidence"] <= 1.0, \
        f"{where}: confidence must be a float in [0, 1], got {event['confidence']!r}"
    # Every actor of the event lies inside the evidence span.
    for actor in event["source"] + event["target"]:
        if actor["start"] is not None:
            assert event["start"] <= actor["start"] and actor["end"] <= event["end"], \
                f"{where}: actor {actor['text']!r} lies outside the evidence span"
    # `trigger` is an extra field (README); when present it must slice and sit in the evidence.
    trigger = event.get("trigger")
    if trigger is not None:
        sliced = _check_span(text, trigger["start"], trigger["end"], f"{where}.trigger")
        assert sliced == trigger["text"], \
            f"{where}: trigger offsets give {sliced!r}, not {trigger['text']!r}"
        assert event["start"] <= trigger["start"] and trigger["end"] <= event["end"], \
            f"{where}: trigger {trigger['text']!r} lies outside the evidence span"
        assert trigger["text"] in evidence


def assert_quote(quote: Any, text: str, where: str) -> None:
    assert isinstance(quote, dict), f"{where}: Quote must be an object"
    missing = QUOTE_FIELDS - quote.keys()
    assert not missing, f"{where}: Quote lacks {sorted(missing)}"
    assert isinstance(quote["text"], str) and quote["text"], f"{where}: Quote.text"
    sliced = _check_span(text, quote["start"], quote["end"], where)
    assert sliced == quote["text"], f"{where}: offsets give {sliced!r}, not {quote['text']!r}"
    if quote["speaker"] is not None:
        assert_actor(quote["speaker"], text, f"{where}.speaker")
    assert _opt_str(quote["speaker_text"]), f"{where}: speaker_text must be str|null"
    assert quote["date"] is None or (isinstance(quote["date"], str)
                                     and _EVENT_DATE.match(quote["date"])), f"{where}: date"
    assert isinstance(quote["language"], str) and quote["language"], f"{where}: language"


def assert_assessment(item: Any, text: str, where: str) -> None:
    assert isinstance(item, dict), f"{where}: Assessment must be an object"
    missing = ASSESSMENT_FIELDS - item.keys()
    assert not missing, f"{where}: Assessment lacks {sorted(missing)}"
    assert isinstance(item["parties"], list) and len(item["parties"]) == 2, \
        f"{where}: parties must be two Actors"
    for i, actor in enumerate(item["parties"]):
        assert_actor(actor, text, f"{where}.parties[{i}]")
    assert isinstance(item["polarity"], (int, float)) and -1.0 <= item["polarity"] <= 1.0, \
        f"{where}: polarity must be in [-1, 1]"
    assert item["trend"] in TRENDS, f"{where}: trend {item['trend']!r}"
    if item["holder"] is not None:
        assert_actor(item["holder"], text, f"{where}.holder")
    assert isinstance(item["sentence"], str)
    _check_span(text, item["start"], item["end"], where)


def assert_contract_record(rec: Any) -> None:
    """Fail unless `rec` is a schema-1 output record as ../shared/CONTRACT.md defines it."""
    assert isinstance(rec, dict), f"record must be a JSON object, got {type(rec).__name__}"
    where = f"record {rec.get('id')!r}"
    missing = RECORD_FIELDS - rec.keys()
    assert not missing, f"{where} lacks {sorted(missing)}"
    assert rec["schema"] == 1 and _is_int(rec["schema"]), f"{where}: schema must be 1"
    assert isinstance(rec["id"], str) and rec["id"], f"{where}: id must be a non-empty string"
    for key in ("title", "outlet", "author"):
        assert _opt_str(rec[key]), f"{where}: {key} must be str|null, got {rec[key]!r}"
    assert rec["date"] is None or (isinstance(rec["date"], str) and _DAY.match(rec["date"])), \
        f"{where}: date must be YYYY-MM-DD or null, got {rec['date']!r}"
    assert isinstance(rec["language"], str) and re.match(r"^[a-z]{2,3}$", rec["language"]), \
        f"{where}: language must be a language code, got {rec['language']!r}"
    text = rec["text"]
    assert isinstance(text, str), f"{where}: text must be a string"
    assert _opt_str(rec["error"]), f"{where}: error must be str|null"
    assert isinstance(rec["warnings"], list) and all(isinstance(w, str) for w in rec["warnings"]), \
        f"{where}: warnings must be [str]"
    for key in ("mentions", "events", "quotes", "assessments"):
        assert isinstance(rec[key], list), f"{where}: {key} must be a list"
    if rec["error"] is not None:
        assert rec["error"].strip(), f"{where}: error must say why"
        assert not rec["events"], f"{where}: a record with an error has no events"
    for i, mention in enumerate(rec["mentions"]):
        assert_actor(mention, text, f"{where}.mentions[{i}]", mention=True)
    for i, event in enumerate(rec["events"]):
        assert_event(event, text, f"{where}.events[{i}]")
    for i, quote in enumerate(rec["quotes"]):
        assert_quote(quote, text, f"{where}.quotes[{i}]")
    for i, item in enumerate(rec["assessments"]):
        assert_assessment(item, text, f"{where}.assessments[{i}]")
