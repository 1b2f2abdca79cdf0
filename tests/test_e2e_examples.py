"""End to end on the bundled corpus, examples/ (25 documents); expectations come from what
examples/README.md states about each document, not from a stored copy of the output."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from conftest import EXAMPLES, dyad, jsonl
from contract import assert_contract_record

Records = dict[str, dict[str, Any]]
README_ROW = re.compile(r"^\| `(?P<file>[^`]+)`(?: `(?P<id>[^`]+)`)? \| "
                        r"(?P<date>none|\d{4}-\d{2}-\d{2})\b", re.MULTILINE)


def readme_dates() -> dict[str, str | None]:
    """Record id -> publication date as examples/README.md gives it (None for 'none')."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    dates = {}
    for m in README_ROW.finditer(text):
        key = m.group("id") or m.group("file").rsplit(".", 1)[0]
        dates[key] = None if m.group("date") == "none" else m.group("date")
    return dates


def events(rec: dict[str, Any], source: str | None = None, root: str | None = None,
           modality: str | None = None) -> list[dict[str, Any]]:
    return [e for e in rec["events"]
            if (source is None or source in [a["country"] for a in e["source"]])
            and (root is None or e["root"] == root)
            and (modality is None or e["modality"] == modality)]


def test_all_25_documents_are_coded_without_error(examples_records: Records) -> None:
    assert len(examples_records) == 25
    for rec in examples_records.values():
        assert_contract_record(rec)
        assert rec["error"] is None
        assert rec["language"] == "en"
        assert rec["title"]
    assert sum(len(r["events"]) for r in examples_records.values()) > 40


def test_publication_dates_match_examples_readme(examples_records: Records) -> None:
    expected = readme_dates()
    assert len(expected) == 25 and set(expected) == set(examples_records)
    assert {k: r["date"] for k, r in examples_records.items()} == expected
    undated = {k for k, v in expected.items() if v is None}
    assert undated == {"04-vigilant-storm-extended", "10-iran-summons-envoy",
                       "16-xing-haiming-summoned", "22-fukushima-release-dp"}
    for key in undated:
        assert any("no publication date" in w for w in examples_records[key]["warnings"])


def test_no_date_is_ever_today(examples_records: Records) -> None:
    today = dt.date.today()
    todays = {today.isoformat(), today.strftime("%Y-%m"), str(today.year)}
    for rec in examples_records.values():
        assert rec["date"] not in todays
        assert not [e for e in rec["events"] if e["date"] in todays]


def test_wire_briefs_keep_outlet_title_and_url(examples_records: Records) -> None:
    for key in ("brief-1", "brief-2", "brief-3"):
        rec = examples_records[key]
        assert rec["outlet"] == "Example Wire"
        assert rec["url"].startswith("https://example.com/wire/")
        assert rec["title"]


@pytest.mark.parametrize(("key", "launch_date"), [
    ("01-irbm-over-japan", "2022-10-04"),
    ("07-hwasong17-icbm", "2022-11-18"),
    ("18-hwasong18-solid-fuel-icbm", "2023-07-12"),
    ("02-yoon-kishida-phone-call", None),
    ("03-missile-crosses-nll", "2022-11-02"),
    ("12-yoon-tokyo-summit", None),
    ("20-kim-putin-vostochny", None),
])
def test_missile_launch_articles_have_asserted_prk_root_15(examples_records: Records, key: str,
                                                          launch_date: str | None) -> None:
    launches = [e for e in events(examples_records[key], "PRK", "15", "asserted")
                if dyad(e)[0] == ("PRK",)]
    assert launches, f"{key}: no asserted PRK launch"
    assert all(e["target"] == [] for e in launches)  # shows of force have no recipient
    if launch_date:
        assert launch_date in {e["date"] for e in launches}


@pytest.mark.parametrize("key", [
    "04-vigilant-storm-extended",  # 'North Korea launched what ... believed was an ICBM'

    "13-freedom-shield",  # 'North Korea said it had fired ...': the pronoun is resolved
])
def test_missile_launch_recall_gaps(examples_records: Records, key: str) -> None:
    assert events(examples_records[key], "PRK", "15", "asserted")


@pytest.mark.parametrize("key", ["02-yoon-kishida-phone-call", "05-phnom-penh-summit"])
def test_yoon_kishida_meetings_are_kor_jpn_root_04_both_ways(examples_records: Records,
                                                            key: str) -> None:
    pairs = {dyad(e) for e in events(examples_records[key], root="04", modality="asserted")
             if e["reciprocal"]}
    assert {(("KOR",), ("JPN",)), (("JPN",), ("KOR",))} <= pairs


def test_phone_call_article_has_a_041_call(examples_records: Records) -> None:
    calls = [e for e in examples_records["02-yoon-kishida-phone-call"]["events"]
             if e["cameo"] == "041"]
    assert {dyad(e) for e in calls} == {(("KOR",), ("JPN",)), (("JPN",), ("KOR",))}
    assert {e["date"] for e in calls} == {"2022-10-06"}  # "on Thursday", published Thursday


def test_washington_declaration_is_a_usa_kor_event(examples_records: Records) -> None:
    rec = examples_records["14-washington-declaration"]
    pairs = {dyad(e) for e in rec["events"] if e["modality"] == "asserted"}
    assert {(("USA",), ("KOR",)), (("KOR",), ("USA",))} & pairs
    assert all(e["date"] == "2023-04-26" for e in rec["events"]
               if dyad(e) == (("USA",), ("KOR",)))


def test_camp_david_host_event(examples_records: Records) -> None:
    rec = examples_records["19-camp-david-summit"]
    hosted = [e for e in rec["events"] if e["source"][0]["country"] == "USA" and e["root"] == "04"]
    assert hosted
    assert {a["country"] for e in hosted for a in e["target"]} == {"KOR", "JPN"}


def test_sanctions_article_has_three_sanctioning_countries(examples_records: Records) -> None:
    rec = examples_records["09-sanctions-december"]
    senders = {e["source"][0]["country"] for e in rec["events"]
               if e["root"] == "16" and [a["country"] for a in e["target"]] == ["PRK"]}
    assert senders == {"KOR", "USA", "JPN"}


def test_html_boilerplate_is_not_in_text(examples_records: Records) -> None:
    html_keys = [k for k in examples_records if k[:2] in {"17", "18", "19", "20", "21", "22"}]
    assert len(html_keys) == 6
    for key in html_keys:
        text = examples_records[key]["text"]
        for furniture in ("Most read", "Sign up", "All rights reserved", "Privacy", "About us"):
            assert furniture not in text, (key, furniture)
        assert examples_records[key]["outlet"]
        assert examples_records[key]["author"]


def test_txt_furniture_is_metadata_not_text(examples_records: Records) -> None:
    assert examples_records["03-missile-crosses-nll"]["author"] == "Kim Min-ji"
    assert examples_records["07-hwasong17-icbm"]["outlet"] == "Example News Agency"
    for rec in examples_records.values():
        assert "@example." not in rec["text"]
        assert "All rights reserved" not in rec["text"]
        assert not rec["text"].startswith(rec["title"])


def test_hangul_and_hanja_survive_with_offsets(examples_records: Records) -> None:
    assert "尹錫悅" in examples_records["12-yoon-tokyo-summit"]["text"]
    assert "더불어민주당" in examples_records["11-forced-labour-plan-dp"]["text"]
    for key in ("12-yoon-tokyo-summit", "11-forced-labour-plan-dp", "16-xing-haiming-summoned"):
        rec = examples_records[key]
        for m in rec["mentions"]:
            assert rec["text"][m["start"]:m["end"]] == m["text"]


def test_no_event_sentence_spans_a_paragraph_break(examples_records: Records) -> None:
    """Regression: in 19-camp-david-summit two paragraphs used to be one sentence."""
    spanning = [(k, e["sentence"][:60]) for k, r in examples_records.items()
                for e in r["events"] if "\n\n" in e["sentence"].strip()]
    assert spanning == []


def test_cli_code_on_examples_equals_the_library(
        run_cli: Callable[..., subprocess.CompletedProcess[str]],
        examples_records: Records) -> None:
    result = run_cli("code", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    records = jsonl(result.stdout)
    assert [r["id"] for r in records] == list(examples_records)  # input order: sorted paths
    assert records == list(examples_records.values())


def test_no_duplicate_mentions_self_dyads_or_duplicate_events(examples_records: Records) -> None:
    for key, rec in examples_records.items():
        # A span names one actor, except a pair reference ("the two leaders") naming two.
        spans = [(m["start"], m["end"], m["id"], m["country"]) for m in rec["mentions"]]
        assert len(spans) == len(set(spans)), f"{key}: the same actor is mentioned twice"
        seen = set()
        for e in rec["events"]:
            sources = {(a["start"], a["end"], a["country"]) for a in e["source"]}
            targets = {(a["start"], a["end"], a["country"]) for a in e["target"]}
            assert not sources & targets, f"{key}: an actor is its own target: {e['sentence']}"
            signature = (e["cameo"], e["trigger"]["start"], tuple(sorted(sources)),
                         tuple(sorted(targets)))
            assert signature not in seen, f"{key}: duplicate event in {e['sentence']!r}"
            seen.add(signature)
