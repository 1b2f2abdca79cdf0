"""Our labelled Korean sentences (training/korean/, guideline training/korean/ANNOTATION.md):
news-style sentences we wrote, each with every event an analyst would code, or none.

Scored end to end like our English real news: each sentence coded as a document, then
precision, recall and F1 of (source country, target country, CAMEO root) triples of asserted
events, a set per sentence on both sides (an actor without a country, or a missing target, is
"---"; a reciprocal event counts both ways). Also counted: gold events that are negated,
planned or hypothetical but were coded as asserted (issue 16 wants none). The `test` part is the
headline and is never tuned on; `dev` may be."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyadwatch.eval.realnews import NO_COUNTRY, Triple, predicted_triples, score_triples
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Event

KOREAN_DIR = Path(__file__).resolve().parents[3] / "training" / "korean"
NOT_ASSERTED = ("negated", "future", "hypothetical")


@dataclass(frozen=True)
class KoreanSentence:
    id: str
    split: str  # "dev" | "test"
    sentence: str
    events: tuple[dict[str, Any], ...]


def korean_sentences(directory: Path = KOREAN_DIR) -> list[KoreanSentence]:
    """The labelled sentences with their part (split.tsv, written by
    scripts/split_korean_set.py)."""
    split_file = directory / "split.tsv"
    if not split_file.exists():
        raise FileNotFoundError(2, "the Korean set's split is missing", str(split_file))
    split = dict(line.split("\t") for line in
                 split_file.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    sentences = []
    for path in sorted(directory.glob("sentences_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                sentences.append(KoreanSentence(row["id"], split[row["id"]], row["sentence"],
                                                tuple(row["events"])))
    return sentences


def _country(code: str | None) -> str:
    return code[:3] if code else NO_COUNTRY


def gold_triples(events: tuple[dict[str, Any], ...], modality: str = "asserted") -> set[Triple]:
    return {(_country(e["source_country"]), _country(e["target_country"]), e["cameo_root"])
            for e in events if e["modality"] == modality}


def _root(event: Event) -> str:
    return event.root


def score_korean(pipeline: Pipeline, directory: Path = KOREAN_DIR) -> dict[str, Any]:
    """Triple P/R/F1 of asserted events on the test and dev parts, coded end to end."""
    sentences = korean_sentences(directory)
    coded = dict(zip((x.id for x in sentences), pipeline.code_documents(
        [{"id": x.id, "text": x.sentence} for x in sentences])))
    result: dict[str, Any] = {}
    for part in ("test", "dev"):
        part_sentences = [x for x in sentences if x.split == part]
        pairs = [(gold_triples(x.events), predicted_triples(coded[x.id].events, label=_root))
                 for x in part_sentences]
        wrongly_asserted = sum(
            len((set().union(*(gold_triples(x.events, m) for m in NOT_ASSERTED)) - gold)
                & predicted) for x, (gold, predicted) in zip(part_sentences, pairs))
        result[part] = {"sentences": len(part_sentences),
                        "sentences_with_event": sum(1 for gold, _ in pairs if gold),
                        **score_triples(pairs).as_dict(),
                        "gold_not_asserted_coded_asserted": wrongly_asserted}
    return result
