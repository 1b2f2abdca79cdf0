"""Modality of an event verb: did it happen (asserted), not happen (negated), might it happen
(hypothetical), or is it planned or predicted (future)? Read from the dependency parse."""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Token

ASSERTED, NEGATED, HYPOTHETICAL, FUTURE = "asserted", "negated", "hypothetical", "future"

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "'d"}
_CONDITION_MARKS = {"if", "unless", "whether"}
# Governing verbs whose complement has not happened (yet): "plans to visit", "expected to meet".
_FUTURE_GOVERNORS = {
    "plan", "expect", "intend", "aim", "seek", "hope", "want", "prepare", "schedule", "set",
    "predict", "forecast", "anticipate", "agree", "decide", "vow", "pledge", "promise",
    "threaten", "propose", "offer", "consider", "push", "urge", "call", "ask", "demand", "wish",
    "likely", "due", "poised", "going", "try", "attempt", "speculate", "project",
}
_NEGATING_GOVERNORS = {"fail", "refuse", "decline", "deny", "avoid", "halt", "stop", "cancel",
                       "postpone", "reject"}
_CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "acomp", "relcl", "pcomp", "acl"}
# Clauses hanging on a noun that name something not yet done: "a plan to visit", "the way for
# Yoon to visit" (an infinitive without tense under a noun is intended, not reported).
_INFINITIVE_CLAUSES = {"acl", "relcl", "advcl"}


def modality_of(verb: Token) -> str:
    """Precedence: negated > hypothetical > future > asserted."""
    if _is_negated(verb):
        return NEGATED
    chain = list(_governing_chain(verb))
    # "would not give permission to Russia to help Israel": an infinitive under a negated verb
    # did not happen either.
    for child, governor in pairwise(chain):
        if child.dep_ in ("xcomp", "advcl", "acl") and _is_infinitive(child) \
                and _is_negated(governor):
            return NEGATED
    for tok in chain:
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in tok.children):
            return HYPOTHETICAL
    # The consequent of a condition: "If Pyongyang fires ..., Seoul will impose sanctions".
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS
                                     for m in c.children) for c in verb.children):
        return HYPOTHETICAL
    if any(c.lower_ in _HYPOTHETICAL_AUX for c in verb.children if c.dep_ in ("aux", "auxpass")):
        return HYPOTHETICAL
    if any(c.lower_ in _FUTURE_AUX for c in verb.children if c.dep_ in ("aux", "auxpass")):
        return FUTURE
    if _is_going_to(verb):
        return FUTURE
    if any(tok.dep_ in _INFINITIVE_CLAUSES and _is_infinitive(tok) for tok in chain):
        return FUTURE
    for child, governor in pairwise(chain):
        if child.dep_ in ("xcomp", "ccomp") and governor.lemma_.lower() in _FUTURE_GOVERNORS:
            return FUTURE
        if child.dep_ == "xcomp" and governor.lemma_.lower() in _NEGATING_GOVERNORS:
            return NEGATED
    return ASSERTED


def _is_negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    # "did not attend": spaCy attaches "not" to the main verb; "has never met" likewise.
    return any(c.lower_ in {"never", "no longer"} for c in verb.children if c.dep_ == "advmod")


def _is_going_to(verb: Token) -> bool:
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ == "going" and any(
        c.lemma_ == "be" for c in head.children)


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governing_chain(verb: Token) -> list[Token]:
    """The verb, then each clause that governs it, up to the sentence root. A clause that hangs
    on a noun ("the way for Yoon to visit") is governed by the verb that noun belongs to."""
    chain = [verb]
    current = verb
    while current.dep_ in _CLAUSE_LINKS and current.head.i != current.i and len(chain) < 6:
        current = current.head
        for _ in range(4):  # climb out of the noun phrase to its verb
            if current.pos_ in ("VERB", "AUX", "ADJ") or current.head.i == current.i:
                break
            current = current.head
        chain.append(current)
    return chain
