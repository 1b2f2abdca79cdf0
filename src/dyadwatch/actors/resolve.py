"""Resolve a single actor phrase (the `dyadwatch actors resolve` command and its Python API)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from dyadwatch.actors.kb import ActorKB
from dyadwatch.actors.mentions import MentionFinder
from dyadwatch.config import Settings
from dyadwatch.nlp import load_nlp
from dyadwatch.records import Actor


@dataclass
class ActorResolver:
    nlp: Language
    finder: MentionFinder

    @classmethod
    def create(cls, settings: Settings | None = None) -> ActorResolver:
        nlp = load_nlp((settings or Settings()).models)
        return cls(nlp, MentionFinder(nlp, ActorKB.load()))

    def resolve(self, text: str, on_date: str | None = None,
                context: str | None = None) -> Actor:
        """The phrase's actor as of `on_date`; unknown parts stay null (never a guessed
        country). `context` is accepted for the coreference rules of issue #3."""
        doc = self.nlp(text)
        mentions = self.finder.find(doc, on_date)
        if not mentions:
            sector = self._sector_only(text)
            return Actor(text=text, sector=sector)
        # The mention covering most of the phrase is the phrase's actor.
        best = max(mentions, key=lambda m: (m.end - m.start, -m.start))
        actor = best.to_actor(doc)
        return Actor(text=text, name=actor.name, id=actor.id, country=actor.country,
                     sector=actor.sector)

    def _sector_only(self, text: str) -> str | None:
        words = text.lower().split()
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                sector = self.finder.kb.sector_of(" ".join(words[i:i + size]))
                if sector:
                    return sector
        return None
