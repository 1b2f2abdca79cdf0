"""Relationship assessments (issue 9): sentences saying how a relationship stands or moves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

FOUR_PAIRS = (
    "Tokyo, March 4 -- Relations between South Korea and Japan are under recovery after years "
    "of quarrels over history, officials in Seoul said on Friday. "
    "President Biden said the US-Philippines alliance has grown into a comprehensive strategic "
    "alliance. "
    "Beijing's ties with Canberra hit a new low this year, according to Chinese diplomats. "
    "Many observers in Europe regard India's relations with Pakistan as a stumbling block to "
    "regional trade."
)


def _pairs(rec: dict[str, Any]) -> list[tuple[frozenset[str | None], float, str | None]]:
    return [(frozenset(p["country"] for p in a["parties"]), a["polarity"], a["trend"])
            for a in rec["assessments"]]


def test_four_statements_give_four_pairs_with_signs(code_text: Any) -> None:
    rec = code_text(FOUR_PAIRS, pub_date="2023-03-04")
    got = _pairs(rec)
    assert [pair for pair, _, _ in got] == [
        frozenset({"KOR", "JPN"}), frozenset({"USA", "PHL"}), frozenset({"CHN", "AUS"}),
        frozenset({"IND", "PAK"})]
    signs = [polarity > 0 for _, polarity, _ in got]
    assert signs == [True, True, False, False]
    assert [trend for _, _, trend in got][:3] == ["improving", "improving", "worsening"]
    # every assessment points at its own sentence in the cleaned text
    for a in rec["assessments"]:
        assert rec["text"][a["start"]:a["end"]] == a["sentence"]
        assert -1 <= a["polarity"] <= 1


def test_holder_is_whose_view(code_text: Any) -> None:
    rec = code_text("Chinese diplomats said Beijing's ties with Canberra had hit a new low.")
    [a] = rec["assessments"]
    assert a["holder"] is not None and a["holder"]["country"] == "CHN"


def test_event_sentences_are_not_assessments(code_text: Any) -> None:
    rec = code_text(
        "South Korea criticized North Korea on Monday for the missile launch. "
        "Japan and China held talks on their relations in Tokyo. "
        "The foreign ministers of India and Pakistan met in Geneva.")
    assert rec["events"], "the sentences are events"
    assert rec["assessments"] == []


def test_negation_flips_the_statement(code_text: Any) -> None:
    rec = code_text("Relations between Seoul and Tokyo are not improving, analysts said.")
    [a] = rec["assessments"]
    assert a["polarity"] < 0 and a["trend"] == "worsening"


def test_assessments_are_stored(examples_db: Path, tmp_path: Path, pipeline: Any) -> None:
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    src = tmp_path / "in" / "four.txt"
    src.parent.mkdir()
    src.write_text("Four relationships\n\n" + FOUR_PAIRS, encoding="utf-8")
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        run_into_store([str(src.parent)], store, pipeline, pub_date="2023-03-04")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT party1_country, party2_country, polarity, sentence, start_char, "
                       "end_char, d.text FROM assessments JOIN documents d USING (doc_key) "
                       "ORDER BY assessment_idx").fetchall()
    con.close()
    assert len(rows) == 4
    assert {frozenset(r[:2]) for r in rows} == {frozenset({"KOR", "JPN"}),
                                                  frozenset({"USA", "PHL"}),
                                                  frozenset({"CHN", "AUS"}),
                                                  frozenset({"IND", "PAK"})}
    for r in rows:
        assert r[6][r[4]:r[5]] == r[3]


def test_a_mention_behind_a_clause_is_not_a_party(code_text: Any) -> None:
    rec = code_text("The leaders agreed on the need to improve ties strained by disputes over "
                    "Japan's colonial rule of Korea.")
    for a in rec["assessments"]:
        assert "JPN" not in {p["country"] for p in a["parties"]}


def test_an_unknown_partner_is_not_replaced_by_another_actor(code_text: Any) -> None:
    rec = code_text("Washington worries as the close ties between China and its southern "
                    "neighbours deepen.")
    assert all({p["country"] for p in a["parties"]} != {"CHN", "USA"}
               for a in rec["assessments"])
