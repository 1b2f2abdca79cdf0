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

from spacy.tokens import Doc, Span, Token

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
                "law", "laws", "bill", "bills", "decision", "decisions", "plan", "plans",
                # equipment is used by actors, not one: "received tanks from Poland"
                "tank", "tanks", "warship", "warships", "ship", "ships", "vessel", "vessels",
                "jet", "jets", "aircraft", "plane", "planes", "drone", "drones", "missile",
                "missiles", "submarine", "submarines", "carrier", "carriers", "helicopter",
                "helicopters", "weapon", "weapons", "rifle", "rifles", "artillery"}


# Nouns for a body of people that take their sector from a modifier ("the rebel group", "a
# police contingent", "an army convoy", "army personnel", "rebel positions"). Any other common noun that a sector
# word merely modifies names a thing or a matter ("the intelligence information", "a police
# helicopter", "the military budget"), not an actor.
_COLLECTIVE_HEADS = {"group", "groups", "faction", "factions", "contingent", "contingents",
                     "coalition", "coalitions", "convoy", "convoys", "unit", "units", "team",
                     "teams", "wing", "cell", "cells", "column", "columns", "patrol", "patrols",
                     "squad", "squads", "brigade", "brigades", "battalion", "battalions",
                     "division", "force", "forces", "member", "members", "personnel", "staff",
                     "men", "women", "agent", "agents", "representative", "representatives",
                     "chief", "chiefs", "head", "heads", "supporters", "loyalists", "ranks",
                     "movement", "network", "organisation", "organization", "body", "bodies",
                     "command", "leadership", "spokeswoman", "spokesperson", "guard", "guards",
                     "delegation", "delegations", "militia", "militias", "outfit", "outfits",
                     "gang", "gangs", "cartel", "cartels",
                     # where a group is attacked stands for it: "shelled rebel positions"
                     "position", "positions", "stronghold", "strongholds", "hideout",
                     "hideouts", "target", "targets"}


def _names_a_body(head: Token, start: int, sector_at: dict[int, tuple[int, int, str]]) -> bool:
    """The head is the sector word, a body of people, or a name ("Governor | Pete Wilson")."""
    return head.i in sector_at or head.lower_ in _COLLECTIVE_HEADS or head.pos_ == "PROPN" \
        or _names_someone(head)


def generic_mentions(doc: Doc, taken: set[int], sector_spans: list[tuple[int, int, str]],
                     listed: list[MentionSpan] | None = None) -> list[MentionSpan]:
    """Mentions of unlisted actors in `doc`, outside the tokens `taken` by the `listed` ones.
    A country named in the phrase's "in"/"of"/"from" modifier is theirs ("a court in Peru", "the
    army of Zambia"); the phrase then runs through it."""
    countries = {m.head: m for m in listed or () if (m.country or m.entry.country)
                 and m.entry.kind in _PLACE_KINDS}
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
        if any(i in taken for i in range(start, end)) or _refers_back(doc[start:end]):
            continue
        sector = _sector(token, start, end, sector_at)
        if sector is None and not _names_someone(token) or token.lower_ in _THING_HEADS \
                or sector is not None and not _names_a_body(token, start, sector_at):
            continue
        seat = _seat(token, countries)
        country = None
        if seat is not None:
            country = seat.country or seat.entry.country
            end = max(end, seat.end)
        text = doc[start:end].text
        entry = KBEntry(id=f"{GENERIC_KIND}:{text.lower()}", name=text, country="",
                        kind=GENERIC_KIND, sector=sector)
        found.append(MentionSpan(start, end, token.i, start, end, entry, GENERIC_KIND, sector,
                                 country))
    return found


_PLACE_KINDS = {"country", "city"}
_SEAT_PREPOSITIONS = {"in", "of", "from"}


def _seat(head: Token, countries: dict[int, MentionSpan]) -> MentionSpan | None:
    """The listed country or city named by a preposition right on the head."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _SEAT_PREPOSITIONS:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i in countries:
                    return countries[obj.i]
    return None


# "the leaders (of the three countries)", "the sides": plurals that refer back to the actors
# just named; the coreference rules resolve them when they can ("the two leaders"), and a new
# unlisted actor they are not.
_REFERRING_PLURALS = {"leaders", "countries", "sides", "nations", "governments", "presidents",
                      "premiers", "delegations", "neighbors", "neighbours", "allies",
                      "counterparts"}


def _refers_back(phrase: Span) -> bool:
    """"the leaders", "the two sides", "both countries"; not "the militia leaders", whose
    modifier says who they are."""
    return phrase[-1].lower_ in _REFERRING_PLURALS and len(phrase) <= 3 \
        and phrase[0].lower_ in ("the", "both", "all") \
        and all(t.pos_ in ("DET", "NUM") or t.lower_ in ("both", "all") for t in phrase[:-1])


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


# Sectors of political and security actors. The lexicon's rules, written for states and their
# organs, misread the acts of investors, families or schools ("many investors asked for their
# money back" is no appeal); unlisted actors of other sectors go to the learned coder alone.
POLITICAL_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PTY", "OPP", "REB", "UAF", "PRM",
                     "CRM", "ELI", "NGO"}


def rule_actor(mention: MentionSpan) -> bool:
    """Listed actors and political groups named by a sector word: the actors the lexicon's
    rules code. An unresolved pronoun, a name without a sector word or a group of another sector
    is left to the learned coder (on our dev news the rules were right 3 times in 31 with
    them)."""
    return mention.entry.kind != GENERIC_KIND or mention.sector in POLITICAL_SECTORS
