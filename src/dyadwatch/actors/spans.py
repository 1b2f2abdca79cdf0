"""The mention record shared by the mention finder and the coreference rules."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from dyadwatch.actors.kb import KBEntry
from dyadwatch.records import Actor


@dataclass(frozen=True)
class MentionSpan:
    """An actor mention in a spaCy Doc, by token indices."""

    start: int  # noun-phrase start token
    end: int  # noun-phrase end token (exclusive)
    head: int  # head token of the noun phrase
    alias_start: int
    alias_end: int
    entry: KBEntry
    form: str
    sector: str | None
    country: str | None = None  # differs from entry.country for a person in a foreign office
    # The name only modifies a meeting, relation or matter ("the US-Japan relationship", "the G20
    # summit"): a country relations speak of, never an event's actor.
    modifies_matter: bool = False

    def to_actor(self, doc: Doc) -> Actor:
        span = doc[self.start:self.end]
        # "Shanghai police" is not Shanghai; an unlisted actor (actors/generic.py) has no id.
        named = self.entry.kind not in ("country", "city", "generic")
        return Actor(
            text=span.text,
            name=self.entry.name if named or (self.start == self.alias_start
                                              and self.end == self.alias_end
                                              and self.entry.kind != "generic") else None,
            id=self.entry.id if named else None,
            country=(self.country or self.entry.country) or None,
            sector=self.sector,
            start=span.start_char,
            end=span.end_char,
        )
