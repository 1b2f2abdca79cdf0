"""Resolve a single actor phrase (the `dyadwatch actors resolve` command and its Python API)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from dyadwatch.actors.generic import GENERIC_KIND
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
        settings = settings or Settings()
        nlp = load_nlp(settings.models)
        return cls(nlp, MentionFinder(nlp, ActorKB.load(settings.actor_files)))

    def resolve(self, text: str, on_date: str | None = None,
                context: str | None = None) -> Actor:
        """The phrase's actor as of `on_date`; unknown parts stay null (never a guessed
        country). `context` (a country or place the story is about) supplies the country when the
        phrase names none."""
        doc = self.nlp(text)
        # Listed actors only: an unlisted one is the phrase with its sector, as below.
        mentions = [m for m in self.finder.find(doc, on_date) if m.entry.kind != GENERIC_KIND]
        if not mentions:
            actor = Actor(text=text, sector=self.finder.phrase_sector(doc))
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
        sector = actor.sector or self.finder.phrase_sector(doc)
        names_root = any(best.start <= r < best.end for r in roots)
        return Actor(text=doc.text, name=actor.name if names_root else None,
                     id=actor.id if names_root else None, country=actor.country, sector=sector)


@dataclass(frozen=True)
class Explanation:
    """How a phrase was resolved: the actor and the steps, each naming its rule and table row."""

    actor: Actor
    steps: tuple[str, ...]


def explain(resolver: ActorResolver, text: str, on_date: str | None = None,
            context: str | None = None) -> Explanation:
    """The answer of `resolver.resolve` with the evidence behind it (`dyadwatch actors show`)."""
    actor = resolver.resolve(text, on_date, context)
    doc = resolver.nlp(text)
    kb = resolver.finder.kb
    mentions = resolver.finder.find(doc, on_date)
    steps: list[str] = []
    shared: dict[str, set[str]] = {}
    for a in kb.aliases:
        if a.form == "person" and a.text in text:
            shared.setdefault(a.text, set()).add(a.entry.id)
    for alias_text, ids in sorted(shared.items()):
        if len(ids) > 1:
            steps.append(f"alias '{alias_text}' names {len(ids)} people ({', '.join(sorted(ids))})"
                         ": the one in office on the date is chosen, else none")
    if not mentions:
        steps.append("no alias of the knowledge base occurs in the phrase")
        if actor.sector:
            steps.append(f"sector {actor.sector}: a sector word in the phrase (sectors.tsv)")
    roots = {t.i for t in doc if t.dep_ == "ROOT"}
    for m in sorted(mentions, key=lambda m: (m.head not in roots, m.start)):
        alias = doc[m.alias_start:m.alias_end].text
        entry = m.entry
        steps.append(f"'{doc[m.start:m.end].text}': alias '{alias}' ({m.form}) -> {entry.kind} "
                     f"{entry.id} '{entry.name}', country {entry.country or '-'}"
                     f" [{entry.source or 'built-in'}]")
        if m.form == "reference":
            steps.append("  a reference resolved inside the document (coreference rules)")
        elif not any(a.text.lower() == alias.lower() and a.entry.id == entry.id
                     for a in kb.aliases):  # upper-case datelines match any case
            steps.append(f"  '{alias}' is not in the tables: a name of '{entry.name}' with two "
                         "neighbouring letters swapped (misspelling rule)")
        words = [s for s in resolver.finder.sector_spans(doc) if m.start <= s[0] and s[1] <= m.end]
        for s, e, sector in words:
            steps.append(f"  sector word '{doc[s:e].text}' -> {sector} (sectors.tsv)")
        if entry.kind in ("person", "institution"):
            standing, role = kb.standing(entry, on_date)
            if role is not None:
                when = f"{role.start} to {role.end or 'today'}"
                verb = "held" if standing == "ELI" else "holds"
                steps.append(f"  on {on_date or 'the latest date'}: {verb} {role.title or role.role}"
                             f" {role.country} ({when}) -> {standing} [{role.source}]")
                if standing == "ELI":
                    steps.append("  out of office after holding one: ELI, as POLECAT codes "
                                 "former office holders")
        if m.sector == "ELI" and any(t.lower_ in ("former", "ex", "late") for t in doc):
            steps.append("  'former' before the title -> ELI")
    if context and actor.country and not any(m.country or m.entry.country for m in mentions):
        steps.append(f"country {actor.country} from the context '{context}'")
    steps.append(f"result: country {actor.country or 'null'}, sector {actor.sector or 'null'}"
                 + (f", {actor.id} '{actor.name}'" if actor.id else ""))
    return Explanation(actor, tuple(steps))
