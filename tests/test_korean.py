"""The Korean path (issue 16): kiwipiepy morphemes, actors from Korean names and particles,
events from predicates, on sentences we wrote for these tests (not the labelled set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyadwatch.actors.korean import korean_mentions
from dyadwatch.coding.korean import code_korean_sentence
from dyadwatch.nlp.korean import korean_sentences

Triple = tuple[str, str | None, str, str]  # source, target, CAMEO code, modality


def coded(text: str) -> set[Triple]:
    return {(e.source_country, e.target_country, e.cameo, e.modality)
            for s in korean_sentences(text) for e in code_korean_sentence(s, korean_mentions(s, text))}


@pytest.mark.parametrize(("text", "expected"), [
    # topic 은/는, the owner 의 of the object, a noun + 하다 predicate
    ("일본 정부는 북한의 미사일 발사를 강력히 규탄했다.", {("JPN", "PRK", "111", "asserted")}),
    # a partner 와/과 makes a joint act, coded both ways
    ("윤석열 대통령은 바이든 대통령과 정상회담을 가졌다.",
     {("KOR", "USA", "040", "asserted"), ("USA", "KOR", "040", "asserted")}),
    # a compound names two countries, each an actor
    ("한미 외교장관은 서울에서 회담했다.",
     {("KOR", "USA", "040", "asserted"), ("USA", "KOR", "040", "asserted")}),
    # a target with 에게, an appeal
    ("유엔 사무총장은 러시아에게 철군을 촉구했다.", {("UNO", "RUS", "100", "asserted")}),
    # a Hanja headline
    ("尹, 기시다와 정상회담", {("KOR", "JPN", "040", "asserted"), ("JPN", "KOR", "040", "asserted")}),
])
def test_particles_name_source_target_and_partner(text: str, expected: set[Triple]) -> None:
    assert coded(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("북한은 이날 탄도미사일을 발사하지 않았다.", {("PRK", None, "150", "negated")}),
    ("중국은 대만에 대한 제재를 하지 못했다.", {("CHN", "TWN", "163", "negated")}),
    ("기시다 총리는 다음 달 서울을 방문할 예정이다.", {("JPN", "KOR", "042", "future")}),
    ("러시아는 북한에 식량을 지원할 것이다.", {("RUS", "PRK", "070", "future")}),
    # a plan joined to the final planned act is planned too
    ("바이든 대통령은 내년 초 한국을 방문해 윤 대통령과 회담할 예정이다.",
     {("USA", "KOR", "042", "future"), ("USA", "KOR", "040", "future"),
      ("KOR", "USA", "040", "future")}),
    # an agreement to act is an asserted agreement
    ("한국과 일본은 셔틀 외교를 재개하기로 합의했다.",
     {("KOR", "JPN", "030", "asserted"), ("JPN", "KOR", "030", "asserted")}),
])
def test_negated_and_planned_events_are_never_asserted(text: str, expected: set[Triple]) -> None:
    assert coded(text) == expected


def test_a_threat_is_asserted_and_the_act_it_threatens_is_not() -> None:
    got = coded("미국은 북한이 핵실험을 하면 제재를 강화할 것이라고 경고했다.")
    assert ("USA", "PRK", "130", "asserted") in got
    assert not [t for t in got if t[2] == "163" and t[3] == "asserted"]


def test_a_reported_act_is_the_doers_not_the_reporters() -> None:
    got = coded("북한이 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다.")
    assert got == {("PRK", None, "150", "asserted")}


def test_one_syllable_names_only_where_they_are_names() -> None:
    """미 in 미사일 and 일 in 16일 are no actors; 북 and 미 as names are."""
    text = "북한은 16일 미사일을 발사했다. 미 국무부는 북의 도발을 비판했다."
    [first, second] = korean_sentences(text)
    assert [m.actor.countries for m in korean_mentions(first, text)] == [("PRK",)]
    assert [m.actor.countries for m in korean_mentions(second, text)] == [("USA",), ("PRK",)]


def test_korean_and_english_spellings_are_one_actor(pipeline: Any) -> None:
    korean = pipeline.code_text("윤석열 대통령은 기시다 총리와 회담했다.", doc_id="ko")
    english = pipeline.code_text("President Yoon Suk-yeol met Prime Minister Fumio Kishida.",
                                 doc_id="en")
    ids = {m.id for m in korean.mentions} & {m.id for m in english.mentions}
    assert {"p:yoon-suk-yeol", "p:kishida-fumio"} <= ids


def test_run_stores_the_events_of_korean_files_in_any_encoding(run_cli: Any,
                                                                 tmp_path: Path) -> None:
    """UTF-8, EUC-KR and CP949 files and a Hanja headline: exit 0, events stored."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "utf8.txt").write_text("북한, 탄도미사일 발사\n\n북한은 16일 탄도미사일을 발사했다.\n",
                                    encoding="utf-8")
    (inbox / "euckr.txt").write_bytes("일본 정부는 북한의 도발을 규탄했다.\n".encode("euc-kr"))
    (inbox / "cp949.txt").write_bytes("중국은 대만을 비난했다. 똠방각하.\n".encode("cp949"))
    (inbox / "news.jsonl").write_text(json.dumps(
        {"id": "hanja", "date": "2023-03-16", "text": "尹, 기시다와 정상회담"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_cli("run", "inbox", "--db", "ko.duckdb", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(tmp_path / "ko.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT d.doc_id, e.source_country, e.target_country, e.cameo, "
                           "e.modality FROM events e JOIN documents d USING (doc_key)").fetchall()
        errors = con.execute("SELECT count(*) FROM errors").fetchone()
    assert errors == (0,)
    assert ("euckr", "JPN", "PRK", "111", "asserted") in rows
    assert ("cp949", "CHN", "TWN", "111", "asserted") in rows
    assert ("hanja", "KOR", "JPN", "040", "asserted") in rows
    assert any(r[0] == "utf8" and r[1:4] == ("PRK", None, "150") for r in rows)


def test_a_korean_and_an_english_report_of_one_meeting_merge(run_cli: Any,
                                                              tmp_path: Path) -> None:
    """The merge's evidence (actors, code, day) does not depend on the language: the Korean
    report's "16일" is read against its publication date, the English "Thursday" too."""
    reports = [
        {"id": "en", "date": "2023-03-17", "outlet": "Wire EN",
         "text": "President Yoon Suk-yeol held a summit with Japanese Prime Minister Fumio "
                 "Kishida in Tokyo on Thursday."},
        {"id": "ko", "date": "2023-03-17", "outlet": "Wire KO",
         "text": "윤석열 대통령은 16일 도쿄에서 기시다 총리와 정상회담을 가졌다."}]
    (tmp_path / "in.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reports), encoding="utf-8")
    proc = run_cli("run", "in.jsonl", "--db", "m.duckdb", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(tmp_path / "m.duckdb"), read_only=True) as con:
        merged = con.execute("SELECT actor_key, event_date, n_sources, outlets "
                             "FROM merged_events").fetchall()
        korean = con.execute("SELECT DISTINCT e.event_date, e.date_basis FROM events e "
                             "JOIN documents d USING (doc_key) WHERE d.doc_id = 'ko'").fetchall()
    assert korean == [("2023-03-16", "text")]
    assert merged == [("JPN~KOR", "2023-03-16", 2, ["Wire EN", "Wire KO"])]


def test_korean_records_keep_the_contract(pipeline: Any) -> None:
    from contract import assert_contract_record

    record = pipeline.code_text("한미일 정상, 캠프 데이비드서 정상회담\n윤석열 대통령은 18일 기시다 "
                                "총리와 정상회담을 가졌다. 북한은 이날 미사일을 발사하지 않았다.",
                                pub_date="2023-08-19", doc_id="ko").to_json()
    assert_contract_record(record)
    assert {e["modality"] for e in record["events"]} == {"asserted", "negated"}
    assert "2023-08-18" in {e["date"] for e in record["events"]}
