"""The learned half of the coder: events no lexicon pattern anticipated.

Every candidate of the sentence (coding/candidates.py: each ordered pair of actor mentions and
each mention alone) that the rules did not code goes to the pair classifier, which names a
PLOVER type or NONE (trained on the real negative pairs of annotated sentences). A candidate
becomes an event when its type wins with at least `min_probability`; of the two directions of
one pair only the more likely is kept, unless the type is a joint act (then one reciprocal
event); a mention alone is kept only when it has no paired event of that type.
The CAMEO code is the type's general code."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.candidates import Candidate, candidate_pairs
from dyadwatch.coding.classifier import NO_EVENT, TYPE_TO_CAMEO, PairModel, Prediction
from dyadwatch.coding.encoder import PairEncoder, mark_pair
from dyadwatch.coding.features import linking_token, pair_features
from dyadwatch.coding.modality import HYPOTHETICAL, modality_of
from dyadwatch.coding.rules import EventCandidate

# Types that two actors do together: "A and B held talks" is one event, coded both ways.
JOINT_TYPES = {"CONSULT", "COOPERATE"}
# Types whose act is the governing verb's: "refused to meet" is a rejection that happened,
# "vowed to deepen ties" an intent stated, "urged Y to stop" an appeal made.
_SPEECH_ACT_TYPES = {"AGREE", "THREATEN", "REQUEST", "REJECT", "ACCUSE", "SUPPORT"}
_CLAUSE_DEPS = {"xcomp", "ccomp", "advcl"}
# A show of force the lexicon coded without a recipient keeps none ("fired a missile over
# Japan" is PRK 150 with no target, the CAMEO convention), though the classifier may pair them.
_TARGETLESS_BY_CONVENTION = {"15"}
DEFAULT_MIN_PROBABILITY = 0.3  # chosen on plv_train CV and our dev news CV
# A candidate is an event when the classifier gives "some event" (1 - P(NONE)) at least this,
# even where NONE is the single likeliest label: the event mass is often split among types.
MIN_EVENT_PROBABILITY = 0.5


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    label: str
    probability: float


def _key(m: MentionSpan) -> tuple[int, int]:
    return (m.start, m.end)


def _actor(m: MentionSpan) -> str:
    """One actor however often named ("Seoul ... it"): its entry, else its phrase."""
    return m.entry.id


class LearnedCoder:
    def __init__(self, model: PairModel | PairEncoder,
                 min_probability: float = DEFAULT_MIN_PROBABILITY) -> None:
        self.model = model
        self.min_probability = min_probability

    def code_sentence(self, sent: Span, mentions: list[MentionSpan],
                      rule_events: list[EventCandidate]) -> list[EventCandidate]:
        """The rules' events, completed and extended: a targetless rule event whose source the
        classifier pairs with a target in an act of the same root gets that target ("committed
        to the agreement with South Korea"); other classified candidates are new events."""
        if not mentions:
            return list(rule_events)
        # Where the rules coded both actors (each in some event), a third relation between them
        # is more often a misreading than a find: "Germany urged Poland to lift its sanctions on
        # Belarus" is an appeal and what is asked, not Germany easing sanctions on Belarus.
        in_rule_events = {_actor(m) for e in rule_events for m in (*e.sources, *e.targets)}
        open_candidates = [c for c in candidate_pairs(sent.doc, mentions)
                           if _actor(c.source) not in in_rule_events
                           or c.target is not None and _actor(c.target) not in in_rule_events]
        scored = [_Scored(c, p.best_event_type, p.best_event_probability)
                  for c, p in zip(open_candidates, self._classify(sent, open_candidates))
                  if (p.label != NO_EVENT or p.event_probability >= MIN_EVENT_PROBABILITY)
                  and p.best_event_probability >= self.min_probability]
        events = list(rule_events)
        for s in _resolve_directions(scored):
            event = self._event(sent, s)
            root, source = event.cameo[:2], _actor(s.candidate.source)
            # The lexicon's events of this act by this actor: fill a missing target, else keep.
            same_act = [i for i, e in enumerate(events) if e.pattern is not None
                        and e.cameo[:2] == root and any(_actor(x) == source for x in e.sources)]
            fillable = next((i for i in same_act if not events[i].targets and event.targets
                             and root not in _TARGETLESS_BY_CONVENTION), None)
            if fillable is not None:
                events[fillable] = replace(events[fillable], targets=event.targets)
            elif not same_act:
                events.append(event)
                if event.reciprocal:  # a joint act is coded both ways, as the rules code it
                    events.append(replace(event, sources=event.targets, targets=event.sources))
        return events

    def _classify(self, sent: Span, candidates: list[Candidate]) -> list[Prediction]:
        doc = sent.doc
        spans = [(doc[c.source.start:c.source.end],
                  doc[c.target.start:c.target.end] if c.target is not None else None)
                 for c in candidates]
        if isinstance(self.model, PairEncoder):  # one batch through the encoder
            return self.model.predictions([mark_pair(s, t) for s, t in spans])
        return [self.model.predict(pair_features(s, t)) for s, t in spans]

    def _event(self, sent: Span, scored: _Scored) -> EventCandidate:
        doc = sent.doc
        c = scored.candidate
        target = doc[c.target.head] if c.target else None
        link = linking_token(doc[c.source.head], target)
        verb = _event_verb(link, target, scored.label)
        modality = modality_of(verb)
        if target is not None and _under_condition(target, link):
            modality = HYPOTHETICAL  # "says it will withdraw from Mali if the junta stays"
        return EventCandidate(
            sources=(c.source,), targets=(c.target,) if c.target is not None else (),
            cameo=TYPE_TO_CAMEO[scored.label], pattern=None, verb=verb.i,
            trigger_tokens=(link.i,), modality=modality,
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


_CONDITION_MARKS = {"if", "unless"}


def _under_condition(target: Token, link: Token) -> bool:
    """A verb between the target and the linking token carries an "if"/"unless" clause or is
    one."""
    for verb in target.ancestors:
        if verb.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS
                or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS
                                             for m in c.children)
                for c in verb.children):
            return True
        if verb.i == link.i:
            break
    return False


def _event_verb(link: Token, target: Token | None, label: str) -> Token:
    """The verb whose modality the event has: the lowest verb above the target on the way to the
    linking token ("says it will impose sanctions on Minsk if ...": "impose"), else the linking
    verb; for a speech act the verb that governs its clause ("vowed | to deepen", "refused | to
    meet")."""
    verb = link
    if target is not None and label not in _SPEECH_ACT_TYPES:
        verb = next((t for t in target.ancestors if t.pos_ in ("VERB", "AUX")
                     and (t.i == link.i or link.is_ancestor(t))), link)
    for _ in range(4):  # from a noun ("talks", "strike") up to its verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if label in _SPEECH_ACT_TYPES:
        while verb.dep_ in _CLAUSE_DEPS and verb.head.i != verb.i \
                and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
    return verb
