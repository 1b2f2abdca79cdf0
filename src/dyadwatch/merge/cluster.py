"""Incremental clustering of event mentions: each new mention joins the merged event whose
closest member it matches best, or founds a new merged event. Merged events are never split or
joined afterwards, so their ids stay stable across runs (`dyadwatch merge --rebuild` starts over).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

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
    """Mentions already placed, by (participant, CAMEO root, day): the rule only merges mentions
    that share an actor and a root and lie within the day window, so a busy actor's other days
    and other kinds of events are never scanned.
    Undated mentions are filed under day None and meet only each other."""

    def __init__(self, settings: MergeSettings) -> None:
        self.settings = settings
        self._buckets: dict[tuple[str, str, date | None], list[tuple[EventMention, str]]] = \
            defaultdict(list)

    @staticmethod
    def _participants(mention: EventMention) -> frozenset[str]:
        return mention.participants or frozenset({mention.actor_key})

    def add(self, mention: EventMention, merged_id: str) -> None:
        for participant in self._participants(mention):
            self._buckets[(participant, mention.root, mention.day)].append((mention, merged_id))

    def _candidates(self, mention: EventMention) -> dict[str, tuple[EventMention, str]]:
        window = self.settings.window_days
        days: list[date | None] = [None] if mention.day is None else [
            mention.day + timedelta(days=k) for k in range(-window, window + 1)]
        found: dict[str, tuple[EventMention, str]] = {}
        for participant in self._participants(mention):
            for day in days:
                for other, merged_id in self._buckets.get((participant, mention.root, day), ()):
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
