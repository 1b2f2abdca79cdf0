"""Coding: sentences written for these tests -> events (who did what to whom, when).

Each expectation is what a reader of the sentence would state: the countries involved, the CAMEO
root of the action, the direction. Exact 3-digit codes are asserted only where the CAMEO codebook
leaves no choice (041 is a phone call)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Code, dyad


def events_by_dyad(rec: dict[str, Any]) -> dict[tuple[tuple[Any, ...], tuple[Any, ...]],
                                                 list[dict[str, Any]]]:
    out: dict[tuple[tuple[Any, ...], tuple[Any, ...]], list[dict[str, Any]]] = {}
    for e in rec["events"]:
        out.setdefault(dyad(e), []).append(e)
    return out


def test_targetless_missile_launch(code_text: Code) -> None:
    rec = code_text("Pyongyang launched two short-range ballistic missiles toward the sea "
                    "off its east coast early on Saturday.", pub_date="2023-05-06")
    [event] = rec["events"]
    assert dyad(event) == (("PRK",), ())
    assert (event["root"], event["quad_class"], event["modality"]) == ("15", 4, "asserted")
    assert event["date"] == "2023-05-06"
    assert event["date_text"] == "Saturday"
    assert "launched" in event["trigger"]["text"]
    assert rec["text"][event["start"]:event["end"]].startswith("Pyongyang launched")


def test_reciprocal_talks_are_coded_in_both_directions(code_text: Code) -> None:
    rec = code_text("The Japanese foreign minister and his Chinese counterpart held talks "
                    "in Beijing on Thursday.", pub_date="2023-04-07")
    by_dyad = events_by_dyad(rec)
    assert set(by_dyad) == {(("JPN",), ("CHN",)), (("CHN",), ("JPN",))}
    for events in by_dyad.values():
        [event] = events
        assert (event["root"], event["modality"], event["reciprocal"]) == ("04", "asserted", True)
        assert event["date"] == "2023-04-06"
    # The host city is where they met, not a party.
    assert all("Beijing" not in a["text"] for e in rec["events"] for a in e["target"])


def test_phone_call_is_041_both_ways(code_text: Code) -> None:
    rec = code_text("The Australian prime minister held a phone call with the Indian prime "
                    "minister on Sunday.", pub_date="2023-06-12")
    assert sorted((dyad(e), e["cameo"]) for e in rec["events"]) == [
        ((("AUS",), ("IND",)), "041"), ((("IND",), ("AUS",)), "041")]
    assert {e["date"] for e in rec["events"]} == {"2023-06-11"}


def test_passive_voice_source_is_the_agent(code_text: Code) -> None:
    rec = code_text("Seoul was sharply criticized by Pyongyang over the drills.")
    [event] = rec["events"]
    assert dyad(event) == (("PRK",), ("KOR",))
    assert (event["root"], event["quad_class"]) == ("11", 3)


def test_passive_summons_by_ministry(code_text: Code) -> None:
    rec = code_text("The Chinese ambassador was summoned by the South Korean Foreign Ministry "
                    "on Friday.", pub_date="2023-06-10")
    [event] = rec["events"]
    assert dyad(event) == (("KOR",), ("CHN",))
    assert event["source"][0]["sector"] == "GOV"
    assert event["date"] == "2023-06-09"


def test_several_events_in_one_sentence(code_text: Code) -> None:
    rec = code_text("Australia condemned Russia, and Canada summoned the Iranian ambassador.")
    assert [(dyad(e), e["root"]) for e in rec["events"]] == [
        ((("AUS",), ("RUS",)), "11"),
        ((("CAN",), ("IRN",)), "11"),
    ]
    first, second = rec["events"]
    assert rec["text"][first["start"]:first["end"]] == "Australia condemned Russia"
    assert rec["text"][second["start"]:second["end"]] == "Canada summoned the Iranian ambassador"


def test_several_events_without_comma(code_text: Code) -> None:
    rec = code_text("South Korea condemned North Korea and Japan summoned the Chinese ambassador.")
    assert [(dyad(e), e["root"]) for e in rec["events"]] == [
        ((("KOR",), ("PRK",)), "11"),
        ((("JPN",), ("CHN",)), "11"),
    ]


def test_events_in_several_sentences_keep_sentence_index(code_text: Code) -> None:
    rec = code_text("North Korea fired a cruise missile. Japan protested to North Korea. "
                    "The weather in Tokyo stayed mild.")
    assert [(dyad(e), e["root"], e["sentence_index"]) for e in rec["events"]] == [
        ((("PRK",), ()), "15", 0),
        ((("JPN",), ("PRK",)), "14", 1),
    ]
    assert rec["events"][1]["sentence"] == "Japan protested to North Korea."


def test_igo_actor_un_security_council(code_text: Code) -> None:
    rec = code_text("The UN Security Council condemned Syria after the attack.")
    [event] = rec["events"]
    assert dyad(event) == (("UNO",), ("SYR",))
    assert event["source"][0]["id"] == "UNSC"
    assert event["root"] == "11"


def test_igo_actor_european_union_sanctions(code_text: Code) -> None:
    rec = code_text("The European Union imposed new sanctions on Belarus.")
    [event] = rec["events"]
    assert dyad(event) == (("EUR",), ("BLR",))
    assert (event["root"], event["quad_class"]) == ("16", 4)


def test_sentence_without_actor_yields_no_event(code_text: Code) -> None:
    rec = code_text("The weather was cold and the markets stayed closed.")
    assert (rec["mentions"], rec["events"]) == ([], [])


@pytest.mark.parametrize("text", [
    "The spokesman said the talks had been useful and would continue.",
    "Officials condemned the attack and met for two hours.",
])
def test_unlisted_actor_is_kept_without_a_country(code_text: Code, text: str) -> None:
    """"The spokesman", "Officials": actors outside the knowledge base are mentions with the
    sector their word gives and no country (#15); no country is invented for their events."""
    rec = code_text(text)
    assert rec["mentions"] and all(m["country"] is None and m["sector"] == "GOV"
                                   for m in rec["mentions"])
    assert all(a["country"] is None for e in rec["events"] for a in e["source"] + e["target"])


def test_g20_sidelines_is_a_place_not_a_target(code_text: Code) -> None:
    rec = code_text("The Canadian prime minister met the Indian prime minister on the sidelines "
                    "of the G20 summit in Rome.")
    assert sorted(dyad(e) for e in rec["events"]) == [(("CAN",), ("IND",)),
                                                      (("IND",), ("CAN",))]
    assert all(a["country"] != "IGO" for e in rec["events"] for a in e["source"] + e["target"])


def test_g20_sidelines_after_held_talks(code_text: Code) -> None:
    rec = code_text("Brazil and Argentina held talks on the sidelines of the G20.")
    assert sorted(dyad(e) for e in rec["events"]) == [(("ARG",), ("BRA",)),
                                                      (("BRA",), ("ARG",))]


def test_multi_party_drill_gives_every_ordered_pair(code_text: Code) -> None:
    rec = code_text("Australia, India and Japan held a joint naval drill in the Bay of Bengal.")
    pairs = sorted(dyad(e) for e in rec["events"])
    assert pairs == sorted(((a,), (b,)) for a in ("AUS", "IND", "JPN")
                           for b in ("AUS", "IND", "JPN") if a != b)
    assert {(e["root"], e["quad_class"], e["reciprocal"]) for e in rec["events"]} == {
        ("06", 2, True)}


# -- dates ----------------------------------------------------------------------------------------

def test_weekday_resolves_to_latest_on_or_before_publication(code_text: Code) -> None:
    # 2022-10-12 is a Wednesday; "on Monday" is 2022-10-10.
    rec = code_text("North Korea fired a missile on Monday.", pub_date="2022-10-12")
    [event] = rec["events"]
    assert (event["date"], event["date_text"], event["date_basis"]) == (
        "2022-10-10", "Monday", "text")


def test_weekday_equal_to_publication_day(code_text: Code) -> None:
    rec = code_text("North Korea fired a missile on Wednesday.", pub_date="2022-10-12")
    assert rec["events"][0]["date"] == "2022-10-12"


def test_month_day_without_year_takes_publication_year(code_text: Code) -> None:
    rec = code_text("Japan protested to China on Oct. 4.", pub_date="2022-10-12")
    [event] = rec["events"]
    assert dyad(event) == (("JPN",), ("CHN",))
    assert (event["date"], event["date_text"]) == ("2022-10-04", "Oct. 4")


def test_explicit_year_is_kept_even_without_publication_date(code_text: Code) -> None:
    rec = code_text("Japan protested to China on Oct. 4, 2021.")
    assert rec["date"] is None
    assert rec["events"][0]["date"] == "2021-10-04"


def test_sentence_without_date_words_takes_publication_date(code_text: Code) -> None:
    rec = code_text("Japan protested to China.", pub_date="2022-10-12")
    [event] = rec["events"]
    assert (event["date"], event["date_text"], event["date_basis"]) == (
        "2022-10-12", None, "publication")


@pytest.mark.parametrize("text", ["North Korea fired a missile on Monday.",
                                  "Japan protested to China on Oct. 4.",
                                  "Japan protested to China yesterday."])
def test_no_publication_date_gives_null_event_date(code_text: Code, text: str) -> None:
    rec = code_text(text)
    assert rec["date"] is None
    assert rec["warnings"] == [("no publication date found in the document; relative dates "
                               "cannot be resolved (use --pub-date)")]
    [event] = rec["events"]
    assert (event["date"], event["date_basis"]) == (None, None)


def test_relative_dates(code_text: Code) -> None:
    rec = code_text("Japan protested to China yesterday. Japan protested to China last month.",
                    pub_date="2023-03-01")
    assert [e["date"] for e in rec["events"]] == ["2023-02-28", "2023-02"]


def test_document_date_wins_over_pub_date_argument(code_text: Code) -> None:
    rec = code_text("North Korea fired a missile on Monday.", pub_date="2030-01-01",
                    date="2022-10-12")
    assert rec["date"] == "2022-10-12"
    assert rec["events"][0]["date"] == "2022-10-10"


@pytest.mark.parametrize("text", [
    "After talks with Tokyo on Monday, Seoul protested to Beijing on Tuesday.",
    "Seoul, which had met Tokyo on Monday, protested to Beijing on Tuesday.",
])
def test_date_that_modifies_the_verb_wins(code_text: Code, text: str) -> None:
    rec = code_text(text, pub_date="2022-10-12")
    protests = [e for e in rec["events"] if e["root"] == "14"]
    assert [(dyad(e), e["date"], e["date_text"]) for e in protests] == [
        ((("KOR",), ("CHN",)), "2022-10-11", "Tuesday")]


@pytest.mark.parametrize(("text", "date"), [
    ("Japan will meet China on Oct. 20.", "2022-10-20"),
    ("Japan will meet China on Friday.", "2022-10-14"),
    ("Japan plans to visit China next month.", "2022-11"),
])
def test_future_event_dates_are_not_in_the_past(code_text: Code, text: str, date: str) -> None:
    rec = code_text(text, pub_date="2022-10-12")  # a Wednesday
    assert rec["events"]
    assert {(e["modality"], e["date"]) for e in rec["events"]} == {("future", date)}


# -- actors ---------------------------------------------------------------------------------------

def test_mentions_slice_the_text_and_carry_sectors(code_text: Code) -> None:
    rec = code_text("Indian Army troops and Chinese diplomats met near the border.")
    assert [(m["text"], m["country"], m["sector"]) for m in rec["mentions"]] == [
        ("Indian Army troops", "IND", "MIL"), ("Chinese diplomats", "CHN", "GOV")]
    for m in rec["mentions"]:
        assert rec["text"][m["start"]:m["end"]] == m["text"]


def test_workers_party_of_korea_is_north_korean(code_text: Code) -> None:
    rec = code_text("The Workers' Party of Korea criticized Seoul.")
    [event] = rec["events"]
    assert dyad(event) == (("PRK",), ("KOR",))


@pytest.mark.parametrize("phrase", ["the Workers' Party of Korea",
                                    "the Korean Central News Agency"])
def test_north_korean_institutions_resolve_to_prk(pipeline: Any, phrase: str) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    actor = ActorResolver(pipeline.nlp, pipeline.finder).resolve(phrase)
    assert actor.country == "PRK"


# -- false positives found while testing ----------------------------------------------------------

def test_committed_a_crime_is_not_intent_to_cooperate(code_text: Code) -> None:
    """Regression: 'commit' used to code 030 (express intent to cooperate) for any object."""
    rec = code_text("Officials said Japan had committed a crime against its neighbours.")
    assert [e["root"] for e in rec["events"] if e["root"] == "03"] == []
    rec = code_text("Japan committed to the new agreement with South Korea.")
    assert [(dyad(e)[0], e["root"], e["modality"]) for e in rec["events"]] == [
        (("JPN",), "03", "asserted")]


def test_warning_data_is_not_a_threat(code_text: Code) -> None:
    """Regression: 'warning' (tagged VERB) used to give a PRK threat, source 'North Korean
    missile'."""
    rec = code_text("The two countries intend to share North Korean missile warning data in "
                    "real time.")
    assert [dyad(e) for e in rec["events"] if e["root"] == "13"] == []


def test_event_sentence_never_spans_a_paragraph_break(code_text: Code) -> None:
    """Regression: spaCy's parser used to join these two paragraphs into one sentence."""
    rec = code_text(
        "The leaders condemned Russia's missile attacks and criticized what they called dangerous "
        "and aggressive behavior by the People's Republic of China in the South China Sea.\n\n"
        "Analysts in Seoul expect Pyongyang and Beijing to reject the statement in the coming "
        "days.", pub_date="2023-08-18")
    assert rec["events"]
    for event in rec["events"]:
        assert "\n\n" not in event["sentence"].strip()
    paragraphs = rec["text"].split("\n\n")
    assert all(e["sentence"].strip() == paragraphs[e["sentence_index"]].strip()
               for e in rec["events"])


# -- README's Python API example ------------------------------------------------------------------

def test_readme_python_api_example(pipeline: Any) -> None:
    import dyadwatch

    items = [{"id": "a", "text": "Seoul criticized Pyongyang.", "date": "2023-01-02"}]
    [record] = list(pipeline.code_documents(items))
    assert [(e.source[0].country, e.cameo, [t.country for t in e.target])
            for e in record.events] == [("KOR", "111", ["PRK"])]
    assert record.to_json()["events"][0]["date"] == "2023-01-02"
    [same] = list(dyadwatch.code_documents(items, pipeline=pipeline))
    assert same.to_json() == record.to_json()
