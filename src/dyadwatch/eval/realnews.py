"""Our annotated real news (training/annotated/, guideline training/ANNOTATION.md): sentences taken
as they are from the shared corpus, with every event an analyst would code.

Scored as (source country, target country, PLOVER type) triples of asserted events, a set per
sentence on both sides: an actor without a country (or a missing target) is "---", a reciprocal
event counts in both directions, IGO bodies compare as "IGO" unless UN or EU. Only the `test` part
is the headline; the `dev` part may be trained and tuned on."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyadwatch.coding.training_data import LabelledSentence
from dyadwatch.eval.metrics import PRF
from dyadwatch.records import Actor, Event

ANNOTATED_DIR = Path(__file__).resolve().parents[3] / "training" / "annotated"
NO_COUNTRY = "---"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class GoldEvent:
    source: str
    source_country: str | None
    target: str | None
    target_country: str | None
    type: str
    modality: str


@dataclass(frozen=True)
class AnnotatedSentence:
    id: str
    split: str  # "dev" | "test"
    doc_id: str
    corpus: str
    date: str | None
    sentence: str
    events: tuple[GoldEvent, ...]


def _country(code: str | None) -> str:
    return code[:3] if code else NO_COUNTRY


def read_labels(path: Path) -> dict[str, tuple[GoldEvent, ...]]:
    labels = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            labels[record["id"]] = tuple(GoldEvent(**e) for e in record["events"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a label record ({exc})") from None
    return labels


def annotated_sentences(directory: Path = ANNOTATED_DIR) -> list[AnnotatedSentence]:
    """The labelled sentences (those of sentences.jsonl that a labels_*.jsonl file covers)."""
    labels: dict[str, tuple[GoldEvent, ...]] = {}
    for path in sorted(directory.glob("labels_*.jsonl")):
        labels.update(read_labels(path))
    result = []
    with (directory / "sentences.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in labels:
                result.append(AnnotatedSentence(row["id"], row["split"], row["doc_id"],
                                                row["corpus"], row.get("date"), row["sentence"],
                                                labels[row["id"]]))
    return result


def gold_triples(events: tuple[GoldEvent, ...], modality: str = "asserted") -> set[Triple]:
    return {(_country(e.source_country), _country(e.target_country), e.type)
            for e in events if e.modality == modality}


def plover_type(event: Event) -> str | None:
    return event.plover.type


def predicted_triples(events: tuple[Event, ...] | list[Event], modality: str = "asserted",
                      label: Callable[[Event], str | None] = plover_type) -> set[Triple]:
    """(source country, target country, label) of the events of `modality`; `label` is the
    PLOVER type here, the CAMEO root for the Korean set (eval/korean.py)."""
    triples = set()
    for e in events:
        kind = label(e)
        if e.modality != modality or not kind:
            continue
        targets: tuple[Actor | None, ...] = e.target or (None,)
        for s in e.source:
            for t in targets:
                src, tgt = _country(s.country), _country(t.country if t else None)
                triples.add((src, tgt, kind))
                if e.reciprocal:
                    triples.add((tgt, src, kind))
    return triples


def score_triples(pairs: list[tuple[set[Triple], set[Triple]]]) -> PRF:
    """P/R/F1 over (gold, predicted) triple sets, one pair per sentence."""
    prf = PRF()
    for gold, predicted in pairs:
        prf.tp += len(gold & predicted)
        prf.fp += len(predicted - gold)
        prf.fn += len(gold - predicted)
    return prf


def agreement(first: dict[str, tuple[GoldEvent, ...]],
              second: dict[str, tuple[GoldEvent, ...]]) -> dict[str, Any]:
    """Two annotators on the sentences both labelled: the triple F1 of one against the other,
    and how often they agree that a sentence has any asserted event."""
    shared = sorted(set(first) & set(second))
    prf = score_triples([(gold_triples(first[i]), gold_triples(second[i])) for i in shared])
    any_event = Counter((bool(gold_triples(first[i])), bool(gold_triples(second[i])))
                        for i in shared)
    return {"sentences": len(shared), "triple_f1": round(prf.f1, 4), "tp": prf.tp,
            "only_first": prf.fn, "only_second": prf.fp,
            "sentence_has_event_agreement": round(
                (any_event[(True, True)] + any_event[(False, False)]) / len(shared), 4)
            if shared else 0.0}


def as_labelled(sentences: list[AnnotatedSentence]) -> list[LabelledSentence]:
    """Annotated sentences as training items: gold phrases as character spans, every modality
    (the type is learned; modality is read from the parse)."""
    items = []
    for x in sentences:
        events = []
        for e in x.events:
            i = x.sentence.find(e.source)
            if i < 0:
                continue
            j = x.sentence.find(e.target) if e.target else -1
            events.append(((i, i + len(e.source)),
                           (j, j + len(e.target)) if e.target and j >= 0 else None, e.type))
        date = x.date if x.date and _ISO_DATE.match(x.date) else None
        items.append(LabelledSentence(f"realnews:{x.id}", x.sentence, tuple(events), date))
    return items
