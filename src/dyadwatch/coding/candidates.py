"""Event candidates of one sentence: every ordered pair of its actor mentions, plus each
mention alone (targetless events such as a missile test or a protest).

Not only the pairs a verb links as subject and object: a nominal event ("Iran's drone strike on
Israel"), a coordination ("A and B held talks") or a frame the lexicon lacks ("gave rifles to
the army of Z") links its actors through other paths, and the learned classifier
(coding/learned.py) decides for each candidate the PLOVER type or no event."""

from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.actors.spans import MentionSpan

# A sentence naming more actors than this is a list (of countries at a summit, of victims):
# only its first mentions pair up, which bounds the cost at MAX_MENTIONS squared.
MAX_MENTIONS = 10


@dataclass(frozen=True)
class Candidate:
    source: MentionSpan
    target: MentionSpan | None  # None: the source acting with no target


def _overlap(a: MentionSpan, b: MentionSpan) -> bool:
    return a.start < b.end and b.start < a.end


def candidate_pairs(mentions: list[MentionSpan]) -> list[Candidate]:
    """Ordered pairs of mentions that are different phrases of different actors ("Iran ... it"
    is one actor), then each mention alone."""
    kept = sorted(mentions, key=lambda m: (m.start, m.alias_start))[:MAX_MENTIONS]
    pairs = [Candidate(s, t) for s in kept for t in kept
             if s is not t and not _overlap(s, t) and s.entry.id != t.entry.id]
    return pairs + [Candidate(m, None) for m in kept]
