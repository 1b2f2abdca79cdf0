"""`dyadwatch eval`: score the coder and the actor resolver on the labelled sets.

Metrics follow ../shared/data/README.md. Definitions used here:
* petrarch_validation: predicted triples are (source country, target country, CAMEO root) of the
  asserted events; gold codes are cut to their country prefix (first 3 letters) and root. IGO
  codes compare as "IGO" (our UNO/EUR/IGO); an actor with no country (Phoenix "---", and "IMG",
  PETRARCH's non-state armed groups such as ISIL) and a missing target compare as "---". Each
  sentence's triples are a set on both sides, as PETRARCH writes one coding per distinct triple:
  two mentions of one country (an apposition, two Gaza codes) make one triple at this level.
  Root accuracy = share of gold codings for which the sentence has an asserted event with that
  root. "No event" sentences are scored separately.
* plv_train: end to end (eval/plv_e2e.py): an event covers a gold pair when its source and
  target texts share content words with the two marked actors, in either direction; the learned
  part 5-fold cross-validated by sentence; PLOVER types are mapped to the ZSP labels (CONCEDE,
  RETREAT -> YIELD). Pair mode (actors given) is the second line.
* realnews: our annotated real news (eval/realnews.py), triples of asserted events on the test
  part.
* cameo_codebook_examples: the first event of each sentence against the gold code.
* ngec actor cases (agent_to_code with an expected country): resolved "as of" the case date.
* event_location: for the annotated verb, the place `geo.locate` attaches to it; correct when it
  overlaps a gold LOCATION span or has the same name, or when both are empty.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dyadwatch.actors.resolve import ActorResolver
from dyadwatch.coding.training_data import plv_pairs
from dyadwatch.eval import datasets, korean, plv_e2e, realnews
from dyadwatch.eval.metrics import PRF, Confusion
from dyadwatch.eval.pair_cv import (
    TRAINING_DIR,
    PairResult,
    cross_validate,
    cross_validate_realnews_dev,
    zsp_label,
)
from dyadwatch.geo.locate import attached_place
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Actor, CodedDocument, Event

ZSP_LABELS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
_IGO_CODES = {"UNO", "EUR", "IGO"}
_NO_COUNTRY = "---"
_STATELESS_CODES = {"IMG"}  # Phoenix: international militarized (non-state) group

Progress = Callable[[str, int, int], None]


def evaluate(data_dir: Path, pipeline: Pipeline, resolver: ActorResolver,
             sets: Iterable[str] | None = None, synthetic_limit: int | None = 500,
             progress: Progress | None = None) -> dict[str, dict[str, Any]]:
    """Score every available set (or `sets`); missing sets are reported as skipped."""
    scorers: dict[str, Callable[[], dict[str, Any]]] = {
        "petrarch_validation": lambda: score_petrarch(data_dir, pipeline),
        "plv_train": lambda: score_plv(data_dir, pipeline),
        "realnews": lambda: score_realnews(data_dir, pipeline),
        "korean": lambda: korean.score_korean(pipeline),
        "cameo_codebook_examples": lambda: score_cameo(data_dir, pipeline),
        "ngec_actor_resolution": lambda: score_ngec(data_dir, resolver),
        "ngec_synthetic_plover": lambda: score_synthetic(data_dir, pipeline, synthetic_limit),
        "event_location": lambda: score_event_location(data_dir, pipeline),
    }
    wanted = list(sets) if sets else list(scorers)
    results: dict[str, dict[str, Any]] = {}
    for i, name in enumerate(wanted):
        if progress:
            progress(name, i, len(wanted))
        try:
            results[name] = scorers[name]()
        except FileNotFoundError as exc:
            results[name] = {"skipped": f"data not found: {exc.filename}"}
    return results


def _code(pipeline: Pipeline, items: list[dict[str, Any]]) -> list[CodedDocument]:
    return list(pipeline.code_documents(items))


def _country3(code: str | None) -> str:
    if not code:
        return _NO_COUNTRY
    code = code[:3]
    return "IGO" if code in _IGO_CODES else _NO_COUNTRY if code in _STATELESS_CODES else code


# PETRARCH-2 codes no modality: its gold includes stated plans ("will supply arms", "is scheduled
# to attend a summit"). Its triples are scored on asserted and future events; the headline "no
# event" check counts asserted events only. Scores with asserted events alone are reported too.
PETRARCH_MODALITIES = ("asserted", "future")


def _predicted_triples(events: Iterable[Event], modalities: Iterable[str] = ("asserted",)
                       ) -> Counter[tuple[str, str, str]]:
    wanted = set(modalities)
    triples: Counter[tuple[str, str, str]] = Counter()
    for e in events:
        if e.modality not in wanted:
            continue
        for s in e.source:
            for t in e.target or (Actor(text=""),):
                triples[(_country3(s.country), _country3(t.country), e.root)] = 1
    return triples


def _score_triples(examples: list[datasets.TripleExample], coded: list[CodedDocument],
                   modalities: tuple[str, ...]) -> tuple[PRF, Confusion, Counter[str]]:
    """Triple P/R/F1, root confusion, and why each missed gold triple was missed."""
    triples, roots = PRF(), Confusion()
    misses: Counter[str] = Counter()
    for x, doc in zip(examples, coded):
        if x.no_event:
            continue
        predicted = _predicted_triples(doc.events, modalities)
        coded_roots = {e.root for e in doc.events if e.modality in modalities}
        gold = Counter({(_country3(s), _country3(t), ev[:2]): 1 for s, t, ev in x.gold})
        matched = predicted & gold
        triples.tp += sum(matched.values())
        triples.fp += sum(predicted.values()) - sum(matched.values())
        triples.fn += sum(gold.values()) - sum(matched.values())
        mentioned = {_country3(m.country) for m in doc.mentions}
        for (src, tgt, root), n in (gold - matched).items():
            # A target of no country is also matched by an event with no target.
            actor_missing = src not in mentioned or tgt not in mentioned | {_NO_COUNTRY}
            if actor_missing:
                misses["actor not found or unresolved (actors, #3)" if root not in coded_roots
                       else "right root, actor not found or unresolved (actors, #3)"] += n
            elif root not in coded_roots:
                misses["actors found, event root not coded (coding, #4)"] += n
            else:
                misses["actors and root found, wrong pairing (coding, #4)"] += n
        for _, _, ev in x.gold:
            roots.add(ev[:2], ev[:2] if ev[:2] in coded_roots else
                      (min(coded_roots) if coded_roots else None))
    return triples, roots, misses


def score_petrarch(root: Path, pipeline: Pipeline) -> dict[str, Any]:
    examples = datasets.petrarch_examples(root)
    coded = _code(pipeline, [{"id": x.id, "text": x.sentence, "date": x.date}
                             for x in examples])
    triples, roots, misses = _score_triples(examples, coded, PETRARCH_MODALITIES)
    asserted_triples, asserted_roots, _ = _score_triples(examples, coded, ("asserted",))
    no_event = [doc for x, doc in zip(examples, coded) if x.no_event]
    false_event_sentences = sum(any(e.modality == "asserted" for e in doc.events)
                                for doc in no_event)
    return {
        "sentences": len(examples), "gold_codings": sum(len(x.gold) for x in examples),
        "scored_modalities": list(PETRARCH_MODALITIES),
        "root_accuracy": round(roots.accuracy(), 4),
        "root_macro_f1": round(roots.macro_f1(), 4),
        "triple": triples.as_dict(),
        "triple_misses_by_cause": dict(misses.most_common()),
        "asserted_only": {"root_accuracy": round(asserted_roots.accuracy(), 4),
                          "triple": asserted_triples.as_dict()},
        "no_event_sentences": len(no_event),
        "no_event_sentences_with_asserted_event": false_event_sentences,
        "confusion": roots.table(),
    }


# Pair mode abstains when no rule links the marked actors and the classifier's best type has a
# probability below this (chosen on the cross-validated plv_train figures).
PAIR_MIN_PROBABILITY = 0.45


def summarize_pair_results(results: list[PairResult],
                           min_probability: float = PAIR_MIN_PROBABILITY) -> dict[str, Any]:
    """Coverage, type accuracy and macro-F1 (ZSP labels) of pair codings; model codings below
    `min_probability` count as no coding."""
    covered, all_pairs = Confusion(), Confusion()
    methods: Counter[str] = Counter()
    for r in results:
        coding = r.coding
        if coding is not None and coding.method == "model" and coding.confidence < min_probability:
            coding = None
        predicted = zsp_label(coding.plover_type) if coding is not None else None
        all_pairs.add(r.gold, predicted)
        if coding is not None:
            covered.add(r.gold, predicted)
            methods[coding.method] += 1
    n = sum(covered.counts.values())
    per_label = covered.per_label()
    return {
        "pairs": len(results), "pairs_coded": n,
        "coverage": round(n / len(results), 4) if results else 0.0,
        "coded_by": dict(methods), "min_model_probability": min_probability,
        "type_accuracy_on_covered": round(covered.accuracy(), 4),
        "type_macro_f1_on_covered": round(covered.macro_f1(), 4),
        "per_type_f1_on_covered": {label: {"gold": sum(v for (g, _), v in covered.counts.items()
                                                       if g == label),
                                           "f1": round(per_label[label].f1, 3)}
                                   for label in covered.labels},
        "confusion": all_pairs.table(),
    }


def score_plv(root: Path, pipeline: Pipeline, cross_validated: bool = True) -> dict[str, Any]:
    """End to end first (raw sentences in, events matched to the marked pairs by the rule of
    eval/plv_e2e.py, a missed pair counted wrong), cross-validated by sentence; then pair mode
    (the marked actors given), cross-validated, and the shipped model's figures (which has seen
    these sentences in training)."""
    records = plv_pairs(root)
    result: dict[str, Any] = {}
    can_cv = cross_validated and (TRAINING_DIR / "pair_sentences.tsv").exists() \
        and pipeline.learned is not None
    if can_cv:
        cv = cross_validate(pipeline, root)
        result["end_to_end_cv5_by_sentence"] = plv_e2e.score(records, cv.end_to_end)
        result["pair_given_cv5_by_sentence"] = summarize_pair_results(cv.pairs)
        result["pair_given_cv5_by_sentence"].pop("confusion")
    else:
        result["end_to_end_cv5_by_sentence"] = {
            "skipped": f"training sentences not found in {TRAINING_DIR}"
            if pipeline.learned is not None else "the learned coder is off"}
    shipped = plv_e2e.shipped_model(root, pipeline)
    result["end_to_end_shipped_model_seen_in_training"] = {
        k: v for k, v in shipped.items() if k != "confusion"}
    e2e = result["end_to_end_cv5_by_sentence"]
    result["confusion"] = e2e.pop("confusion") if "confusion" in e2e else shipped["confusion"]
    return result


def score_realnews(root: Path, pipeline: Pipeline, directory: Path = realnews.ANNOTATED_DIR,
                   cross_validated: bool = True) -> dict[str, Any]:
    """Our annotated real news: triple P/R/F1 of asserted events on the test part (never
    trained or tuned on); on the dev part cross-validated (each fold coded by a model trained
    without it) and with the shipped model (trained on it: a check, not a figure to cite)."""
    if not (directory / "sentences.jsonl").exists():
        raise FileNotFoundError(2, "annotated sentences not found", str(directory))
    sentences = [x for x in realnews.annotated_sentences(directory) if x.split != "train"]
    coded = dict(zip((x.id for x in sentences),
                     _code(pipeline, [{"id": x.id, "text": x.sentence} for x in sentences])))
    result: dict[str, Any] = {"test": _realnews_split(sentences, coded, "test")}
    if cross_validated and pipeline.learned is not None:
        dev_cv = cross_validate_realnews_dev(pipeline, root, annotated_dir=directory)
        result["dev_cv5"] = _realnews_split(sentences, dev_cv, "dev")
    result["dev_shipped_model_seen_in_training"] = _realnews_split(sentences, coded, "dev")
    second = directory / "second_pass.jsonl"
    if second.exists():
        first = {x.id: x.events for x in sentences}
        result["annotator_agreement"] = realnews.agreement(first, realnews.read_labels(second))
    return result


def _realnews_split(sentences: list[realnews.AnnotatedSentence],
                    coded: dict[str, CodedDocument], split: str) -> dict[str, Any]:
    part = [(x, coded[x.id]) for x in sentences if x.split == split and x.id in coded]
    pairs = [(realnews.gold_triples(x.events), realnews.predicted_triples(d.events))
             for x, d in part]
    not_asserted = ("negated", "future", "hypothetical")
    wrongly_asserted = sum(
        len(set().union(*(realnews.gold_triples(x.events, m) for m in not_asserted))
            - realnews.gold_triples(x.events) & realnews.predicted_triples(d.events))
        for x, d in part)
    return {"sentences": len(part), "sentences_with_event": sum(1 for g, _ in pairs if g),
            **realnews.score_triples(pairs).as_dict(),
            "gold_not_asserted_coded_asserted": wrongly_asserted}


def score_cameo(root: Path, pipeline: Pipeline) -> dict[str, Any]:
    examples = datasets.cameo_examples(root)
    coded = _code(pipeline, [{"id": x.id, "text": x.sentence} for x in examples])
    roots, exact = Confusion(), 0
    goldstein_errors = []
    for x, doc in zip(examples, coded):
        first = doc.events[0] if doc.events else None
        roots.add(x.gold_code[:2], first.root if first else None)
        if first is not None:
            exact += first.cameo == x.gold_code
            goldstein_errors.append(abs(first.goldstein - pipeline.cameo[x.gold_code].goldstein)
                                    if x.gold_code in pipeline.cameo else 0.0)
    return {
        "sentences": len(examples), "with_event": sum(1 for d in coded if d.events),
        "root_accuracy": round(roots.accuracy(), 4), "exact_code_accuracy":
            round(exact / len(examples), 4) if examples else 0.0,
        "goldstein_mae_when_coded": round(sum(goldstein_errors) / len(goldstein_errors), 3)
        if goldstein_errors else None,
        "confusion": roots.table(),
    }


# NGEC (POLECAT) writes medical as MED and media as JRN where we write CAMEO's HLH and MED, and
# writes UNK/JNK ("unknown", "junk") where we return null.
NGEC_SECTOR_SYNONYMS = {"UNK": "", "JNK": ""}
_OURS_TO_NGEC = {"HLH": "MED", "MED": "JRN"}


def _ngec_sector(sector: str | None) -> str:
    return _OURS_TO_NGEC.get(sector or "", sector or "")


def score_ngec(root: Path, resolver: ActorResolver) -> dict[str, Any]:
    examples = datasets.ngec_actor_examples(root)
    country_ok = both_ok = with_sector = 0
    failures: Counter[str] = Counter()
    for x in examples:
        actor = resolver.resolve(x.text, x.date, x.context)
        got_country = actor.country or ""
        ok = got_country == x.country
        country_ok += ok
        if not ok:
            failures["country missing" if not got_country else
                     "country unexpected" if not x.country else "country wrong"] += 1
        if x.sector is not None:
            with_sector += 1
            sector_ok = _ngec_sector(actor.sector) == NGEC_SECTOR_SYNONYMS.get(x.sector, x.sector)
            both_ok += ok and sector_ok
            if ok and not sector_ok:
                failures["sector missing" if not actor.sector else "sector wrong"] += 1
    return {
        "cases": len(examples),
        "country_accuracy": round(country_ok / len(examples), 4) if examples else 0.0,
        "cases_with_sector": with_sector,
        "country_sector_accuracy": round(both_ok / with_sector, 4) if with_sector else 0.0,
        "failures_by_kind": dict(failures.most_common()),
    }


def score_synthetic(root: Path, pipeline: Pipeline, limit: int | None) -> dict[str, Any]:
    path = root / "ngec_synthetic_plover" / "ngec_synthetic_plover.SYNTHETIC.jsonl"
    records = list(itertools.islice(datasets.read_jsonl(path), limit))
    coded = _code(pipeline, [{"id": r["id"], "text": r["text"]} for r in records])
    confusion = Confusion()
    for r, doc in zip(records, coded):
        types = Counter(e.plover.type for e in doc.events
                        if e.modality == "asserted" and e.plover.type)
        confusion.add(r["pseudo_event"], types.most_common(1)[0][0] if types else None)
    return {
        "stories": len(records), "note": "synthetic pseudo-labels: a sanity check only",
        "type_accuracy": round(confusion.accuracy(), 4),
        "type_macro_f1": round(confusion.macro_f1(), 4),
        "confusion": confusion.table(),
    }


def score_event_location(root: Path, pipeline: Pipeline) -> dict[str, Any]:
    examples = datasets.event_location_examples(root)
    outcomes: list[tuple[datasets.LocationExample, bool, bool]] = []  # (example, ok, geocoded)
    for x, doc in zip(examples, pipeline.nlp.pipe((x.sentence for x in examples),
                                                  batch_size=pipeline.settings.batch_size)):
        verb_span = doc.char_span(*x.verb, alignment_mode="expand")
        place = None
        if verb_span is not None and len(verb_span):
            verb = verb_span.root
            place = attached_place(verb.sent, verb, pipeline.gazetteer)
        if place is None:
            outcomes.append((x, not x.gold, False))
            continue
        start, end = doc[place.start].idx, doc[place.end - 1].idx + len(doc[place.end - 1])
        ok = any(start < g_end and g_start < end or place.text.casefold() == text.casefold()
                 for g_start, g_end, text in x.gold)
        outcomes.append((x, ok, place.place is not None))
    return {"relabel": _location_summary([o for o in outcomes if o[0].relabelled]),
            "all": _location_summary(outcomes)}


def _location_summary(outcomes: list[tuple[Any, bool, bool]]) -> dict[str, Any]:
    with_place = [o for o in outcomes if o[0].gold]
    without = [o for o in outcomes if not o[0].gold]

    def share(items: list[tuple[Any, bool, bool]]) -> float:
        return round(sum(ok for _, ok, _ in items) / len(items), 4) if items else 0.0

    return {
        "verbs": len(outcomes), "accuracy": share(outcomes),
        "with_gold_location": len(with_place), "accuracy_with_location": share(with_place),
        "without_gold_location": len(without), "accuracy_without_location": share(without),
        "geocoded_correct": sum(ok and geo for _, ok, geo in with_place),
    }
