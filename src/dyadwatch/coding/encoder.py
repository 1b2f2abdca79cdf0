"""The pair classifier as a fine-tuned sentence encoder: all-MiniLM-L6-v2 reading the sentence
with its two actors marked ("@ Iran @ fired at # a US drone #"), one PLOVER type or NONE out.

Reads: a candidate's sentence and its source/target spans. Writes: a `Prediction` per candidate.
Built by scripts/train_pair_encoder.py (torch, the `train` extra), exported to ONNX and quantised
to int8; here it runs on onnxruntime and tokenizers alone: no torch, nothing downloaded. The
classification head reads the encoder's states at [CLS] and at the two opening markers (entity
start pooling, which suits relation classification better than a sentence vector)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from dyadwatch.coding.classifier import NO_EVENT, Prediction

SOURCE_MARK = "@"
TARGET_MARK = "#"
MAX_TOKENS = 96
MODEL_DIR = "pair_encoder"  # in dyadwatch/data/
BATCH = 32


@dataclass(frozen=True)
class MarkedPair:
    """A sentence with its source (and target) marked, and where each opening marker is."""

    text: str
    source_at: int  # character offset of the source's opening marker
    target_at: int  # -1: no target

    def as_features(self) -> tuple[str, ...]:
        return (self.text, str(self.source_at), str(self.target_at))

    @classmethod
    def from_features(cls, features: Sequence[str]) -> MarkedPair:
        return cls(features[0], int(features[1]), int(features[2]))


def mark_pair(source: Span, target: Span | None) -> MarkedPair:
    """The text from the first to the last sentence holding the pair, with the source between
    "@ ... @" and the target between "# ... #"."""
    doc = source.doc
    spans = [source, *([target] if target is not None else [])]
    start = min(s.sent.start_char for s in spans)
    end = max(s.sent.end_char for s in spans)
    cuts = sorted([(source.start_char, "open", SOURCE_MARK), (source.end_char, "close", SOURCE_MARK),
                   *([(target.start_char, "open", TARGET_MARK),
                      (target.end_char, "close", TARGET_MARK)] if target is not None else [])],
                  key=lambda c: (c[0], c[1] == "open"))  # a close before an open at one offset
    out, pos, opened = [], start, {}
    for offset, kind, mark in cuts:
        out.append(doc.text[pos:offset])
        if kind == "open":
            opened[mark] = sum(len(x) for x in out)
            out.append(f"{mark} ")
        else:
            out.append(f" {mark}")
        pos = offset
    out.append(doc.text[pos:end])
    return MarkedPair("".join(out), opened[SOURCE_MARK], opened.get(TARGET_MARK, -1))


def marked_features(source: Span, target: Span | None) -> tuple[str, ...]:
    """`mark_pair` as a training example's features (coding/training_data.py's Featurize)."""
    return mark_pair(source, target).as_features()


def marker_token(offsets: Sequence[tuple[int, int]], char_at: int) -> int:
    """The token that starts at `char_at` (0, the [CLS] state, when absent or truncated away)."""
    if char_at < 0:
        return 0
    for i, (start, end) in enumerate(offsets):
        if start == char_at and end > start:
            return i
    return 0


class PairEncoder:
    """The int8 ONNX model with its tokenizer and label list, loaded once per process."""

    def __init__(self, directory: Path, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(directory / "model.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        meta = json.loads((directory / "labels.json").read_text("utf-8"))
        self.labels: list[str] = meta["labels"]
        self._none = self.labels.index(NO_EVENT)

    @classmethod
    def load(cls) -> PairEncoder | None:
        """The shipped model, or None when the package was built without it."""
        directory = Path(str(resources.files("dyadwatch") / "data" / MODEL_DIR))
        return cls(directory) if (directory / "model.onnx").exists() else None

    def probabilities(self, pairs: Sequence[MarkedPair]) -> np.ndarray:
        """Label probabilities, one row per pair."""
        rows = []
        for i in range(0, len(pairs), BATCH):
            rows.append(self._batch(pairs[i:i + BATCH]))
        return np.concatenate(rows) if rows else np.zeros((0, len(self.labels)))

    def _batch(self, pairs: Sequence[MarkedPair]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([p.text for p in pairs])
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            "source_index": np.array([marker_token(e.offsets, p.source_at)
                                      for e, p in zip(encodings, pairs)], dtype=np.int64),
            "target_index": np.array([marker_token(e.offsets, p.target_at)
                                      for e, p in zip(encodings, pairs)], dtype=np.int64),
        }
        (logits,) = self.session.run(None, feed)
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predictions(self, pairs: Sequence[MarkedPair]) -> list[Prediction]:
        return [self._prediction(row) for row in self.probabilities(pairs)]

    def _prediction(self, probs: np.ndarray) -> Prediction:
        best = int(np.argmax(probs))
        events = probs.copy()
        events[self._none] = -1.0
        best_event = int(np.argmax(events))
        return Prediction(self.labels[best], float(probs[best]), float(1.0 - probs[self._none]),
                          self.labels[best_event], float(probs[best_event]))
