"""Events whose meaning is set by the clause that governs them (CAMEO 1.1b3's "express intent",
"appeal" and "reject" families).

A verb coded in a complement clause is not itself the act: "Seoul wants to meet Tokyo" is an
expression of intent to meet (036), "Seoul urged Tokyo to lift sanctions" an appeal to ease
sanctions (0254) and "Seoul said it would not send aid" a refusal (121). The governing clause is
what happened; this module recodes the complement's event accordingly, from the parse alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from dyadwatch.coding.modality import HYPOTHETICAL, NEGATED, modality_of

if TYPE_CHECKING:  # rules.py imports this module
    from dyadwatch.coding.rules import EventCandidate

# Verbs whose subject says it wants to do what the complement says (not "plan", whose complement
# is a scheduled event and stays a future event of its own code).
INTENT_VERBS = {"want", "wish", "seek", "hope", "aim", "intend", "desire", "strive", "look"}
# Verbs that commit the subject to the complement's act: the commitment is the event (AGREE for
# cooperation, a threat for force: "vowed to retaliate" is 13x), the act is not (yet) done.
PROMISE_VERBS = {"vow", "pledge", "promise", "swear", "commit", "undertake"}
# Verbs whose complement, with "will/would", is the speaker's own stated intention.
SPEECH_VERBS = {"say", "announce", "declare", "state", "indicate", "signal", "confirm", "tell"}
# Verbs that ask someone else to act: "asked Tokyo to ...", "wants Putin to ...".
APPEAL_VERBS = {"ask", "urge", "call", "press", "request", "appeal", "implore", "plead", "beg",
                "encourage", "want", "invite", "push", "exhort", "pressure", "pressurize",
                "pressurise", "lobby"}
APPEAL_NOUNS = {"pressure", "call", "appeal", "request", "demand", "plea", "invitation", "urging"}
REFUSAL_VERBS = {"refuse", "decline", "reject"}
_CONDITION_MARKS = {"if", "unless"}
_WILL = {"will", "would", "'ll", "shall", "wo", "'d"}

# CAMEO code (exact, then root) of the complement's act -> code of the governing act.
INTENT_CODES = {
    "0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "087": "0356", "0871": "0356",
    "0874": "0356", "081": "0351", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "071": "0331", "072": "0332", "073": "0333", "074": "0334", "045": "039", "161": "1313",
    "162": "1311", "163": "1312", "191": "1381", "192": "1382",
    "04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "14": "133", "16": "131",
    "17": "137", "18": "138", "19": "1384", "20": "1383",
}
APPEAL_CODES = {
    "0841": "0253", "0842": "0253", "085": "0254", "086": "0255", "087": "0256", "0871": "0256",
    "0874": "0256", "081": "0251", "061": "0211", "062": "0212", "063": "0213", "064": "0214",
    "071": "0231", "072": "0232", "073": "0233", "074": "0234", "045": "028",
    "04": "026", "05": "022", "06": "021", "07": "023", "08": "025", "18": "0212", "19": "0212",
    "20": "0212",
}
REFUSAL_CODES = {
    "0841": "1243", "0842": "1243", "085": "1244", "086": "1245", "087": "1246", "0871": "1246",
    "081": "1241", "082": "1242", "061": "1211", "062": "1212", "063": "1213", "064": "1214",
    "045": "126", "057": "127",
    "03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124",
}


def governed_code(table: dict[str, str], cameo: str) -> str | None:
    return table.get(cameo) or table.get(cameo[:2])


def recode_complements(
        doc: Doc, events: list[EventCandidate],
        new_event: Callable[[Token, Token, EventCandidate, str], EventCandidate | None],
) -> list[EventCandidate]:
    """Recode the events of complement clauses by their governing verb. `new_event(governor,
    controller, complement_event, code)` builds an appeal event for a governor that the lexicon
    did not code ("Obama wants Putin to ...")."""
    by_verb: dict[int, list[int]] = {}
    for i, e in enumerate(events):
        by_verb.setdefault(e.verb, []).append(i)
    result: list[EventCandidate | None] = list(events)
    added: list[EventCandidate] = []
    for i, event in enumerate(events):
        verb = doc[event.verb]
        governor = verb.head
        if verb.dep_ == "acl" and governor.lemma_.lower() in APPEAL_NOUNS \
                and event.modality != NEGATED:
            # "pressure from Congress to help Iran": asked for, not done or undertaken.
            result[i] = replace(event, modality=HYPOTHETICAL)
            continue
        lemma = governor.lemma_.lower()
        if verb.dep_ == "advcl" and lemma in APPEAL_VERBS and _is_to_infinitive(verb):
            verb_role = "xcomp"  # "was pressured by Brussels to lift ...": parsed as a purpose
        else:
            verb_role = verb.dep_
        if governor is verb or verb_role not in ("xcomp", "ccomp"):
            continue
        controller = _controller(verb, governor, verb_role)
        governor_events = by_verb.get(governor.i, [])
        if lemma in APPEAL_VERBS and controller is not None:
            appeal_code = governed_code(APPEAL_CODES, event.cameo) or "020"
            for j in governor_events:
                governing = result[j]
                if governing is not None and governing.cameo[:2] == "02":
                    result[j] = replace(governing, cameo=appeal_code)
            if not governor_events:
                appeal = new_event(governor, controller, event, appeal_code)
                if appeal is not None:
                    added.append(appeal)
            # What one actor asks of another has neither happened nor been taken on by it.
            if event.modality != NEGATED:
                result[i] = replace(event, modality=HYPOTHETICAL)
            continue
        if lemma in REFUSAL_VERBS and verb.dep_ == "xcomp":
            code = governed_code(REFUSAL_CODES, event.cameo)
            for j in governor_events:
                governing = result[j]
                if code and governing is not None and governing.cameo[:2] == "12":
                    result[j] = replace(governing, cameo=code)
            continue
        own_will = verb.dep_ == "ccomp" and lemma in SPEECH_VERBS and _has_will(verb) \
            and _speaks_of_itself(governor, verb)
        if event.modality == NEGATED and own_will:
            code = governed_code(REFUSAL_CODES, event.cameo)
            if code:
                added.append(replace(event, cameo=code, modality=modality_of(governor),
                                     trigger_tokens=_with(event.trigger_tokens, governor.i)))
            continue
        promise = verb.dep_ == "xcomp" and lemma in PROMISE_VERBS and controller is None
        intent = (verb.dep_ == "xcomp" and lemma in INTENT_VERBS and controller is None) \
            or own_will or promise
        code = governed_code(INTENT_CODES, event.cameo) if intent else None
        if code and event.modality != NEGATED:
            # Only the subject says it wants to: "Tokyo wants to hold talks with Beijing" is no
            # intent of Beijing's, though talks would be reciprocal.
            keep = not event.reciprocal or _said_by_subject(event, governor)
            # "says it will withdraw if ...": the intention is conditional.
            modality = HYPOTHETICAL if _is_conditional(verb) else modality_of(governor)
            result[i] = replace(event, cameo=code, modality=modality,
                                trigger_tokens=_with(event.trigger_tokens, governor.i),
                                reciprocal=False) if keep else None
            if promise and keep:  # the promise verb's own generic 030 says less
                for j in governor_events:
                    generic = result[j]
                    if generic is not None and generic.cameo[:2] == "03":
                        result[j] = None
    return [e for e in result if e is not None] + added


def _said_by_subject(event: EventCandidate, governor: Token) -> bool:
    subject = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return True
    lo, hi = subject.left_edge.i, subject.right_edge.i
    return all(lo <= m.head <= hi for m in event.sources)


def _controller(verb: Token, governor: Token, role: str) -> Token | None:
    """Who is asked to act: the governor's object ("asked Obama to help"), or the subject of an
    infinitive the parser hung as a clause ("wants Putin to attack")."""
    if role == "xcomp":
        # "Obama is being pressured by Congress to help Iran": the passive subject is asked.
        return next((c for c in governor.children if c.dep_ in ("dobj", "obj", "nsubjpass")),
                    None)
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _is_conditional(verb: Token) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS
                                         for m in c.children) for c in verb.children)


def _is_to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _has_will(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _WILL for c in verb.children)


def _speaks_of_itself(governor: Token, verb: Token) -> bool:
    """"Israel announced it would free ...": the complement's subject is a pronoun (or the same
    word) for the speaker, not a third party ("Seoul said Pyongyang would launch ...")."""
    speaker = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is None or subject is None:
        return False
    return subject.pos_ == "PRON" or subject.lemma_.lower() == speaker.lemma_.lower()


def _with(tokens: tuple[int, ...], extra: int) -> tuple[int, ...]:
    return tuple(sorted({*tokens, extra}))

