"""Event candidates of one sentence: every ordered pair of its actor mentions, plus each
mention alone (targetless events such as a missile test or a protest).

Not only the pairs a verb links as subject and object: a nominal event ("Iran's drone strike on
Israel"), a coordination ("A and B held talks") or a frame the lexicon lacks ("gave rifles to
the army of Z") links its actors through other paths, and the learned classifier
(coding/learned.py) decides for each candidate the PLOVER type or no event."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyadwatch.actors.mentions import LOCATIVE_NOUNS, LOCATIVE_PREPOSITIONS
from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.rules import stolen_subject

# A sentence naming more actors than this is a list (of countries at a summit, of victims):
# only its first mentions pair up, which bounds the cost at MAX_MENTIONS squared.
MAX_MENTIONS = 10
_VERBS = {"VERB", "AUX"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class Candidate:
    source: MentionSpan
    target: MentionSpan | None  # None: the source acting with no target


def _overlap(a: MentionSpan, b: MentionSpan) -> bool:
    return a.start < b.end and b.start < a.end


def candidate_pairs(doc: Doc, mentions: list[MentionSpan]) -> list[Candidate]:
    """Ordered pairs of mentions that are different phrases of different actors ("Iran ... it"
    is one actor) in one clause, then each mention alone."""
    kept = sorted((m for m in mentions if not _is_place(doc[m.head])),
                  key=lambda m: (m.start, m.alias_start))[:MAX_MENTIONS]
    pairs = [Candidate(s, t) for s in kept for t in kept
             if s is not t and not _overlap(s, t) and s.entry.id != t.entry.id
             and not _in_other_clauses(doc[s.head], doc[t.head])]
    return pairs + [Candidate(m, None) for m in kept]


def _is_place(head: Token) -> bool:
    """"talks in Beijing", "attacks near Kabul", "on the sidelines of the G20": where the event
    happened, neither party to it."""
    if head.lemma_.lower() in LOCATIVE_NOUNS or head.dep_ == "pobj" \
            and head.head.lower_ == "of" and head.head.head.lemma_.lower() in LOCATIVE_NOUNS:
        return True
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS \
        and head.pos_ == "PROPN"


def _in_other_clauses(source: Token, target: Token) -> bool:
    """"North Korea fired a missile, and Yoon called Kishida": a coordinated clause is an event
    of its own, and the subject of a clause below the one that links the pair acts in it
    ("Seoul said Pyongyang fired"): neither is the other actor's target."""
    target_line = {t.i for t in (target, *target.ancestors)}
    top = next((t for t in (source, *source.ancestors) if t.i in target_line), None)
    if top is None:
        return True  # two sentences' worth of tree: no link at all
    for end in (source, target):
        token = end
        while token.i != top.i:
            if token.dep_ == "conj" and (token.pos_ in _VERBS or stolen_subject(token)):
                return True
            token = token.head
    below = target.head
    return target.dep_ in _SUBJECTS and below.i != top.i
