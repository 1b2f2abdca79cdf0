"""Coding a given (source, target) pair: the rules first, the learned classifier where no rule
links the two actors. Used to score plv_train (whose actors are marked) and by the learned coder
of open extraction (whose actors come from the mention finder)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from dyadwatch.actors.kb import KBEntry
from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.coding.classifier import TYPE_TO_CAMEO, PairModel
from dyadwatch.coding.features import pair_features
from dyadwatch.coding.rules import RuleCoder


@dataclass(frozen=True)
class PairCoding:
    cameo: str
    plover_type: str
    confidence: float
    method: str  # "rules" | "model"


def given_mention(span: Span, role: str) -> MentionSpan:
    """A mention for an actor phrase marked by the caller (no knowledge-base entry)."""
    entry = KBEntry(id=f"given:{role}", name=span.text, country="", kind="given")
    return MentionSpan(start=span.start, end=span.end, head=span.root.i, alias_start=span.start,
                       alias_end=span.end, entry=entry, form=span.text, sector=None)


def code_pair(source: Span, target: Span | None, coder: RuleCoder, model: PairModel,
              cameo: CameoTable, min_probability: float = 0.0) -> PairCoding | None:
    """The relation from `source` to `target` (two spans of one sentence), or None when no
    rule links them and the model's probability of its best event type is below
    `min_probability`."""
    src = given_mention(source, "source")
    mentions = [src] + ([given_mention(target, "target")] if target is not None else [])
    for event in coder.code_sentence(source.sent, mentions):
        has_source = any(m.entry.id == "given:source" for m in event.sources)
        has_target = target is None or any(m.entry.id == "given:target" for m in event.targets)
        if has_source and has_target:
            code = cameo[event.cameo]
            plover = code.plover if code.plover.type or event.claimed is None \
                else cameo[event.claimed].plover
            return PairCoding(code.code, plover.type or "", event.confidence, "rules")
    prediction = model.predict(pair_features(source, target))
    # The pair is given as related: the type's probability given that there is an event (the
    # NONE class, trained for open extraction, does not count here).
    probability = prediction.best_event_probability / max(prediction.event_probability, 1e-9)
    if probability < min_probability:
        return None
    label = prediction.best_event_type
    return PairCoding(TYPE_TO_CAMEO[label], label, round(probability, 2), "model")
