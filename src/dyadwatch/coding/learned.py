"""The learned half of the coder: events no lexicon pattern anticipated.

Every candidate of the sentence (coding/candidates.py: each ordered pair of actor mentions and
each mention alone) that the rules did not code goes to the pair classifier, which names a
PLOVER type or NONE (trained on the real negative pairs of annotated sentences). A candidate
becomes an event when its type wins with at least `min_probability`; of the two directions of
one pair only the more likely is kept, unless the type is a joint act (then one reciprocal
event); a mention alone is kept only when it has no paired event of that type.
The CAMEO code is the type's general code."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.candidates import Candidate, candidate_pairs
from dyadwatch.coding.classifier import NO_EVENT, TYPE_TO_CAMEO, PairModel
from dyadwatch.coding.features import linking_token, pair_features
from dyadwatch.coding.modality import modality_of
from dyadwatch.coding.rules import EventCandidate

# Types that two actors do together: "A and B held talks" is one event, coded both ways.
JOINT_TYPES = {"CONSULT", "COOPERATE"}
# Types whose act is the governing verb's: "refused to meet" is a rejection that happened,
# "vowed to deepen ties" an intent stated, "urged Y to stop" an appeal made.
_SPEECH_ACT_TYPES = {"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE", "SUPPORT"}
_CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "conj"}
DEFAULT_MIN_PROBABILITY = 0.3  # chosen on plv_train CV and our dev news CV


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    label: str
    probability: float


def _key(m: MentionSpan) -> tuple[int, int]:
    return (m.start, m.end)


class LearnedCoder:
    def __init__(self, model: PairModel,
                 min_probability: float = DEFAULT_MIN_PROBABILITY) -> None:
        self.model = model
        self.min_probability = min_probability

    def code_sentence(self, sent: Span, mentions: list[MentionSpan],
                      rule_events: list[EventCandidate]) -> list[EventCandidate]:
        if not mentions:
            return []
        coded_pairs = {(_key(s), _key(t)) for e in rule_events for s in e.sources
                       for t in e.targets}
        coded_pairs |= {(t, s) for s, t in coded_pairs}
        coded_sources = {_key(s) for e in rule_events for s in e.sources}
        scored = []
        for c in candidate_pairs(mentions):
            if c.target is None and _key(c.source) in coded_sources \
                    or c.target is not None and (_key(c.source), _key(c.target)) in coded_pairs:
                continue
            label, probability = self._classify(sent, c)
            if label != NO_EVENT and probability >= self.min_probability:
                scored.append(_Scored(c, label, probability))
        return [self._event(sent, s) for s in _resolve_directions(scored)]

    def _classify(self, sent: Span, c: Candidate) -> tuple[str, float]:
        doc = sent.doc
        target = doc[c.target.start:c.target.end] if c.target is not None else None
        prediction = self.model.predict(pair_features(doc[c.source.start:c.source.end], target))
        return prediction.label, prediction.probability

    def _event(self, sent: Span, scored: _Scored) -> EventCandidate:
        doc = sent.doc
        c = scored.candidate
        link = linking_token(doc[c.source.head], doc[c.target.head] if c.target else None)
        verb = _event_verb(link, scored.label)
        return EventCandidate(
            sources=(c.source,), targets=(c.target,) if c.target is not None else (),
            cameo=TYPE_TO_CAMEO[scored.label], pattern=None, verb=verb.i,
            trigger_tokens=(link.i,), modality=modality_of(verb),
            reciprocal=c.target is not None and scored.label in JOINT_TYPES,
            confidence=round(scored.probability, 2))


def _resolve_directions(scored: list[_Scored]) -> list[_Scored]:
    """One event per pair of actors (the likelier direction; a joint act once), and a
    targetless event only for a source with no paired event of its type."""
    best: dict[frozenset[tuple[int, int]], _Scored] = {}
    alone = []
    for s in scored:
        if s.candidate.target is None:
            alone.append(s)
            continue
        pair = frozenset((_key(s.candidate.source), _key(s.candidate.target)))
        if pair not in best or s.probability > best[pair].probability:
            best[pair] = s
    paired = list(best.values())
    typed_sources = {(_key(s.candidate.source), s.label) for s in paired}
    typed_sources |= {(_key(s.candidate.target), s.label) for s in paired  # type: ignore[arg-type]
                      if s.label in JOINT_TYPES}
    return paired + [s for s in alone if (_key(s.candidate.source), s.label) not in typed_sources]


def _event_verb(link: Token, label: str) -> Token:
    """The verb whose modality the event has: the linking verb, or for a speech act the verb
    that governs its clause ("vowed | to deepen", "refused | to meet")."""
    verb = link
    for _ in range(4):  # from a noun ("talks", "strike") up to its verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if label in _SPEECH_ACT_TYPES:
        while verb.dep_ in _CLAUSE_DEPS and verb.dep_ != "conj" and verb.head.i != verb.i \
                and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
    return verb
