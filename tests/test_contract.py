"""The contract checker itself: it accepts a real record and rejects each kind of breakage, so
the tests that rely on it can fail."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from contract import assert_contract_record

TEXT = ("North Korea fired a ballistic missile on Monday, and South Korean President Yoon "
        "Suk-yeol held a phone call with Japanese Prime Minister Fumio Kishida.")


@pytest.fixture(scope="module")
def record(code_text: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    rec = code_text(TEXT, date="2022-10-10")  # code_text already checks the contract
    assert len(rec["events"]) == 3 and rec["mentions"]
    return rec


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(rec: dict[str, Any]) -> None:
        target = rec
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(rec: dict[str, Any]) -> None:
        target = rec
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


MUTATIONS = {
    "schema 2": _set(("schema",), 2),
    "no warnings": _delete(("warnings",)),
    "date with time": _set(("date",), "2022-10-10T00:00"),
    "id not a string": _set(("id",), 7),
    "mention off by one": _set(("mentions", 0, "start"), 1),
    "mention without offsets": _set(("mentions", 0, "start"), None),
    "country not alpha-3": _set(("events", 0, "source", 0, "country"), "North Korea"),
    "root mismatch": _set(("events", 0, "root"), "14"),
    "cameo as int": _set(("events", 0, "cameo"), 150),
    "quad 5": _set(("events", 0, "quad_class"), 5),
    "quad wrong for root": _set(("events", 0, "quad_class"), 3),
    "goldstein as str": _set(("events", 0, "goldstein"), "-7.2"),
    "modality unknown": _set(("events", 0, "modality"), "rumoured"),
    "confidence over 1": _set(("events", 0, "confidence"), 1.5),
    "empty evidence": _set(("events", 0, "end"), 0),
    "evidence past text": _set(("events", 0, "end"), 10_000),
    "trigger outside evidence": _set(("events", 0, "trigger", "start"), 0),
    "no source": _set(("events", 0, "source"), []),
    "plover type null": _set(("events", 0, "plover", "type"), None),
    "event date malformed": _set(("events", 0, "date"), "10/10/2022"),
    "sentence not in text": _set(("events", 0, "sentence"), "Something else entirely."),
    "missing location": _delete(("events", 0, "location")),
    "error with events": _set(("error",), "cannot read"),
}


def test_real_record_passes(record: dict[str, Any]) -> None:
    assert_contract_record(copy.deepcopy(record))


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_broken_record_is_rejected(record: dict[str, Any], name: str) -> None:
    broken = copy.deepcopy(record)
    MUTATIONS[name](broken)
    with pytest.raises(AssertionError):
        assert_contract_record(broken)


def test_error_record_shape_passes() -> None:
    assert_contract_record({
        "schema": 1, "id": "x.txt", "title": None, "date": None, "outlet": None, "author": None,
        "language": "en", "text": "", "mentions": [], "events": [], "quotes": [],
        "assessments": [], "error": "file is empty", "warnings": []})
