"""Actors the knowledge base does not list: people named once ("Governor Pete Wilson"), groups
("Hutu rebels", "Maoist insurgents", "the opposition", "the authorities", "government forces"),
organisations and peoples the parser's entity recogniser marks.

A noun phrase is such an actor when its head noun is a sector word of data/sectors.tsv
("rebels", "police", "lawmakers", a title such as "governor"), or a person, organisation or
people (spaCy PERSON / ORG / NORP) that no knowledge-base alias covered. Places (GPE, LOC, FAC)
are never generic actors: an unknown place name is a location, not a government. The mention
carries no country (the knowledge base gives countries; a demonym or country name inside the
phrase would have made it a knowledge-base mention) and the sector its words give."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyadwatch.actors.kb import KBEntry
from dyadwatch.actors.spans import MentionSpan

GENERIC_KIND = "generic"
_ENTITY_TYPES = {"PERSON", "ORG", "NORP"}
# Proper names that are not people or groups: places, dates, amounts, works, products, events.
_NOT_ACTOR_ENTITIES = {"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                       "CARDINAL", "ORDINAL", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW",
                       "LANGUAGE"}
# Personal pronouns the coreference rules left unresolved: an actor of unknown country ("he
# accused the government"), better than a lost event.
PRONOUNS = {"he", "she", "they", "we", "i", "him", "her", "them", "us"}
_NOUNS = {"NOUN", "PROPN"}
# Heads that a sector word may modify without naming an actor ("police station", "army base").
_THING_HEADS = {"station", "stations", "base", "bases", "headquarters", "building", "car", "cars",
                "vehicle", "vehicles", "uniform", "uniforms", "budget", "budgets", "spending",
                "source", "sources", "record", "records", "report", "reports", "statement",
                "statements", "website", "office", "offices", "job", "jobs", "post", "posts",
                "seat", "seats", "election", "elections", "vote", "votes", "policy", "policies",
                "law", "laws", "bill", "bills", "decision", "decisions", "plan", "plans"}


def generic_mentions(doc: Doc, taken: set[int], sector_spans: list[tuple[int, int, str]]
                     ) -> list[MentionSpan]:
    """Mentions of unlisted actors in `doc`, outside the tokens `taken` by listed ones."""
    sector_at: dict[int, tuple[int, int, str]] = {}
    for span in sector_spans:
        for i in range(span[0], span[1]):
            sector_at[i] = span
    found = []
    for token in doc:
        if token.i in taken:
            continue
        if token.lower_ in PRONOUNS and token.pos_ == "PRON":
            entry = KBEntry(id=f"{GENERIC_KIND}:{token.lower_}", name=token.text, country="",
                            kind=GENERIC_KIND)
            found.append(MentionSpan(token.i, token.i + 1, token.i, token.i, token.i + 1, entry,
                                     GENERIC_KIND, None))
            continue
        if token.pos_ not in _NOUNS or not _is_phrase_head(token):
            continue
        start, end = _bounds(token)
        if any(i in taken for i in range(start, end)):
            continue
        sector = _sector(token, start, end, sector_at)
        if sector is None and not _names_someone(token) or token.lower_ in _THING_HEADS:
            continue
        text = doc[start:end].text
        entry = KBEntry(id=f"{GENERIC_KIND}:{text.lower()}", name=text, country="",
                        kind=GENERIC_KIND, sector=sector)
        found.append(MentionSpan(start, end, token.i, start, end, entry, GENERIC_KIND, sector))
    return found


def _names_someone(token: Token) -> bool:
    """A person, organisation or people by the entity recogniser, or a proper name that it
    does not call a place, date, amount or work ("Duvalier", "Al Shabaab")."""
    if token.ent_type_ in _ENTITY_TYPES:
        return True
    return token.pos_ == "PROPN" and token.ent_type_ not in _NOT_ACTOR_ENTITIES \
        and token.is_title or token.is_upper and len(token) > 2 and token.pos_ == "PROPN" \
        and token.ent_type_ not in _NOT_ACTOR_ENTITIES


def _is_phrase_head(token: Token) -> bool:
    """The last noun of its phrase: not a compound or name part of a later noun."""
    return not (token.dep_ in ("compound", "flat") and token.head.i > token.i
                and token.head.pos_ in _NOUNS)


def _bounds(head: Token) -> tuple[int, int]:
    """The phrase from its first modifier to its head, without coordination, clauses or
    trailing prepositional phrases ("the leaders | of the two sides")."""
    left = [c for c in head.lefts if c.dep_ not in ("cc", "conj", "punct", "preconj", "relcl")]
    start = min([head.i] + [c.left_edge.i for c in left])
    while start < head.i and (head.doc[start].is_punct or head.doc[start].pos_ == "CCONJ"):
        start += 1
    return start, head.i + 1


def _sector(head: Token, start: int, end: int,
            sector_at: dict[int, tuple[int, int, str]]) -> str | None:
    """The sector word at the head, else the last sector word inside the phrase (a title:
    "Governor | Pete Wilson")."""
    if head.i in sector_at:
        return sector_at[head.i][2]
    inside = [sector_at[i] for i in range(start, end) if i in sector_at]
    return inside[-1][2] if inside else None


def rule_actor(mention: MentionSpan) -> bool:
    """Listed actors and groups named by a sector word: the actors the lexicon's rules code.
    An unresolved pronoun or a name without a sector word is left to the learned coder."""
    return mention.entry.kind != GENERIC_KIND or mention.sector is not None
