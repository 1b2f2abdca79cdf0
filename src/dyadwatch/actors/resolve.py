"""Resolve a single actor phrase (the `dyadwatch actors resolve` command and its Python API)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from dyadwatch.actors.kb import ActorKB
from dyadwatch.actors.mentions import MentionFinder, MentionSpan
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
        country). `context` (a country or place the story is about) supplies the country when the
        phrase names none."""
        doc = self.nlp(text)
        mentions = self.finder.find(doc, on_date)
        if not mentions:
            actor = Actor(text=text, sector=self._sector_only(text))
        else:
            actor = self._phrase_actor(doc, mentions)
        if actor.country is None and context:
            # "the National Guard" in a story about Saudi Arabia: the context gives the country.
            actor = replace(actor, country=self.resolve(context, on_date).country)
        return actor

    def _phrase_actor(self, doc: Doc, mentions: list[MentionSpan]) -> Actor:
        """The phrase's actor: the mention headed by the phrase's root ("Canadian Ambassador to
        the United Nations" is Canadian), else the mention covering most of the phrase."""
        roots = {t.i for t in doc if t.dep_ == "ROOT"}
        best = max(mentions, key=lambda m: (m.head in roots, m.end - m.start, -m.start))
        actor = best.to_actor(doc)
        # "Muslim leaders in France": the actor is the leaders; the country only locates them.
        sector = actor.sector or self._sector_only(doc.text)
        names_root = any(best.start <= r < best.end for r in roots)
        return Actor(text=doc.text, name=actor.name if names_root else None,
                     id=actor.id if names_root else None, country=actor.country, sector=sector)

    def _sector_only(self, text: str) -> str | None:
        words = text.lower().split()
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                sector = self.finder.kb.sector_of(" ".join(words[i:i + size]))
                if sector:
                    return sector
        return None
