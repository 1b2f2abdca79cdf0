"""Training examples of the pair classifier and its cross-validation on plv_train, by sentence.

The examples (coding/training_data.py): every candidate pair of plv_train's sentences and of
the dev part of our annotated real news (the gold pair with its type, the others NONE), and our
written sentences (both directions). For each of K folds the classifier is retrained without
the fold's plv_train sentences; the fold is then coded end to end (eval/plv_e2e.py) and pair by
pair with the marked actors given (rules first, that model second). The shipped model is trained
on all of plv_train, so only these figures say how it does on sentences it has not seen."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from dyadwatch.coding.classifier import PairModel, fit_logistic
from dyadwatch.coding.features import pair_features
from dyadwatch.coding.pairs import PairCoding, code_pair
from dyadwatch.coding.training_data import (
    ZSP_TO_PLOVER,
    Featurize,
    TrainingExample,
    candidate_examples,
    plv_labelled,
    plv_pairs,
    plv_spans,
    written_examples,
)
from dyadwatch.eval import plv_e2e
from dyadwatch.eval.realnews import ANNOTATED_DIR, annotated_sentences, as_labelled
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import CodedDocument

TRAINING_DIR = Path(__file__).resolve().parents[3] / "training"
SEED = 4
# The parts of our annotated news that may be trained on; "test" never is.
TRAINING_SPLITS = ("dev", "train")
# L2 inverse strength of the logistic regression (chosen on the CV figures).
C = 1.0


def written_sentence_files(training_dir: Path = TRAINING_DIR) -> list[Path]:
    """Our labelled sentences: the first file and the per-root files of training/written/."""
    return [training_dir / "pair_sentences.tsv", *sorted((training_dir / "written").glob("*.tsv"))]


@dataclass(frozen=True)
class PairResult:
    id: str
    gold: str  # ZSP label
    coding: PairCoding | None


def training_examples(pipeline: Pipeline, data_dir: Path,
                      annotated_dir: Path = ANNOTATED_DIR,
                      featurize: Featurize = pair_features) -> list[TrainingExample]:
    """All examples: plv_train's candidates, our written sentences, our annotated news' dev and
    train parts (never the test part)."""
    examples = candidate_examples(pipeline.nlp, pipeline.finder, plv_labelled(plv_pairs(data_dir)),
                                  "plv_train", featurize=featurize)
    for path in written_sentence_files():
        examples += written_examples(path, pipeline.nlp, pipeline.cameo, seed=SEED,
                                     featurize=featurize)
    if (annotated_dir / "sentences.jsonl").exists():
        seen = [x for x in annotated_sentences(annotated_dir) if x.split in TRAINING_SPLITS]
        examples += candidate_examples(pipeline.nlp, pipeline.finder, as_labelled(seen),
                                       "realnews", featurize=featurize)
    return examples


def fit(examples: list[TrainingExample], c: float = C) -> PairModel:
    return fit_logistic([(x.features, x.label) for x in examples],
                        weights=[x.weight for x in examples], c=c)


def folds_by_sentence(groups: list[str], k: int, seed: int = SEED) -> dict[str, int]:
    unique = sorted(set(groups))
    random.Random(seed).shuffle(unique)
    return {g: i % k for i, g in enumerate(unique)}


@dataclass(frozen=True)
class CrossValidation:
    end_to_end: dict[str, CodedDocument]  # plv sentence id -> the document coded by its fold
    pairs: list[PairResult]  # the marked pairs, given


def cross_validate(pipeline: Pipeline, data_dir: Path, k: int = 5,
                   examples: list[TrainingExample] | None = None,
                   c: float = C) -> CrossValidation:
    records = plv_pairs(data_dir)
    examples = examples if examples is not None else training_examples(pipeline, data_dir)
    fold_of = folds_by_sentence([f"plv:{r['sentence_id']}" for r in records], k)
    spans = list(plv_spans(pipeline.nlp, records))
    coded: dict[str, CodedDocument] = {}
    results: list[PairResult] = []
    for fold in range(k):
        model = fit([x for x in examples if fold_of.get(x.group) != fold], c)
        held_out = {r["sentence_id"]: r["sentence"] for r in records
                    if fold_of[f"plv:{r['sentence_id']}"] == fold}
        coded.update(plv_e2e.code_sentences(plv_e2e.with_model(pipeline, model), held_out))
        for r, src, tgt in spans:
            if fold_of[f"plv:{r['sentence_id']}"] != fold:
                continue
            coding = code_pair(src, tgt, pipeline.coder, model, pipeline.cameo) \
                if src is not None else None
            results.append(PairResult(r["id"], r["gold_root"], coding))
    return CrossValidation(coded, results)


def shipped_model_results(pipeline: Pipeline, data_dir: Path, model: PairModel,
                          min_probability: float = 0.0) -> list[PairResult]:
    results = []
    for r, src, tgt in plv_spans(pipeline.nlp, plv_pairs(data_dir)):
        coding = code_pair(src, tgt, pipeline.coder, model, pipeline.cameo,
                           min_probability) if src is not None else None
        results.append(PairResult(r["id"], r["gold_root"], coding))
    return results


def zsp_label(plover_type: str) -> str:
    """Our PLOVER 0.8 type in ZSP's label set (CONCEDE and RETREAT are YIELD there)."""
    back = {v: k for k, v in ZSP_TO_PLOVER.items()}
    return back.get(plover_type, "YIELD" if plover_type == "RETREAT" else plover_type)


def cross_validate_realnews_dev(pipeline: Pipeline, data_dir: Path, k: int = 5,
                                examples: list[TrainingExample] | None = None,
                                annotated_dir: Path = ANNOTATED_DIR,
                                c: float = C) -> dict[str, CodedDocument]:
    """Our annotated dev news coded end to end by models that never saw the sentence: each of
    K folds of the dev part is coded with a model trained without it. Returns id -> document."""
    examples = examples if examples is not None else training_examples(pipeline, data_dir)
    dev = [x for x in annotated_sentences(annotated_dir) if x.split == "dev"]
    fold_of = folds_by_sentence([f"realnews:{x.id}" for x in dev], k)
    coded: dict[str, CodedDocument] = {}
    for fold in range(k):
        model = fit([x for x in examples if fold_of.get(x.group) != fold], c)
        held_out = {x.id: x.sentence for x in dev if fold_of[f"realnews:{x.id}"] == fold}
        coded.update(plv_e2e.code_sentences(plv_e2e.with_model(pipeline, model), held_out))
    return coded
