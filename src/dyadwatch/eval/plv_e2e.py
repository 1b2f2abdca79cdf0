"""plv_train end to end: raw sentences in, events out, the marked pairs not given.

Matching rule: an event covers a gold (source, target) pair when one of its source texts shares
a content word with one gold actor and one of its target texts (or, for a reciprocal event,
another of its sources) shares one with the other, in either direction; the most confident such
event is the prediction. A gold pair that no event covers counts as wrong. With
`cross_validated`, the learned classifier is retrained for each of 5 folds (by sentence) without
the fold's sentences, and the fold is coded by the full pipeline with that model."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from dyadwatch.coding.classifier import PairModel
from dyadwatch.coding.learned import LearnedCoder
from dyadwatch.coding.training_data import plv_pairs
from dyadwatch.eval.metrics import Confusion
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import CodedDocument, Event

# The 15 labels of ZSP's set that plv_train scores (CONCEDE and RETREAT count as YIELD).
PLV_LABELS = ("AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
_TO_ZSP = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
_WORD = re.compile(r"\w+")


def content_words(text: str) -> set[str]:
    words = {w.lower() for w in _WORD.findall(text.replace("’", "'"))}
    return {w for w in words if w not in STOP_WORDS and w != "s" and not w.isdigit()}


def _shares(texts: Iterable[str], gold: set[str]) -> bool:
    return any(content_words(t) & gold for t in texts)


def covers(event: Event, source: str, target: str) -> bool:
    """The matching rule, in either direction."""
    gold_s, gold_t = content_words(source), content_words(target)
    sources = [a.text for a in event.source]
    targets = [a.text for a in event.target]
    for a, b in ((gold_s, gold_t), (gold_t, gold_s)):
        if _shares(sources, a) and _shares(targets, b):
            return True
        if event.reciprocal and len(sources) > 1 and any(
                content_words(x) & a and content_words(y) & b
                for x in sources for y in sources if x is not y):
            return True
    return False


def predicted_label(doc: CodedDocument, source: str, target: str) -> str | None:
    matching = [e for e in doc.events if e.plover.type and covers(e, source, target)]
    if not matching:
        return None
    best = max(matching, key=lambda e: e.confidence)
    return _TO_ZSP.get(best.plover.type or "", best.plover.type)


def code_sentences(pipeline: Pipeline, sentences: dict[str, str]) -> dict[str, CodedDocument]:
    items = [{"id": k, "text": v} for k, v in sentences.items()]
    return dict(zip(sentences, pipeline.code_documents(items)))


def with_model(pipeline: Pipeline, model: PairModel) -> Pipeline:
    """The same pipeline coding with another pair model."""
    threshold = pipeline.learned.min_probability if pipeline.learned is not None else 0.5
    return replace(pipeline, pair_model=model, learned=LearnedCoder(model, threshold))


def score(records: list[dict[str, str]], coded: dict[str, CodedDocument]) -> dict[str, Any]:
    confusion = Confusion()
    covered = 0
    for r in records:
        label = predicted_label(coded[r["sentence_id"]], r["source"], r["target"])
        covered += label is not None
        confusion.add(r["gold_root"], label)
    per_label = confusion.per_label()
    return {
        "pairs": len(records), "pairs_covered": covered,
        "coverage": round(covered / len(records), 4) if records else 0.0,
        "macro_f1": round(confusion.macro_f1(PLV_LABELS), 4),
        "accuracy": round(confusion.accuracy(), 4),
        "per_label_f1": {label: round(per_label[label].f1, 3) for label in PLV_LABELS
                         if label in per_label},
        "confusion": confusion.table(),
    }


def sentences_of(records: list[dict[str, str]]) -> dict[str, str]:
    return {r["sentence_id"]: r["sentence"] for r in records}


def shipped_model(root: Path, pipeline: Pipeline) -> dict[str, Any]:
    records = plv_pairs(root)
    return score(records, code_sentences(pipeline, sentences_of(records)))
