"""The rule coder: verb patterns over the dependency parse.

For each verb in the lexicon, the pattern is chosen by the verb's lemma, its particle, its object
noun and its prepositions; the source comes from the subject (or the passive agent), the target
from the direct object or a "with/to/against/on ..." phrase. Multi-party subjects and reciprocal
events are expanded into one event per direction (see README, "Reciprocal events")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Span, Token

from dyadwatch.actors.mentions import LOCATIVE_NOUNS, MentionSpan
from dyadwatch.coding.complements import recode_complements
from dyadwatch.coding.lexicon import VerbLexicon, VerbPattern
from dyadwatch.coding.modality import modality_of

DEFAULT_TARGET_PREPS = frozenset({"with", "to", "against", "toward", "towards", "on", "upon",
                                  "into", "for", "between"})
# A pattern whose prep column is "=obj" takes its target only from the direct object, and codes
# nothing without one ("Yoon called Kishida" is a call; "called the launch a provocation" is not).
OBJECT_TARGET = "=obj"
# A pattern whose prep column is "=comp" codes what a statement says about a use of force reported
# in its complement clause: an accusation of that clause's source, or a claim of responsibility.
COMPLEMENT_TARGET = "=comp"
# A pattern whose prep column is "=from" is a converse: the "from X" phrase is the source and the
# subject the target ("received weapons from Tbilisi" is Tbilisi giving weapons).
FROM_SOURCE = "=from"
_REPORTED_FORCE_ROOTS = {"18", "19", "20"}
_TIME_WORDS = {"a.m.", "p.m.", "am", "pm", "time", "hour", "hours", "dawn", "dusk", "night",
               "morning", "noon", "midnight", "afternoon", "evening", "minute", "o'clock",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "weekend", "day", "week", "month", "year", "today", "tonight"}
_ARGUMENT_MARKERS = frozenset({OBJECT_TARGET, COMPLEMENT_TARGET, FROM_SOURCE})
# Dependencies allowed on the path from an actor mention up to a verb's argument: noun-phrase
# internals, coordination, and "of/for/from" phrases ("a spokesman for the Foreign Ministry").
_ARGUMENT_PATH_DEPS = {"compound", "amod", "nmod", "poss", "flat", "appos", "conj", "cc", "det",
                       "pobj", "npadvmod", "nummod"}
_ARGUMENT_PREPS = {"of", "for", "from"}
# Bodies named by where they sit: "a court in Guyana", "officials in Seoul" (not "an embassy in
# Seoul", whose country is the sender's).
_SEATED_BODIES = {"court", "government", "authority", "authorities", "official", "officials",
                  "police", "parliament", "prosecutor", "prosecutors", "judge", "judges",
                  "military", "army", "ministry", "regime", "junta", "leadership"}
# Where an event without a named target took place, for the CAMEO convention that the host
# country is the target ("exercises in Alaska", "attend a summit in Switzerland").
# Only where it took place: a missile "over Japan" or "toward Guam" is a trajectory, not a host.
_LOCATIVE_PREPS = {"in", "at", "inside"}
# Shows of force take a host only from a phrase on the verb or its object ("drills in Alaska"),
# not from deep inside it ("fired into waters in Japan's economic zone").
_SHALLOW_HOST_ROOTS = {"15"}
# A "verb" the tagger found inside a noun phrase ("missile warning data") is no event.
_NOMINAL_DEPS = {"compound", "amod", "nmod", "npadvmod", "poss"}
_JOINT_WORDS = {"joint", "combined", "trilateral", "bilateral", "multilateral", "allied"}
# CAMEO 145: destruction, assault or an unarmed attack by protesters is a violent protest
# (riot), not repression or a military attack (missiles fired by protesters stay 194).
_PROTESTER_WORDS = {"protester", "protestor", "demonstrator", "rioter", "mob", "crowd",
                    "protesters", "protestors", "demonstrators", "rioters"}
_RIOT_ROOTS = {"17", "18", "19"}
# CAMEO 175: force by police or troops against protesters is violent repression.
_SECURITY_SECTORS = {"MIL", "COP", "SPY"}
_SECURITY_NOUNS = {"force", "forces", "troops", "troop", "soldier", "soldiers", "police",
                   "policeman", "policemen", "army", "military", "guard", "guards", "gendarmes"}
# Nouns for what a trip or a trade goes to: "travel to Tunisia" names Tunisia as the target.
_DESTINATION_NOUNS = {"travel", "trip", "visit", "flight", "flights", "journey", "export",
                      "exports", "shipment", "shipments", "access", "route", "routes"}
# Documents speak for their authors: "a report released in Kigali", "a statement issued by X".
_DOCUMENT_NOUNS = {"report", "statement", "communique", "communiqué", "study", "document",
                   "dossier", "declaration", "letter", "resolution", "white paper"}
_AUTHOR_PREPS = {"by", "in", "from"}
# An event noun is no actor even when a name modifies it ("the MH17 crash").
_EVENT_NOUNS = {"crash", "explosion", "blast", "earthquake", "flood", "accident", "storm",
                "collapse", "disaster"}
# Passives whose "from X" names the source: projectiles "fired from Gaza".
_ORIGIN_ROOTS = {"15", "18", "19", "20"}
CLAIM_OF_RESPONSIBILITY = "015"
# What "claimed responsibility for a/an ..." names, by CAMEO code.
_CLAIMED_ACTS = {"attack": "190", "attacks": "190", "strike": "190", "strikes": "190",
                 "raid": "190", "assault": "190", "ambush": "190", "shooting": "190",
                 "bombing": "183", "bombings": "183", "blast": "183", "explosion": "183",
                 "kidnapping": "181", "abduction": "181", "hijacking": "181",
                 "killing": "1823", "killings": "1823", "murder": "1823",
                 "assassination": "186", "massacre": "202", "hack": "1712",
                 "cyberattack": "1712", "sabotage": "1712", "arson": "1712"}


@dataclass(frozen=True)
class EventCandidate:
    """An event found in one sentence, by token indices; the pipeline turns it into a record."""

    sources: tuple[MentionSpan, ...]
    targets: tuple[MentionSpan, ...]
    cameo: str
    pattern: VerbPattern | None  # None: coded by the learned classifier
    verb: int
    trigger_tokens: tuple[int, ...]
    modality: str
    reciprocal: bool
    confidence: float
    # For a claim of responsibility (015, which PLOVER does not code as such): the CAMEO code of
    # the act claimed, whose PLOVER view the event carries.
    claimed: str | None = None

    @property
    def rule(self) -> str:
        """Which lexicon row (or the classifier) coded the event, for explanations."""
        return f"verbs.tsv:{self.pattern.line}" if self.pattern is not None else "model:pair"


class RuleCoder:
    def __init__(self, lexicon: VerbLexicon) -> None:
        self.lexicon = lexicon

    def code_sentence(self, sent: Span, mentions: list[MentionSpan]) -> list[EventCandidate]:
        if not mentions:
            return []
        by_head: dict[int, list[MentionSpan]] = {}
        for m in mentions:
            by_head.setdefault(m.head, []).append(m)
        events: list[EventCandidate] = []
        seen: set[tuple[object, ...]] = set()
        for token in sent:
            if token.pos_ != "VERB" or token.dep_ in _NOMINAL_DEPS \
                    or (token.tag_ == "VBG" and token.dep_ in ("dobj", "nsubj", "pobj")) \
                    or not self.lexicon.candidates_for(token.lemma_, token.text):
                continue
            for event in self._code_verb(token, mentions, by_head):
                key = (event.cameo, event.verb, tuple((m.entry.id, m.start) for m in event.sources),
                       tuple((m.entry.id, m.start) for m in event.targets))
                if key not in seen:
                    seen.add(key)
                    events.append(event)
        return recode_complements(
            sent.doc, events,
            lambda governor, controller, event, code: self._appeal_event(
                governor, controller, event, code, mentions, by_head))

    def _appeal_event(self, governor: Token, controller: Token, complement: EventCandidate,
                      code: str, mentions: list[MentionSpan],
                      by_head: dict[int, list[MentionSpan]]) -> EventCandidate | None:
        """"Obama wants Putin to attack ...": an appeal from the governor's subject to the
        actor asked to act."""
        subjects, passive = _subjects_of(governor)
        sources = [] if passive else _distinct(_actors_of_all(subjects, mentions, by_head))
        targets = [t for t in actors_at(controller, mentions, by_head)
                   if not any(same_actor(t, s) for s in sources)]
        if not sources or not targets:
            return None
        return EventCandidate(tuple(sources), tuple(targets), code, complement.pattern,
                              governor.i, (governor.i,), modality_of(governor), False,
                              complement.confidence)

    def _code_verb(self, verb: Token, mentions: list[MentionSpan],
                   by_head: dict[int, list[MentionSpan]]) -> list[EventCandidate]:
        subjects, passive = _subjects_of(verb)
        subject = subjects[0] if subjects else None
        obj = _object_of(verb, passive, subject)
        pattern = self._choose_pattern(verb, obj)
        if pattern is None:
            return []
        if pattern.preps is not None and COMPLEMENT_TARGET in pattern.preps:
            if passive:
                return []
            return self._code_reported_force(verb, pattern, subjects, mentions, by_head)
        if passive:
            agent = _agent_of(verb)
            sources = actors_at(agent, mentions, by_head) if agent is not None else \
                _origin_actors(verb, mentions, by_head) if pattern.cameo[:2] in _ORIGIN_ROOTS \
                else []
            targets = _actors_of_all(subjects, mentions, by_head)
        elif pattern.preps is not None and FROM_SOURCE in pattern.preps:
            sources = [m for pobj in _prep_objects(verb, obj, {"from"})
                       for m in actors_at(pobj, mentions, by_head)]
            targets = _actors_of_all(subjects, mentions, by_head)
        else:
            sources = _actors_of_all(subjects, mentions, by_head)
            # When the pattern names the object noun ("held talks"), the object is the event,
            # not a participant; participants then come from prepositions.
            # ... unless the prep column says the object is the target too ("expelled the
            # Dutch ambassador": the event word names the actor).
            object_is_event = pattern.objects is not None and not (
                pattern.preps is not None and OBJECT_TARGET in pattern.preps)
            targets = actors_at(obj, mentions, by_head) if obj is not None \
                and not object_is_event else []
            if object_is_event and not _prep_objects(verb, obj, pattern.preps
                                                     or DEFAULT_TARGET_PREPS):
                # The event noun can name the people it is done to ("freed 150 prisoners").
                targets = actors_at(obj, mentions, by_head)
        if pattern.preps is not None and OBJECT_TARGET in pattern.preps \
                and pattern.objects is None and (not targets or any(
                    c.dep_ in ("oprd", "ccomp", "xcomp") for c in verb.children)):
            return []
        if not targets:
            for pobj in _prep_objects(verb, obj, pattern.preps or DEFAULT_TARGET_PREPS):
                targets = actors_at(pobj, mentions, by_head)
                if targets:
                    break
        if not targets:
            dative = next((c for c in verb.children if c.dep_ == "dative"), None)
            if dative is not None:
                targets = actors_at(dative, mentions, by_head)
        if not targets:
            # "agreed to deploy assets to South Korea": the commitment is to the complement's
            # target; the complement is coded as its own (future) event too.
            complement = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            if complement is not None:
                targets = verb_arguments(complement, mentions, by_head)[1]
                # Only the subject committed: no reciprocal event from the complement's target.
                pattern = replace(pattern, reciprocal=False) if targets else pattern
        sources = _distinct(sources)
        targets = [t for t in _distinct(targets) if not any(same_actor(t, s) for s in sources)]
        if not sources:
            return []
        if (pattern.cameo[:2] in ("17", "18") or pattern.cameo == "190") \
                and all(_is_protesters(s, verb.doc) for s in sources):
            pattern = replace(pattern, cameo="145", solo=None, reciprocal=False)
        elif pattern.cameo[:2] in _RIOT_ROOTS - {"17"} and _against_protesters(verb, obj) \
                and all(_is_security_force(s, verb.doc) for s in sources):
            pattern = replace(pattern, cameo="175", solo=None, reciprocal=False)
        if not targets and pattern.cameo[:2] == "11" and not passive:
            # "alleged that France was aware ...": the accused is the complement's subject.
            targets = [t for t in _distinct([a for comp in _complements(verb) for a in
                                             _actors_of_all(_subjects_of(comp)[0], mentions,
                                                            by_head)])
                       if not any(same_actor(t, s) for s in sources)]
        if not targets and (len(sources) == 1 or not pattern.reciprocal):
            host = _host_country(verb, obj, sources, mentions,
                                 shallow=(pattern.solo or pattern.cameo)[:2] in _SHALLOW_HOST_ROOTS)
            if host:  # the host is where it happened, not a partner in it
                claimed = _claimed_act(verb, obj) \
                    if pattern.cameo == CLAIM_OF_RESPONSIBILITY else None
                if pattern.cameo == CLAIM_OF_RESPONSIBILITY and not claimed:
                    return []
                return [EventCandidate(tuple(sources), tuple(host), pattern.solo or pattern.cameo,
                                       pattern, verb.i, _trigger_tokens(verb, obj, pattern),
                                       modality_of(verb), False,
                                       _confidence(pattern, sources, host), claimed=claimed)]
        if pattern.reciprocal and not pattern.solo and not targets and len(sources) < 2 \
                and verb.dep_ in ("advcl", "xcomp") and _is_purpose(verb):
            return []  # "met Assad to discuss ...": the purpose of a meeting is not another one
        trigger = _trigger_tokens(verb, obj, pattern)
        modality = modality_of(verb)
        confidence = _confidence(pattern, sources, targets)
        joint = obj is not None and any(c.lower_ in _JOINT_WORDS for c in obj.children)
        events = _expand_parties(sources, targets, pattern, verb.i, trigger, modality,
                                 confidence, joint)
        if pattern.cameo == CLAIM_OF_RESPONSIBILITY:
            claimed = _claimed_act(verb, obj)
            return [replace(e, claimed=claimed) for e in events] if claimed else []
        return events

    def _code_reported_force(self, verb: Token, pattern: VerbPattern, subjects: list[Token],
                             mentions: list[MentionSpan],
                             by_head: dict[int, list[MentionSpan]]) -> list[EventCandidate]:
        """"X said/claimed that Y attacked Z": X accuses Y (112), or X claims responsibility
        (015) when X is Y. Only for reported uses of force (roots 18-20)."""
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"), None)
        if comp is None:
            return []
        comp_subjects, comp_passive = _subjects_of(comp)
        comp_obj = _object_of(comp, comp_passive, comp_subjects[0] if comp_subjects else None)
        reported = self._choose_pattern(comp, comp_obj)
        if reported is None or reported.cameo[:2] not in _REPORTED_FORCE_ROOTS \
                or (reported.preps is not None and COMPLEMENT_TARGET in reported.preps):
            return []
        speakers = _distinct(_actors_of_all(subjects, mentions, by_head))
        if comp_passive:
            agent = _agent_of(comp)
            accused = actors_at(agent, mentions, by_head) if agent is not None else \
                _origin_actors(comp, mentions, by_head)
            attacked = _actors_of_all(comp_subjects, mentions, by_head)
        else:
            accused = _actors_of_all(comp_subjects, mentions, by_head)
            attacked = actors_at(comp_obj, mentions, by_head)
        if not speakers or not accused:
            return []
        trigger = (verb.i,)
        confidence = _confidence(pattern, speakers, accused)
        # A government reporting what its own forces did accuses nobody ("the US launched ...,
        # Central Command said").
        others = [a for a in _distinct(accused) if not any(same_actor(a, s) or _same_country(a, s)
                                                           for s in speakers)]
        if not others and pattern.solo:
            targets = [t for t in _distinct(attacked)
                       if not any(same_actor(t, s) for s in speakers)]
            return [EventCandidate(tuple(speakers), tuple(targets), pattern.solo, pattern,
                                   verb.i, trigger, modality_of(verb), False, confidence,
                                   claimed=reported.cameo)]
        return [EventCandidate(tuple(speakers), tuple(others), pattern.cameo, pattern, verb.i,
                               trigger, modality_of(verb), False, confidence)] if others else []

    def _choose_pattern(self, verb: Token, obj: Token | None) -> VerbPattern | None:
        particles = {c.lower_ for c in verb.children
                     if c.dep_ == "prt" or (c.dep_ == "prep" and not _is_time_phrase(c))}
        preps = particles | ({c.lower_ for c in obj.children
                              if c.dep_ == "prep" and not _is_time_phrase(c)} if obj else set())
        obj_lemmas = _object_lemmas(obj)
        for pattern in self.lexicon.candidates_for(verb.lemma_, verb.text):
            if pattern.particle and pattern.particle not in particles:
                continue
            if pattern.objects is not None and not (obj_lemmas & pattern.objects):
                continue
            # A prep column names the preposition the pattern needs ("fire missiles at").
            if pattern.preps is not None and not (pattern.preps & _ARGUMENT_MARKERS) \
                    and not (preps & pattern.preps):
                continue
            return pattern
        return None


def verb_arguments(verb: Token, mentions: list[MentionSpan],
                   by_head: dict[int, list[MentionSpan]]
                   ) -> tuple[list[MentionSpan], list[MentionSpan]]:
    """The actors a verb links whatever the verb means: subject (or passive agent) as sources,
    object (or passive subject, or a with/to/against... phrase) as targets."""
    subjects, passive = _subjects_of(verb)
    obj = _object_of(verb, passive, subjects[0] if subjects else None)
    if passive:
        agent = _agent_of(verb)
        sources = actors_at(agent, mentions, by_head) if agent is not None else []
    else:
        sources = _actors_of_all(subjects, mentions, by_head)
    targets = actors_at(obj, mentions, by_head)
    if not targets:
        for pobj in _prep_objects(verb, obj, DEFAULT_TARGET_PREPS):
            targets = actors_at(pobj, mentions, by_head)
            if targets:
                break
    sources = _distinct(sources)
    return sources, [t for t in _distinct(targets) if not any(same_actor(t, s) for s in sources)]


def _is_time_phrase(prep: Token) -> bool:
    """"at around 10 a.m.", "on Monday": a preposition naming a time, not a target."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.lower_ in _TIME_WORDS or o.like_num or o.lemma_.lower()
                                 in _TIME_WORDS for o in objects)


def _expand_parties(sources: list[MentionSpan], targets: list[MentionSpan], pattern: VerbPattern,
                    verb: int, trigger: tuple[int, ...], modality: str, confidence: float,
                    joint: bool) -> list[EventCandidate]:
    """One event per direction for reciprocal events with several parties; solo codes when an
    event that usually has partners (a drill) has only one party."""
    parties = sources + targets
    if pattern.solo and len(parties) == 1 and not joint:
        return [EventCandidate(tuple(sources), (), pattern.solo, pattern, verb, trigger,
                               modality, False, confidence)]
    if pattern.reciprocal and len(parties) > 1:
        events = []
        for a in parties:
            for b in parties:
                if a is not b and not same_actor(a, b):
                    events.append(EventCandidate((a,), (b,), pattern.cameo, pattern, verb,
                                                 trigger, modality, True, confidence))
        if events:
            return events
    return [EventCandidate(tuple(sources), tuple(targets), pattern.cameo, pattern, verb, trigger,
                           modality, False, confidence)]


def _actors_of_all(tokens: list[Token], mentions: list[MentionSpan],
                   by_head: dict[int, list[MentionSpan]]) -> list[MentionSpan]:
    found = []
    for tok in tokens:
        actors = actors_at(tok, mentions, by_head)
        found.extend(actors or _document_authors(tok, mentions, by_head))
    return found


def _document_authors(noun: Token, mentions: list[MentionSpan],
                      by_head: dict[int, list[MentionSpan]]) -> list[MentionSpan]:
    """"A report released in the Rwandan capital alleged ...": who issued the document."""
    if noun.lemma_.lower() not in _DOCUMENT_NOUNS:
        return []
    for clause in noun.children:
        if clause.dep_ == "acl" and clause.tag_ == "VBN":
            for pobj in _prep_objects(clause, None, _AUTHOR_PREPS) + \
                    [p for a in clause.children if a.dep_ == "agent" for p in a.children
                     if p.dep_ == "pobj"]:
                actors = actors_at(pobj, mentions, by_head)
                if actors:
                    return actors
    return []


def _complements(verb: Token) -> list[Token]:
    """Clausal complements, with those coordinated to them ("that A ..., and that B ...")."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    return comps + [c for comp in comps for c in comp.conjuncts if c.pos_ in ("VERB", "AUX")]


def _against_protesters(verb: Token, obj: Token | None) -> bool:
    """Is the force used against protesters (the object, or a with/on/against phrase)?"""
    heads = ([obj] if obj is not None else []) + _prep_objects(
        verb, None, {"with", "on", "against", "at"})
    return any(h.lower_ in _PROTESTER_WORDS for h in heads)


def _subjects_of(verb: Token) -> tuple[list[Token], bool]:
    """The subjects (a misparse can give a verb two) and whether the clause is passive.
    Conjoined and controlled verbs ("... and held talks", "agreed to hold talks") share the
    subject of the verb they hang on."""
    subject, passive = _subject_of(verb)
    if subject is None:
        return [], False
    extra = [c for c in subject.head.children
             if c.dep_ == subject.dep_ and c is not subject and subject.head.pos_ != "NOUN"]
    return [subject, *extra], passive


def stolen_subject(noun: Token) -> Token | None:
    """Without a comma the parser reads "condemned North Korea and Japan summoned the envoy" as
    one object "North Korea and Japan"; the last conjunct is really the subject of the verb that
    follows it. Returns that verb, or None."""
    if noun.dep_ != "conj" or noun.right_edge.i + 1 >= len(noun.doc):
        return None
    verb = noun.doc[noun.right_edge.i + 1]
    if verb.pos_ == "VERB" and verb.dep_ == "conj" and verb.head.i < noun.i \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and any(c.dep_ == "dobj" for c in verb.children):
        return verb
    return None


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        previous = verb.doc[verb.i - 1]
        for noun in (previous, *previous.ancestors):
            stolen_by = stolen_subject(noun)
            if stolen_by is not None and stolen_by.i == verb.i:
                return noun, False
            if noun.pos_ not in ("NOUN", "PROPN"):
                break
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if current is verb:
                    return child, child.dep_ == "nsubjpass"
                return child, _is_passive(verb)
        if current.dep_ == "xcomp":
            # Object control: "urged Seoul to respond", "prompted the military to scramble jets".
            controller = next((c for c in current.head.children if c.dep_ in ("dobj", "obj")),
                              None)
            if controller is not None:
                return controller, _is_passive(verb)
        if current.dep_ in ("conj", "xcomp", "advcl") and current.head is not current:
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
            return current.head, current.dep_ == "acl" and current.tag_ == "VBN"
        break
    return None, False


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _object_of(verb: Token, passive: bool, subject: Token | None) -> Token | None:
    if passive:
        return subject
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    # A free relative as object ("launched what Seoul believed was an ICBM").
    for child in verb.children:
        if child.dep_ == "ccomp" and child.left_edge.tag_ == "WP" \
                and child.left_edge.lower_ == "what":
            return child.left_edge
    return None


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _object_lemmas(obj: Token | None) -> set[str]:
    if obj is None:
        return set()
    lemmas = {obj.lemma_.lower(), obj.lower_}
    lemmas |= {c.lower_ for c in obj.children if c.dep_ in ("compound", "amod")}
    lemmas |= {c.lemma_.lower() for c in obj.conjuncts}
    if obj.tag_ == "WP":
        # "launched what Seoul believed was an ICBM": the noun is the attribute of the clause.
        attribute = next((t for t in obj.doc[obj.i:obj.sent.end] if t.dep_ == "attr"), None)
        if attribute is not None:
            lemmas |= {attribute.lemma_.lower(), attribute.lower_}
    return lemmas


def _prep_objects(verb: Token, obj: Token | None, preps: Iterable[str]) -> list[Token]:
    allowed = set(preps)
    holders = [verb] + ([obj] if obj is not None else [])
    found: list[Token] = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("prep", "prt") and child.lower_ in allowed:
                found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def actors_at(token: Token | None, mentions: list[MentionSpan],
              by_head: dict[int, list[MentionSpan]]) -> list[MentionSpan]:
    """The actor mentions that a verb argument names, including its conjuncts."""
    if token is None:
        return []
    found: list[MentionSpan] = []
    coordinated = [] if stolen_subject(token) is not None else list(token.conjuncts)
    for tok in [token, *coordinated]:
        if tok is not token and stolen_subject(tok) is not None:
            continue
        here = [m for m in by_head.get(tok.i, ()) if not _names_an_event(m, tok.doc)]
        inside = [m for m in mentions if _inside_argument(m, tok)
                  and not _names_an_event(m, tok.doc)]
        if here:  # "Chinese officials in Seoul" are Chinese: the seat only names a bare body
            inside = [m for m in inside if _prep_of(tok.doc[m.head]).head.i != tok.i
                      or _prep_of(tok.doc[m.head]).lower_ != "in"]
        # "The US commander in Iraq, General David Petraeus", "the militant group al-Shabab":
        # an apposition names the same actor as its head, so one of the two stands for both:
        # the head, unless only the apposition has a country. (A list of countries misparsed
        # as appositions names several.)
        appositions = [m for m in inside if m.head != tok.i and _dep_below(m, tok) == "appos"
                       and (m.entry.kind == "person"
                            or ((m.country or m.entry.country)
                                and not any(h.country or h.entry.country for h in here)))]
        if here and appositions:
            if not any(h.country or h.entry.country for h in here):
                inside = [m for m in inside if m not in here]
                here = []
            else:
                inside = [m for m in inside if m not in appositions]
        found.extend(here)
        found.extend(inside)
    return _distinct(found)


def _inside_argument(mention: MentionSpan, arg: Token) -> bool:
    """Is the mention part of the argument's noun phrase (not of a clause hanging on it)?"""
    doc = arg.doc
    tok = doc[mention.head]
    for _ in range(10):
        if tok.i == arg.i:
            return True
        if tok.dep_ == "conj" and stolen_subject(tok) is not None:
            return False
        if tok.dep_ == "prep":
            seated = tok.lower_ == "in" and tok.head.lower_ in _SEATED_BODIES \
                and tok.head.i == arg.i
            seated = seated or (tok.lower_ == "to" and tok.head.lemma_.lower() in _DESTINATION_NOUNS)
            if not seated and (tok.lower_ not in _ARGUMENT_PREPS
                               or tok.head.lemma_.lower() in LOCATIVE_NOUNS):
                return False
        elif tok.dep_ not in _ARGUMENT_PATH_DEPS:
            return False
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _distinct(mentions: list[MentionSpan]) -> list[MentionSpan]:
    seen: set[tuple[str, int, int]] = set()
    result = []
    for m in mentions:
        key = (m.entry.id, m.alias_start, m.alias_end)
        if key not in seen:
            seen.add(key)
            result.append(m)
    return result


def same_actor(a: MentionSpan, b: MentionSpan) -> bool:
    """The same knowledge-base actor in the same sector (two mentions of it)."""
    return a.entry.id == b.entry.id and a.sector == b.sector


def _trigger_tokens(verb: Token, obj: Token | None, pattern: VerbPattern) -> tuple[int, ...]:
    tokens = [verb.i]
    tokens += [c.i for c in verb.children if c.dep_ in ("prt", "neg")]
    if obj is not None and pattern.objects is not None:
        tokens.append(obj.i)
    return tuple(sorted(tokens))


def _confidence(pattern: VerbPattern, sources: list[MentionSpan],
                targets: list[MentionSpan]) -> float:
    """A calibrated-by-hand score: specific patterns and complete dyads are more reliable."""
    score = 0.55
    if pattern.objects is not None or pattern.particle or pattern.preps is not None:
        score += 0.15
    if targets:
        score += 0.15
    if all(s.sector for s in sources):
        score += 0.05
    return round(min(score, 0.95), 2)


def _dep_below(mention: MentionSpan, arg: Token) -> str:
    """The dependency by which the mention's head hangs on the argument (or on its path)."""
    tok = arg.doc[mention.head]
    while tok.head.i != arg.i and tok.head is not tok:
        tok = tok.head
    return tok.dep_


def _is_purpose(verb: Token) -> bool:
    """An infinitive of purpose or control under another verb: "met ... to discuss"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
        and verb.head.pos_ in ("VERB", "AUX")


def _same_country(a: MentionSpan, b: MentionSpan) -> bool:
    country_a = a.country or a.entry.country
    return bool(country_a) and country_a == (b.country or b.entry.country)


def _origin_actors(verb: Token, mentions: list[MentionSpan],
                   by_head: dict[int, list[MentionSpan]]) -> list[MentionSpan]:
    """A passive with no agent names its source by origin: "a mortar was fired from Gaza"."""
    return [m for pobj in _prep_objects(verb, None, {"from"})
            for m in actors_at(pobj, mentions, by_head)]


def _host_country(verb: Token, obj: Token | None, sources: list[MentionSpan],
                  mentions: list[MentionSpan], shallow: bool = False) -> list[MentionSpan]:
    """For an event with no named target, the country it took place in when that is not the
    source's: "Russia held exercises in Alaska" (RUS -> USA), "attend a summit in Switzerland".
    Only places (countries, cities, regions) in a locative phrase of the verb or its object."""
    source_countries = {s.country or s.entry.country for s in sources}
    for m in sorted(mentions, key=lambda m: m.head):
        country = m.country or m.entry.country
        if m.head > verb.i and m.entry.kind in ("country", "city") and country \
                and country not in source_countries and m.sector in (None, "CVL", "GOV") \
                and _located_under(verb.doc[m.head], verb) \
                and (not shallow or _prep_of(verb.doc[m.head]).head in (verb, obj)):
            return [m]
    return []


def _prep_of(place: Token) -> Token:
    """The preposition nearest above a place (or the place itself when there is none)."""
    tok = place
    for _ in range(6):
        if tok.dep_ == "prep" or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _located_under(place: Token, verb: Token) -> bool:
    """Is the place the object of a locative preposition whose phrase hangs on the verb through
    noun phrases only ("a summit in Switzerland", "an attack on a mall in Kenya's capital")?"""
    tok, located = place, False
    for _ in range(10):
        if tok.dep_ == "prep":
            located = located or tok.lower_ in _LOCATIVE_PREPS
        elif tok.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "nsubj", "nsubjpass"):
            return False
        if tok.head.i == verb.i:
            return located
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _is_security_force(mention: MentionSpan, doc: Any) -> bool:
    return mention.sector in _SECURITY_SECTORS or doc[mention.head].lower_ in _SECURITY_NOUNS


def _is_protesters(mention: MentionSpan, doc: Any) -> bool:
    return doc[mention.head].lower_ in _PROTESTER_WORDS


def _names_an_event(mention: MentionSpan, doc: Any) -> bool:
    head = doc[mention.head]
    return head.lemma_.lower() in _EVENT_NOUNS and mention.entry.kind != "person"


def _claimed_act(verb: Token, obj: Token | None) -> str | None:
    """"claimed responsibility for the bombing": the CAMEO code of the act claimed."""
    for noun in _prep_objects(verb, obj, {"for"}):
        code = _CLAIMED_ACTS.get(noun.lower_) or _CLAIMED_ACTS.get(noun.lemma_.lower())
        if code:
            return code
    return None
