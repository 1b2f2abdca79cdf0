"""Modality: asserted, negated, hypothetical, future; through the whole coder and on the parse."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Code, dyad

from dyadwatch.coding.modality import modality_of


def modalities(rec: dict[str, Any]) -> list[tuple[Any, str, str]]:
    return sorted((dyad(e), e["root"], e["modality"]) for e in rec["events"])


@pytest.mark.parametrize(("text", "expected"), [
    ("The Russian president met the Chinese leader in Moscow.",
     [((("CHN",), ("RUS",)), "04", "asserted"), ((("RUS",), ("CHN",)), "04", "asserted")]),
    ("Canada criticized Saudi Arabia over the arrests.",
     [((("CAN",), ("SAU",)), "11", "asserted")]),
])
def test_asserted(code_text: Code, text: str, expected: list[Any]) -> None:
    assert modalities(code_text(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The Russian president did not meet the Chinese leader.",
     [((("CHN",), ("RUS",)), "04", "negated"), ((("RUS",), ("CHN",)), "04", "negated")]),
    ("The Japanese minister did not attend the meeting with Chinese officials.",
     [((("CHN",), ("JPN",)), "04", "negated"), ((("JPN",), ("CHN",)), "04", "negated")]),
    ("South Africa has never met Israel at the ministerial level.",
     [((("ISR",), ("ZAF",)), "04", "negated"), ((("ZAF",), ("ISR",)), "04", "negated")]),
])
def test_negated(code_text: Code, text: str, expected: list[Any]) -> None:
    assert modalities(code_text(text)) == expected


def test_did_not_attend_summit_alone(code_text: Code) -> None:
    # No partner is named: the host country is the target (CAMEO's convention for visits).
    rec = code_text("India did not attend the summit in Islamabad.")
    assert [(dyad(e), e["modality"]) for e in rec["events"]] == [((("IND",), ("PAK",)),
                                                                  "negated")]


def test_refused_to_meet_is_negated(code_text: Code) -> None:
    rec = code_text("Japan refused to meet China.")
    meetings = [e for e in rec["events"] if e["root"] == "04"]
    assert sorted((dyad(e), e["modality"]) for e in meetings) == [
        ((("CHN",), ("JPN",)), "negated"), ((("JPN",), ("CHN",)), "negated")]


def test_conditional_clause_is_hypothetical(code_text: Code) -> None:
    rec = code_text("If North Korea fires another missile, Seoul will impose new sanctions on "
                    "Pyongyang.")
    launch = [e for e in rec["events"] if e["root"] == "15"]
    assert [(dyad(e), e["modality"]) for e in launch] == [((("PRK",), ()), "hypothetical")]
    sanctions = [e for e in rec["events"] if e["root"] == "16"]
    assert [dyad(e) for e in sanctions] == [(("KOR",), ("PRK",))]
    assert sanctions[0]["modality"] != "asserted"


def test_consequent_of_conditional_is_hypothetical(code_text: Code) -> None:
    """Regression: the consequent used to be coded 'future'."""
    rec = code_text("If North Korea fires another missile, Seoul will impose new sanctions on "
                    "Pyongyang.")
    assert [e["modality"] for e in rec["events"]] == ["hypothetical", "hypothetical"]


@pytest.mark.parametrize("text", [
    "Pyongyang could fire another missile within days.",
    "Unless talks resume, North Korea might conduct a nuclear test.",
])
def test_modal_verbs_are_hypothetical(code_text: Code, text: str) -> None:
    rec = code_text(text)
    assert [(dyad(e), e["root"], e["modality"]) for e in rec["events"]] == [
        ((("PRK",), ()), "15", "hypothetical")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Japanese prime minister will meet the South Korean president next week.",
     [((("JPN",), ("KOR",)), "04", "future"), ((("KOR",), ("JPN",)), "04", "future")]),
    ("The Chinese foreign minister plans to visit Moscow.",
     [((("CHN",), ("RUS",)), "04", "future")]),
    ("The US envoy is expected to hold talks with Chinese officials.",
     [((("CHN",), ("USA",)), "04", "future"), ((("USA",), ("CHN",)), "04", "future")]),
    ("France is going to meet Germany.",
     [((("DEU",), ("FRA",)), "04", "future"), ((("FRA",), ("DEU",)), "04", "future")]),
])
def test_future(code_text: Code, text: str, expected: list[Any]) -> None:
    assert modalities(code_text(text)) == expected


def test_mixed_modalities_in_one_text(code_text: Code) -> None:
    rec = code_text("Brazil criticized Venezuela on Monday. Brazil did not meet Venezuela. "
                    "Brazil will visit Venezuela.", pub_date="2023-03-08")
    meetings = [e for e in rec["events"] if e["source"][0]["country"] == "BRA"]
    assert [(e["root"], e["modality"], e["sentence_index"]) for e in meetings] == [
        ("11", "asserted", 0), ("04", "negated", 1), ("04", "future", 2)]


# -- modality_of on the real parse ----------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "verb", "expected"), [
    ("Japan attended the summit.", "attended", "asserted"),
    ("Japan did not attend the summit.", "attend", "negated"),
    ("Japan has never attended the summit.", "attended", "negated"),
    ("Japan will attend the summit.", "attend", "future"),
    ("Japan plans to attend the summit.", "attend", "future"),
    ("Japan is expected to attend the summit.", "attend", "future"),
    ("Japan would attend the summit.", "attend", "hypothetical"),
    ("If Japan attends the summit, China will protest.", "attends", "hypothetical"),
    ("Japan declined to attend the summit.", "attend", "negated"),
])
def test_modality_of_verb(pipeline: Any, sentence: str, verb: str, expected: str) -> None:
    doc = pipeline.nlp(sentence)
    [token] = [t for t in doc if t.text == verb]
    assert modality_of(token) == expected


# -- issue #4: predictions, intentions and plans hanging on nouns -----------------------------------

def test_predicted_meeting_is_future_not_asserted(code_text: Code) -> None:
    rec = code_text("Observers predict that the Chinese president and the Russian president "
                    "will meet next month.")
    assert modalities(rec) == [((("CHN",), ("RUS",)), "04", "future"),
                               ((("RUS",), ("CHN",)), "04", "future")]


@pytest.mark.parametrize("text", [
    "Analysts expect the plan to clear the way for Yoon to visit Japan.",
    "Seoul announced a plan for the South Korean president to visit Japan.",
])
def test_visit_in_a_clause_on_a_noun_is_future(code_text: Code, text: str) -> None:
    visits = [e for e in code_text(text)["events"] if e["cameo"] == "042"]
    assert [(dyad(e), e["modality"]) for e in visits] == [((("KOR",), ("JPN",)), "future")]


def test_hypothetical_if_clause_with_a_target(code_text: Code) -> None:
    rec = code_text("If Seoul sends warships to the strait, Beijing will cut ties with Seoul.")
    assert {e["modality"] for e in rec["events"]} == {"hypothetical"}
    assert ((("CHN",), ("KOR",)), "16", "hypothetical") in modalities(rec)
