"""Issue #4: targetless, reciprocal and multi-party events, several events per sentence, events
spanning a clause and its complement, reported uses of force, and the learned pair classifier."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from conftest import REPO, Code, coded, dyad

from dyadwatch.coding.classifier import NO_EVENT, TYPE_TO_CAMEO, PairModel, train
from dyadwatch.coding.pairs import code_pair
from dyadwatch.coding.training_data import fill_slots


@pytest.mark.parametrize("text", [
    "North Korea said it had fired two strategic cruise missiles.",
    "Pyongyang test-fired a solid-fuel missile on Thursday.",
    "North Korea launched what Seoul's military believed was an ICBM.",
])
def test_missile_launches_have_no_target(code_text: Code, text: str) -> None:
    launches = [e for e in code_text(text)["events"] if e["root"] == "15"]
    assert [(dyad(e), e["modality"]) for e in launches] == [((("PRK",), ()), "asserted")]


def test_three_countries_holding_a_drill_give_six_directed_events(code_text: Code) -> None:
    rec = code_text("South Korea, the United States and Japan held a joint naval drill.")
    pairs = {dyad(e) for e in rec["events"] if e["root"] == "06" and e["reciprocal"]}
    parties = ["KOR", "USA", "JPN"]
    assert pairs == {((a,), (b,)) for a in parties for b in parties if a != b}


def test_two_leaders_meeting_is_reciprocal(code_text: Code) -> None:
    rec = code_text("The Indian prime minister met the Japanese prime minister in Tokyo.")
    assert [(dyad(e), e["reciprocal"]) for e in rec["events"]] == [
        ((("IND",), ("JPN",)), True), ((("JPN",), ("IND",)), True)]


def test_several_events_in_one_sentence(code_text: Code) -> None:
    rec = code_text("Turkey condemned Sweden, expelled the Dutch ambassador and warned Greece.")
    assert coded(rec, "root") == [((("TUR",), ("GRC",)), "13", "asserted"),
                          ((("TUR",), ("NLD",)), "16", "asserted"),
                          ((("TUR",), ("SWE",)), "11", "asserted")]


def test_commitment_spans_clause_and_complement(code_text: Code) -> None:
    rec = code_text("The United States agreed to deploy strategic assets to South Korea.")
    assert coded(rec, "root") == [((("USA",), ("KOR",)), "03", "asserted"),
                          ((("USA",), ("KOR",)), "15", "future")]


def test_reported_attack_is_also_an_accusation(code_text: Code) -> None:
    rec = code_text("Syria said Israeli jets bombed Damascus.")
    assert coded(rec, "root") == [((("ISR",), ("SYR",)), "19", "asserted"),
                          ((("SYR",), ("ISR",)), "11", "asserted")]


def test_missiles_fired_at_a_target_are_an_attack_but_not_at_a_time(code_text: Code) -> None:
    at_target = code_text("Georgian rebels fired rockets at the Armenian army.")
    assert [(dyad(e), e["root"]) for e in at_target["events"]] == [((("GEO",), ("ARM",)), "19")]
    at_time = code_text("North Korea fired a missile at around 10 a.m. on Monday.")
    assert [(dyad(e), e["root"]) for e in at_time["events"]] == [((("PRK",), ()), "15")]


# -- the learned pair classifier -------------------------------------------------------------------

def test_shipped_model_loads_and_predicts_a_distribution() -> None:
    model = PairModel.load()
    assert NO_EVENT in model.labels and set(model.labels) - {NO_EVENT} <= set(TYPE_TO_CAMEO)
    probs = model.probabilities(["bias", "link:attack", "verb:attack"])
    assert probs.shape == (len(model.labels),) and abs(float(probs.sum()) - 1.0) < 1e-5


def test_training_is_deterministic_and_learns_a_separable_problem() -> None:
    examples = [(["v:hit", f"n{i}"], "ASSAULT") for i in range(20)] + \
               [(["v:meet", f"n{i}"], "CONSULT") for i in range(20)]
    a, b = train(examples, seed=7), train(examples, seed=7)
    assert (a.weights == b.weights).all()
    assert a.predict(["v:hit"]).label == "ASSAULT"
    assert a.predict(["v:meet"]).label == "CONSULT"


def test_pair_coding_uses_rules_for_marked_actors_the_kb_does_not_know(pipeline: Any) -> None:
    doc = pipeline.nlp("The village elders condemned the mining company.")
    coding = code_pair(doc[0:3], doc[4:7], pipeline.coder, pipeline.pair_model, pipeline.cameo)
    assert coding is not None
    assert (coding.method, coding.cameo[:2], coding.plover_type) == ("rules", "11", "ACCUSE")


def test_pair_coding_falls_back_to_the_model(pipeline: Any) -> None:
    doc = pipeline.nlp("The rebels shot and wounded two soldiers of the army.")
    coding = code_pair(doc[0:2], doc[7:10], pipeline.coder, pipeline.pair_model, pipeline.cameo)
    assert coding is not None and coding.method in {"rules", "model"}
    assert coding.plover_type == "ASSAULT"


def test_learned_events_are_marked_as_model_codings(code_text: Code) -> None:
    rec = code_text("Chinese warships harassed Philippine patrol boats near the shoal.")
    for e in rec["events"]:
        assert e["rule"].startswith(("verbs.tsv:", "model:pair"))
        assert 0.0 <= e["confidence"] <= 1.0


# -- our written training sentences ----------------------------------------------------------------

def test_written_training_sentences_are_well_formed(pipeline: Any) -> None:
    path = REPO / "training" / "pair_sentences.tsv"
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) > 250
    sentences = [r["sentence"] for r in rows]
    assert len(sentences) == len(set(sentences)), "a training sentence is written twice"
    roots = set()
    for r in rows:
        assert r["sentence"].count("{S}") == 1, r
        assert r["cameo"] == "-" or r["cameo"] in pipeline.cameo, r
        roots.add(r["cameo"][:2])
    assert {f"{i:02d}" for i in range(1, 21)} - roots == set(), "a CAMEO root has no sentence"


def test_fill_slots_gives_exact_spans() -> None:
    text, s, t = fill_slots("{S} met {T} today.", "the Thai army", "Laos")
    assert text == "The Thai army met Laos today."
    assert (text[s[0]:s[1]], text[t[0]:t[1]]) == ("The Thai army", "Laos")


def test_quad_class_scheme_is_selectable() -> None:
    from dyadwatch.coding.cameo import CameoTable

    gdelt, penta = CameoTable.load("gdelt"), CameoTable.load("penta")
    assert [gdelt.quad_class(c) for c in ("020", "057", "090", "112", "150")] == [1, 1, 2, 3, 4]
    assert [penta.quad_class(c) for c in ("020", "057", "090", "112", "150")] == [0, 1, 3, 3, 4]


def test_lexicon_covers_every_cameo_root() -> None:
    from dyadwatch.coding.lexicon import VerbLexicon

    lexicon = VerbLexicon.load()
    roots = {p.cameo[:2] for verb in lexicon.verbs for p in lexicon.candidates(verb)}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_root_20_mass_violence(code_text: Code) -> None:
    rec = code_text("Syrian forces used chemical weapons against the Turkish army.")
    assert [(dyad(e), e["cameo"]) for e in rec["events"]] == [((("SYR",), ("TUR",)), "204")]
