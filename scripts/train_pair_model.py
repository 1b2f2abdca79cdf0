"""Rebuild the pair classifier shipped in src/dyadwatch/data/pair_model.npz.

    python scripts/train_pair_model.py [--data ../shared/data/eval] [--cv]

Trains on plv_train, our written sentences (training/pair_sentences.tsv) and the synthetic PLOVER
stories after the first 500, with fixed seeds (4-7, weights averaged): the same inputs give the same weights. With --cv it
first prints the 5-fold (by sentence) cross-validated pair-coding figures on plv_train."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dyadwatch.coding.classifier import MODEL_FILE
from dyadwatch.coding.training_data import plv_examples
from dyadwatch.config import Settings
from dyadwatch.eval.pair_cv import extra_examples, fit
from dyadwatch.eval.runner import summarize_pair_results
from dyadwatch.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "eval")
    parser.add_argument("--cv", action="store_true", help="print cross-validated figures first")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "dyadwatch" / "data" / MODEL_FILE)
    args = parser.parse_args()
    # The pipeline codes with rules only here: the model being built must not be needed.
    pipeline = Pipeline.create(Settings(learned_coder=False))
    if args.cv:
        from dyadwatch.eval.pair_cv import cross_validate

        print(json.dumps(summarize_pair_results(cross_validate(pipeline, args.data))))
    examples = plv_examples(args.data, pipeline.nlp) + extra_examples(pipeline, args.data)
    model = fit(examples)
    model.save(str(args.out))
    by_source: dict[str, int] = {}
    for x in examples:
        by_source[x.source] = by_source.get(x.source, 0) + 1
    print(f"trained on {len(examples)} examples {by_source}; {len(model.index)} features, "
          f"{len(model.labels)} labels -> {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
