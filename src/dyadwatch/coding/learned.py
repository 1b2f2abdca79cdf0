"""The learned half of the coder: events the lexicon has no pattern for.

For each verb that links an actor subject to an actor object (or a with/to/against... phrase)
and that no rule coded, the pair classifier names the PLOVER type; the event is kept only when
the classifier is confident it is an event at all (class NONE covers trade figures, sports
results and other pairs with no political act) and the two actors are of different countries.
The CAMEO code is the type's general code."""

from __future__ import annotations

from spacy.tokens import Span

from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.classifier import NO_EVENT, TYPE_TO_CAMEO, PairModel
from dyadwatch.coding.features import pair_features
from dyadwatch.coding.modality import modality_of
from dyadwatch.coding.rules import EventCandidate, verb_arguments

# Verbs of saying and reporting carry statements about events, not events between their
# arguments ("Japan told China ..." is coded from what was said, by the rules).
_REPORTING_VERBS = {"say", "tell", "report", "add", "note", "state", "quote", "cite", "write",
                    "be", "have", "do", "include", "become", "remain", "seem", "appear"}


def _country(mention: MentionSpan) -> str:
    return mention.country or mention.entry.country or mention.entry.id


class LearnedCoder:
    def __init__(self, model: PairModel, min_probability: float = 0.75) -> None:
        self.model = model
        self.min_probability = min_probability

    def code_sentence(self, sent: Span, mentions: list[MentionSpan],
                      rule_events: list[EventCandidate]) -> list[EventCandidate]:
        if len(mentions) < 2:
            return []
        by_head: dict[int, list[MentionSpan]] = {}
        for m in mentions:
            by_head.setdefault(m.head, []).append(m)
        coded_verbs = {e.verb for e in rule_events}
        coded_pairs = {(s.entry.id, t.entry.id) for e in rule_events
                       for s in e.sources for t in e.targets}
        events = []
        for verb in sent:
            if verb.pos_ != "VERB" or verb.i in coded_verbs \
                    or verb.lemma_.lower() in _REPORTING_VERBS:
                continue
            sources, targets = verb_arguments(verb, mentions, by_head)
            for s in sources:
                for t in targets:
                    # Conservative: domestic pairs (one country) are left to the rules.
                    if (s.entry.id, t.entry.id) in coded_pairs or _country(s) == _country(t):
                        continue
                    event = self._classify(sent, verb.i, s, t)
                    if event is not None:
                        events.append(event)
        return events

    def _classify(self, sent: Span, verb: int, source: MentionSpan,
                  target: MentionSpan) -> EventCandidate | None:
        doc = sent.doc
        prediction = self.model.predict(pair_features(doc[source.start:source.end],
                                                      doc[target.start:target.end]))
        if prediction.label == NO_EVENT or prediction.probability < self.min_probability:
            return None
        return EventCandidate(
            sources=(source,), targets=(target,), cameo=TYPE_TO_CAMEO[prediction.label],
            pattern=None, verb=verb, trigger_tokens=(verb,), modality=modality_of(doc[verb]),
            reciprocal=False, confidence=round(prediction.probability * 0.8, 2))
