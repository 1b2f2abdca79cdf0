"""Rebuild the pair classifier shipped in src/dyadwatch/data/pair_model.npz.

    python scripts/train_pair_model.py [--data ../shared/data/eval] [--cv]

Trains on every candidate pair of plv_train's sentences and of the dev part of our annotated
real news (training/annotated/, never the test part), the gold pairs with their type and the
others NONE, plus our written sentences (training/pair_sentences.tsv, training/written/) in both
directions. scikit-learn's L-BFGS logistic regression is deterministic: the same inputs give the
same weights. With --cv it first prints the 5-fold (by sentence) cross-validated figures on
plv_train, end to end and with the pairs given. Needs the `train` extra (scikit-learn)."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from dyadwatch.coding.classifier import MODEL_FILE
from dyadwatch.coding.learned import LearnedCoder
from dyadwatch.coding.training_data import plv_pairs
from dyadwatch.config import Settings
from dyadwatch.eval import plv_e2e
from dyadwatch.eval.pair_cv import cross_validate, fit, training_examples
from dyadwatch.eval.runner import summarize_pair_results
from dyadwatch.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "eval")
    parser.add_argument("--cv", action="store_true", help="print cross-validated figures first")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "dyadwatch" / "data" / MODEL_FILE)
    args = parser.parse_args()
    # The model being built must not be needed: the pipeline starts without one.
    pipeline = Pipeline.create(Settings(learned_coder=False))
    print("building the training examples (parses every training sentence) ...", flush=True)
    examples = training_examples(pipeline, args.data)
    if args.cv:
        placeholder = fit(examples[:50])  # replaced per fold; carries the decision threshold
        cv = cross_validate(replace(pipeline, learned=LearnedCoder(placeholder)), args.data,
                            examples=examples)
        e2e = plv_e2e.score(plv_pairs(args.data), cv.end_to_end)
        e2e.pop("confusion")
        pairs = summarize_pair_results(cv.pairs)
        pairs.pop("confusion")
        print(json.dumps({"end_to_end_cv5": e2e, "pair_given_cv5": pairs}))
    model = fit(examples)
    model.save(str(args.out))
    by_source = Counter(x.source for x in examples)
    by_label = Counter(x.label for x in examples)
    print(f"trained on {len(examples)} examples {dict(by_source)} ({by_label['NONE']} NONE); "
          f"{len(model.index)} features, {len(model.labels)} labels -> {args.out} "
          f"({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
