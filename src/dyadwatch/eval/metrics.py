"""Small, dependency-free metrics: accuracy, P/R/F1, macro-F1 and confusion counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Confusion:
    """Gold label -> predicted label counts; predicted None is written as "(none)"."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str | None) -> None:
        self.counts[(gold, predicted or "(none)")] += 1

    @property
    def labels(self) -> list[str]:
        return sorted({g for g, _ in self.counts})

    def accuracy(self) -> float:
        total = sum(self.counts.values())
        return sum(n for (g, p), n in self.counts.items() if g == p) / total if total else 0.0

    def per_label(self) -> dict[str, PRF]:
        scores: dict[str, PRF] = {}
        for (gold, pred), n in self.counts.items():
            scores.setdefault(gold, PRF())
            if pred != "(none)":
                scores.setdefault(pred, PRF())
            if gold == pred:
                scores[gold].tp += n
            else:
                scores[gold].fn += n
                if pred != "(none)":
                    scores[pred].fp += n
        return scores

    def macro_f1(self, labels: Sequence[str] | None = None) -> float:
        """Macro-F1 over the gold labels (labels never in the gold set are not averaged)."""
        per = self.per_label()
        wanted = list(labels) if labels is not None else self.labels
        return sum(per.get(label, PRF()).f1 for label in wanted) / len(wanted) if wanted else 0.0

    def table(self) -> list[list[str]]:
        preds = sorted({p for _, p in self.counts})
        rows = [["gold \\ predicted", *preds]]
        for gold in self.labels:
            rows.append([gold, *[str(self.counts.get((gold, p), 0) or "") for p in preds]])
        return rows
