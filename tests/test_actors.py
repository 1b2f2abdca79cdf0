"""Actor resolution (issue #3): spellings and dates, coreference, cities, users' actor files,
and the `actors show` explanation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Code, dyad


def events_with_root(rec: dict[str, Any], root: str) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if e["root"] == root and e["modality"] == "asserted"]


# -- one person, many spellings, two dates --------------------------------------------------------

@pytest.mark.parametrize("name", ["Yoon Suk-yeol", "Yun Seok-yeol", "President Yoon", "尹",
                                  "윤석열"])
@pytest.mark.parametrize(("pub_date", "sector"), [("2023-03-16", "GOV"), ("2026-03-16", "ELI")])
def test_yoon_in_every_spelling_is_one_person_gov_then_eli(code_text: Code, name: str,
                                                           pub_date: str, sector: str) -> None:
    rec = code_text(f"{name} met Japanese Prime Minister Fumio Kishida in Tokyo on Thursday.",
                    date=pub_date)
    meetings = events_with_root(rec, "04")
    assert meetings, rec["events"]
    yoon = [a for e in meetings for a in e["source"] + e["target"] if a["country"] == "KOR"]
    assert {(a["id"], a["country"], a["sector"]) for a in yoon} == \
        {("p:yoon-suk-yeol", "KOR", sector)}
    assert all(rec["text"][a["start"]:a["end"]] == a["text"] for a in yoon)


def test_out_of_office_between_two_terms_is_eli(pipeline: Any) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    resolver = ActorResolver(pipeline.nlp, pipeline.finder)
    assert resolver.resolve("Donald Trump", "2019-06-01").sector == "GOV"
    assert resolver.resolve("Donald Trump", "2022-04-01").sector == "ELI"
    assert resolver.resolve("Donald Trump", "2025-06-01").sector == "GOV"


# -- coreference ----------------------------------------------------------------------------------

def test_the_two_leaders_are_the_pair_named_before(code_text: Code) -> None:
    rec = code_text("South Korean President Yoon Suk-yeol and U.S. President Joe Biden attended "
                    "a dinner at the United Nations on Tuesday. The two leaders held a phone "
                    "call on Friday.", date="2022-09-25")
    calls = [e for e in events_with_root(rec, "04") if "phone call" in e["sentence"]]
    assert {dyad(e) for e in calls} == {(("KOR",), ("USA",)), (("USA",), ("KOR",))}
    for e in calls:
        [source] = e["source"]
        assert source["text"] == "The two leaders" and source["sector"] == "GOV"
        assert source["id"] in {"p:yoon-suk-yeol", "Q6279"} or source["name"] in {
            "Yoon Suk-yeol", "Joe Biden"}


def test_both_countries_resolve_to_the_countries(code_text: Code) -> None:
    rec = code_text("Japan protested to China on Monday. Both countries later agreed to hold "
                    "talks with Russia.", date="2022-10-12")
    pair = [a for e in rec["events"] for a in e["source"] + e["target"]
            if a["text"] == "Both countries"]
    assert {a["country"] for a in pair} == {"JPN", "CHN"}
    assert all(a["sector"] is None and a["id"] is None for a in pair)


def test_reported_it_is_the_reporting_subject(code_text: Code) -> None:
    rec = code_text("North Korea said it had fired two strategic cruise missiles.",
                    date="2023-03-13")
    [launch] = events_with_root(rec, "15")
    assert dyad(launch) == (("PRK",), ())
    assert launch["source"][0]["text"] == "it"


def test_he_is_the_person_named_before(code_text: Code) -> None:
    rec = code_text("Japanese Prime Minister Fumio Kishida arrived in Seoul on Sunday. He "
                    "criticized North Korea over its missile launches.", date="2023-05-07")
    [criticism] = [e for e in rec["events"] if e["root"] == "11"]
    assert criticism["source"][0]["text"] == "He"
    assert (criticism["source"][0]["name"], dyad(criticism)) == \
        ("Fumio Kishida", (("JPN",), ("PRK",)))


def test_a_pronoun_without_a_person_before_it_stays_unresolved(code_text: Code) -> None:
    rec = code_text("The weather was cold on Monday. He criticized North Korea.",
                    date="2023-05-07")
    # "He" is kept as an actor of unknown country (#15), never resolved to a guessed person.
    [he] = [m for m in rec["mentions"] if m["text"] == "He"]
    assert (he["country"], he["id"]) == (None, None)
    assert all(a["country"] is None for e in rec["events"] for a in e["source"])


def test_bare_institution_is_the_one_named_before_with_its_country(code_text: Code) -> None:
    rec = code_text("North Korea fired a ballistic missile on Tuesday, South Korea's Joint Chiefs "
                    "of Staff (JCS) said. The missile flew 4,500 km, according to the JCS.",
                    date="2022-10-04")
    jcs = [m for m in rec["mentions"] if m["text"] == "the JCS"]
    assert [(m["country"], m["sector"]) for m in jcs] == [("KOR", "MIL")]


def test_bare_institution_without_a_clear_home_is_not_guessed(code_text: Code) -> None:
    rec = code_text("Japan protested to China on Monday. The foreign ministry said talks would "
                    "follow.", date="2022-10-12")
    # An actor outside the knowledge base (#15): kept, with its sector and no guessed country.
    [ministry] = [m for m in rec["mentions"] if m["text"].lower() == "the foreign ministry"]
    assert (ministry["country"], ministry["sector"]) == (None, "GOV")


def test_presidential_office_of_a_clearly_korean_story(code_text: Code) -> None:
    rec = code_text("South Korea's unification minister visited the border on Monday. Seoul "
                    "urged North Korea to return to talks. South Korean lawmakers and Korean "
                    "civic groups backed the call. The presidential office criticized Pyongyang "
                    "on Tuesday.",
                    date="2023-02-14")
    [criticism] = [e for e in rec["events"] if "presidential office" in e["sentence"]]
    assert dyad(criticism) == (("KOR",), ("PRK",))
    assert criticism["source"][0]["sector"] == "GOV"


# -- one phrase, one actor ------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "country", "sector"), [
    ("TEHRAN", "IRN", "GOV"),                       # upper case datelines
    ("Mariupol", "UKR", "CVL"),                     # a city: the people there
    ("Shanghai police", "CHN", "COP"),              # a city with a sector word
    ("Canadian Ambassador to the United Nations", "CAN", "GOV"),  # the phrase's head decides
    ("President of the Chadian Human Rights League", "TCD", "SOC"),  # a title takes its body's
    ("a former White House official", "USA", "ELI"),
    ("Abkhazia", "GEO", "PRE"),
    ("Muslim leaders in France", "FRA", "REL"),     # the country only locates them
    ("Rakhine", "MMR", "CVL"),                      # a region: the people there
    ("Kano State government", "NGA", "GOV"),        # "state government" runs past the alias
    ("Donetsk Oblast", "UKR", "CVL"),
    ("Crimea", "UKR", "CVL"),                       # the UN view
    ("a hotel in Baghdad", "IRQ", "CVL"),           # a capital as a place, not the government
    ("chairman of the firm's board", None, "BUS"),  # a title takes its body's sector
    ("a Sejong the Great-class destroyer", "KOR", "MIL"),  # a navy's ship class
    ("an opposition party", None, "PTY"),           # PLOVER: a party, whether in power or not
    ("the opposition", None, "OPP"),
    ("Ecaudor", "ECU", None),                       # two letters swapped
])
def test_phrases_resolve(pipeline: Any, phrase: str, country: str, sector: str) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    actor = ActorResolver(pipeline.nlp, pipeline.finder).resolve(phrase, "2023-06-01")
    assert (actor.country, actor.sector) == (country, sector)


def test_misspelt_place_names_only_when_one_swap_gives_one_proper_name(pipeline: Any) -> None:
    def ids(text: str) -> list[str]:
        doc = pipeline.nlp(text)
        return [m.entry.id for m in pipeline.finder.find(doc, "2023-06-01")
                if m.entry.kind != "generic"]  # "Officials": an unlisted actor (#15)

    assert ids("Officials in Toyko said on Monday.") == ["JPN"]
    # "Heart" is a common noun, not the Afghan province Herat with two letters swapped.
    assert ids("Heart disease killed many in Herat.") == ["reg:AFG:herat"]


def test_a_former_leader_who_still_sits_in_parliament_is_leg_then_eli(pipeline: Any) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    resolver = ActorResolver(pipeline.nlp, pipeline.finder)
    assert resolver.resolve("Theresa May", "2018-06-01").sector == "GOV"
    assert resolver.resolve("Theresa May", "2022-06-01").sector == "LEG"  # an MP until 2024
    assert resolver.resolve("Theresa May", "2025-01-01").sector == "ELI"


def test_context_gives_the_country_only_when_the_phrase_has_none(pipeline: Any) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    resolver = ActorResolver(pipeline.nlp, pipeline.finder)
    assert (resolver.resolve("the National Guard", context="Saudi").country,
            resolver.resolve("the National Guard").country) == ("SAU", None)
    assert resolver.resolve("Japanese lawmakers", context="Saudi").country == "JPN"


def test_apposition_and_hanja_in_brackets_are_one_actor(code_text: Code) -> None:
    rec = code_text("South Korean President Yoon Suk-yeol (尹錫悅) met his Japanese counterpart, "
                    "Fumio Kishida, in Tokyo.", date="2023-03-16")
    texts = [m["text"] for m in rec["mentions"]]
    assert "South Korean President Yoon Suk-yeol (尹錫悅)" in texts
    assert "his Japanese counterpart, Fumio Kishida" in texts
    assert not {"尹錫悅", "Fumio Kishida"} & set(texts)


def test_unknown_actor_gives_nulls_not_a_guess(pipeline: Any) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    actor = ActorResolver(pipeline.nlp, pipeline.finder).resolve("Zorblax Quentin")
    assert (actor.country, actor.sector, actor.id) == (None, None, None)


# -- users' actor files ---------------------------------------------------------------------------

USER_CSV = """id,name,country,sector,aliases,start,end,kind
p:jane-roe,Jane Roe,KOR,GOV,Jane Roe|Roe,2024-01-01,2025-06-30,person
org:fic,Fictional Institute,NOR,EDU,Fictional Institute|FICI,,,institution
o:japan-override,Japan (override),JPN,MIL,Japan,,,institution
"""

PETRARCH = """# a PETRARCH/Phoenix actor dictionary
ZORBLAX_QUENTIN_  ; made up for the test
+QUENTIN_ZORBLAX_
\t[NORLEG 100101-191231]
\t[NORGOV >200101]

NORTHWIND_FORUM_  [NGO]  # an organisation with a default code
"""


def test_user_csv_adds_and_overrides_actors(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    lines = "\n".join(json.dumps(x) for x in [
        {"text": "Roe", "date": "2024-05-01"}, {"text": "Roe", "date": "2026-01-01"},
        {"text": "the FICI"}, {"text": "Japan"}])
    result = run_cli("actors", "resolve", "-", "--actors", str(path), input=lines)
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["id"], a["country"], a["sector"]) for a in got] == [
        ("p:jane-roe", "KOR", "GOV"), ("p:jane-roe", "KOR", "ELI"),
        ("org:fic", "NOR", "EDU"), ("o:japan-override", "JPN", "MIL")]


def test_petrarch_dictionary_roles_follow_the_date(tmp_path: Path, pipeline: Any) -> None:
    from dyadwatch.actors.kb import ActorKB
    from dyadwatch.actors.mentions import MentionFinder
    from dyadwatch.actors.resolve import ActorResolver

    path = tmp_path / "test.actors.txt"
    path.write_text(PETRARCH, encoding="utf-8")
    kb = ActorKB.load([path])
    resolver = ActorResolver(pipeline.nlp, MentionFinder(pipeline.nlp, kb))
    assert [(a.country, a.sector) for a in (
        resolver.resolve("Zorblax Quentin", "2015-05-01"),
        resolver.resolve("QUENTIN ZORBLAX", "2021-05-01"),
        resolver.resolve("the Northwind Forum"))] == [("NOR", "LEG"), ("NOR", "GOV"),
                                                      (None, "NGO")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.csv", "id,name,start\nx,Bad Guy,2024/01/01\n", "line 2: start '2024/01/01'"),
    ("bad.csv", "id,country\nx,KOR\n", "at least 'name'"),
    ("bad.actors.txt", "FOO_\n\t[USAGOV 2024-]\n", "line 2: date '2024'"),
    ("bad.actors.txt", "+ORPHAN_\n", "line 1: a synonym before any actor"),
])
def test_bad_actor_files_name_the_file_and_line(tmp_path: Path, run_cli: Any, name: str,
                                                content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_cli("actors", "resolve", "Japan", "--actors", str(path))
    assert result.returncode != 0
    assert str(path) in result.stderr and message in result.stderr


def test_code_uses_the_actor_file(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(USER_CSV, encoding="utf-8")
    record = json.dumps({"id": "a", "text": "Jane Roe criticized North Korea on Monday.",
                         "date": "2024-03-04"})
    result = run_cli("code", "-", "--actors", str(path), input=record)
    assert result.returncode == 0, result.stderr
    [event] = json.loads(result.stdout)["events"]
    assert (event["source"][0]["id"], dyad(event)) == ("p:jane-roe", (("KOR",), ("PRK",)))


# -- actors show ----------------------------------------------------------------------------------

def test_actors_show_names_the_rule_and_the_rows(run_cli: Any) -> None:
    result = run_cli("actors", "show", "President Yoon", "--date", "2026-01-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "alias 'Yoon'" in out and "p:yoon-suk-yeol" in out
    assert "people.tsv:" in out and "roles.tsv:" in out
    assert "2022-05-10 to 2025-04-04" in out and "-> ELI" in out
    assert out.strip().splitlines()[-1] == \
        "result: country KOR, sector ELI, p:yoon-suk-yeol 'Yoon Suk-yeol'"


def test_actors_show_explains_a_sector_word(run_cli: Any) -> None:
    result = run_cli("actors", "show", "the South Korean Defense Ministry")
    assert "sector word 'Defense Ministry' -> MIL" in result.stdout
    assert "countries.tsv:" in result.stdout


def test_actors_show_says_when_a_misspelling_was_read(run_cli: Any) -> None:
    result = run_cli("actors", "show", "Ecaudor")
    assert "misspelling rule" in result.stdout
    assert "result: country ECU" in result.stdout
    assert "misspelling rule" not in run_cli("actors", "show", "TEHRAN").stdout


def test_a_name_shared_by_two_people_is_the_one_in_office_else_none(tmp_path: Path,
                                                                    pipeline: Any) -> None:
    from dyadwatch.actors.kb import ActorKB
    from dyadwatch.actors.mentions import MentionFinder
    from dyadwatch.actors.resolve import ActorResolver, explain

    path = tmp_path / "two.csv"
    path.write_text("id,name,country,sector,aliases,start,end,kind\n"
                    "p:ann-roe,Ann Roe,NOR,GOV,Roe,2010-01-01,2014-12-31,person\n"
                    "p:bob-roe,Bob Roe,SWE,GOV,Roe,2020-01-01,,person\n", encoding="utf-8")
    resolver = ActorResolver(pipeline.nlp, MentionFinder(pipeline.nlp, ActorKB.load([path])))
    assert resolver.resolve("Roe", "2012-01-01").id == "p:ann-roe"
    assert resolver.resolve("Roe", "2021-01-01").id == "p:bob-roe"
    assert resolver.resolve("Roe", "2017-01-01").country is None  # neither: not guessed
    assert any("names 2 people" in step for step in explain(resolver, "Roe", "2017-01-01").steps)


# -- regions and waters named after a country are not that country ------------------------------

@pytest.mark.parametrize(("text", "kept"), [
    ("Central American governments condemned Mexico.", ["MEX"]),
    ("Latin American leaders criticized Washington over the new tariffs.", ["USA"]),
    ("Russia deployed warships to the Gulf of Finland.", ["RUS"]),
    ("Chinese ships blocked Philippine vessels in the South China Sea.", ["CHN", "PHL"]),
    ("North Korea fired missiles into the Sea of Japan.", ["PRK"]),
    ("Pirates off the Korean Peninsula attacked a Greek tanker.", ["GRC"]),
])
def test_regions_and_waters_are_not_the_country_in_their_name(code_text: Code, text: str,
                                                              kept: list[str]) -> None:
    rec = code_text(text)
    # Unlisted actors ("Pirates", "Central American governments") have no country (#15).
    assert sorted(m["country"] for m in rec["mentions"] if m["country"]) == kept
    parties = {c for e in rec["events"] for c in dyad(e)[0] + dyad(e)[1]}
    assert parties <= set(kept) | {None}


def test_the_country_itself_is_still_found_beside_such_names(code_text: Code) -> None:
    rec = code_text("Finland protested after Russian jets flew over the Gulf of Finland, and "
                    "American diplomats met Latin American envoys.")
    assert sorted(m["country"] for m in rec["mentions"]) == ["FIN", "RUS", "USA"]


def test_resolving_a_region_gives_no_country(pipeline: Any) -> None:
    from dyadwatch.actors.resolve import ActorResolver

    resolver = ActorResolver(pipeline.nlp, pipeline.finder)
    for phrase in ("Latin America", "North American", "the South China Sea", "Gulf of Guinea"):
        assert resolver.resolve(phrase, "2024-01-01").country is None, phrase
    assert resolver.resolve("American diplomats", "2024-01-01").country == "USA"
