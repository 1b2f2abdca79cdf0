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
        self._fresh: set[str] = set()  # merged events founded in this call
        self._parent: dict[str, str] = {}  # fresh merged event -> the one it was linked to
        self.links: dict[str, tuple[str, str]] = {}  # linked id -> (bridging event, reason)

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

    def find(self, merged_id: str) -> str:
        """The merged event `merged_id` now belongs to (events founded in this call may have
        been linked since)."""
        while merged_id in self._parent:
            merged_id = self._parent[merged_id]
        return merged_id

    def assign(self, mention: EventMention) -> Assignment:
        """Place `mention` and remember it; returns the decision. When it matches several
        merged events founded in this call, they become one (single link, independent of the
        order); merged events of earlier runs are never joined together, so their ids stay."""
        best: dict[str, tuple[float, str]] = {}  # merged_id -> (score, reason) of best member
        for other, merged_id in self._candidates(mention).values():
            found = match(mention, other, self.settings)
            target = self.find(merged_id)
            if found and (target not in best or found.score > best[target][0]):
                best[target] = (found.score, found.reason)
        if not best:
            merged_id = merged_id_for(mention)
            self._fresh.add(merged_id)
            self.add(mention, merged_id)
            return Assignment(mention.event_id, merged_id, mention.actor_key, None,
                              FOUNDER_REASON)
        old = [m for m in best if m not in self._fresh]
        merged_id = max(old or best, key=lambda m: (best[m][0], m))
        for other_id in best:
            if other_id != merged_id and other_id in self._fresh:
                self._parent[other_id] = merged_id
                self.links[other_id] = (mention.event_id, best[other_id][1])
        self.add(mention, merged_id)
        score, reason = best[merged_id]
        return Assignment(mention.event_id, merged_id, mention.actor_key, score, reason)


def cluster(mentions: Iterable[EventMention], settings: MergeSettings,
            placed: Iterable[tuple[EventMention, str]] = ()) -> list[Assignment]:
    """Assign `mentions` in a fixed order (day, then id) on top of mentions already `placed`
    (mention, merged_id); the same input always gives the same clusters."""
    index = MergeIndex(settings)
    for mention, merged_id in placed:
        index.add(mention, merged_id)
    ordered = sorted(mentions, key=lambda m: (m.day is None, m.day or 0, m.event_id))
    assignments = [index.assign(m) for m in ordered]
    return [_resolved(index, a) for a in assignments]  # links made later apply to earlier ones


def _resolved(index: MergeIndex, a: Assignment) -> Assignment:
    """`a` with its final merged id; a founder whose event was linked to another says how."""
    final = index.find(a.merged_id)
    if final == a.merged_id:
        return a
    reason = a.reason
    if a.score is None:
        bridge, bridge_reason = index.links[a.merged_id]
        reason = (f"first mention of {a.merged_id}, linked to {final} by {bridge}, which "
                  f"matches both ({bridge_reason})")
    return Assignment(a.event_id, final, a.actor_key, a.score, reason)
