"""Incremental clustering of event mentions: each new mention joins the merged event whose
closest member it matches best, or founds a new merged event. Merged events are never split or
joined afterwards, so their ids stay stable across runs (`dyadwatch merge --rebuild` starts over).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dyadwatch.merge.rules import EventMention, MergeSettings, match

FOUNDER_REASON = "first mention of this event"


@dataclass(frozen=True)
class Assignment:
    """Where one mention went, and why."""

    event_id: str
    merged_id: str
    actor_key: str
    score: float | None  # None for the mention that founded its merged event
    reason: str


def merged_id_for(founder: EventMention) -> str:
    """Merged ids are derived from the founding mention, so a rebuild gives the same ids."""
    return f"m-{founder.event_id}"


class MergeIndex:
    """Mentions already placed, by participant (the rule only merges mentions that share
    actors)."""

    def __init__(self, settings: MergeSettings) -> None:
        self.settings = settings
        self._by_key: dict[str, list[tuple[EventMention, str]]] = defaultdict(list)

    def add(self, mention: EventMention, merged_id: str) -> None:
        for participant in mention.participants or {mention.actor_key}:
            self._by_key[participant].append((mention, merged_id))

    def _candidates(self, mention: EventMention) -> dict[str, tuple[EventMention, str]]:
        found: dict[str, tuple[EventMention, str]] = {}
        for participant in mention.participants or {mention.actor_key}:
            for other, merged_id in self._by_key.get(participant, ()):
                found[other.event_id] = (other, merged_id)
        return found

    def assign(self, mention: EventMention) -> Assignment:
        """Place `mention` and remember it; returns the decision."""
        best: tuple[float, str, str] | None = None  # (score, merged_id, reason)
        for other, merged_id in self._candidates(mention).values():
            found = match(mention, other, self.settings)
            if found and (best is None or found.score > best[0]):
                best = (found.score, merged_id, found.reason)
        if best is None:
            merged_id = merged_id_for(mention)
            result = Assignment(mention.event_id, merged_id, mention.actor_key, None,
                                FOUNDER_REASON)
        else:
            merged_id = best[1]
            result = Assignment(mention.event_id, merged_id, mention.actor_key, best[0], best[2])
        self.add(mention, merged_id)
        return result


def cluster(mentions: Iterable[EventMention], settings: MergeSettings,
            placed: Iterable[tuple[EventMention, str]] = ()) -> list[Assignment]:
    """Assign `mentions` in a fixed order (day, then id) on top of mentions already `placed`
    (mention, merged_id); the same input always gives the same clusters."""
    index = MergeIndex(settings)
    for mention, merged_id in placed:
        index.add(mention, merged_id)
    ordered = sorted(mentions, key=lambda m: (m.day is None, m.day or 0, m.event_id))
    return [index.assign(m) for m in ordered]
