"""Which words of a sentence belong to an event: the date (and place) that modify its verb.

"After talks with Tokyo on Monday, Seoul protested to Beijing on Tuesday": both days are in the
sentence, but only "on Tuesday" hangs on "protested"; "on Monday" hangs on "talks". We measure
the path in the dependency tree from the words' head to the verb: a path through another verb
("Seoul, which had met Tokyo on Monday, protested ...") costs more than any path that stays in the
verb's own clause, and among equals the shorter path, then the nearer words, win."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from spacy.tokens import Span, Token

from dyadwatch.temporal.dates import ResolvedDate, find_dates

# Verbs chained to the event verb share its circumstances: "were killed and wounded in X".
_SHARED_CLAUSE_DEPS = {"conj", "xcomp", "aux", "auxpass"}
_VERBAL = {"VERB", "AUX"}
_FAR = 100


def attachment_cost(head: Token, verb: Token) -> tuple[int, int]:
    """(clauses crossed, path length) from `head` up to `verb`; words that do not hang on the
    verb are reached through the nearest common ancestor and count as crossing a clause.
    (Tokens are compared by index: spaCy makes a new Token object on every access.)"""
    crossed, steps, token = 0, 0, head
    while token.i != verb.i:
        if token.head.i == token.i:  # reached the root without meeting the verb
            return _FAR + _cost_via_ancestor(head, verb)[0], _FAR
        if token.i != head.i and token.pos_ in _VERBAL and not _shares_clause(token):
            crossed += 1
        token = token.head
        steps += 1
    return crossed, steps


def _shares_clause(verb: Token) -> bool:
    """A conjoined verb shares its clause's circumstances unless it has a subject of its own
    ("urged residents ..., and train services in Japan were halted")."""
    if verb.dep_ == "conj":
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    return verb.dep_ in _SHARED_CLAUSE_DEPS


def _cost_via_ancestor(head: Token, verb: Token) -> tuple[int, int]:
    ancestors = {t.i: n for n, t in enumerate([head, *head.ancestors])}
    for n, token in enumerate([verb, *verb.ancestors]):
        if token.i in ancestors:
            return 1, n + ancestors[token.i]
    return 1, _FAR


T = TypeVar("T")


def closest_attached(candidates: Sequence[T], heads: Sequence[Token], verb: Token) -> T | None:
    """The candidate whose head token is best attached to `verb` (see the module docstring)."""
    best: tuple[tuple[int, int, int], T] | None = None
    for candidate, head in zip(candidates, heads):
        crossed, steps = attachment_cost(head, verb)
        key = (crossed, steps, abs(head.i - verb.i))
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1] if best else None


def date_for_verb(sent: Span, verb: Token, pub_date: str | None,
                  future: bool = False) -> ResolvedDate | None:
    """The date expression of `sent` that modifies `verb`, resolved against `pub_date` (forward
    for a future event); offsets in the returned date are relative to the sentence."""
    found = find_dates(sent.text, pub_date, future)
    heads = []
    for f in found:
        span = sent.doc.char_span(sent.start_char + f.start, sent.start_char + f.end,
                                  alignment_mode="expand")
        heads.append(span.root if span is not None and len(span) else verb)
    return closest_attached(found, heads, verb)
