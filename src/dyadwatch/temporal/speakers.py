"""Speakers of transcript quotes ("[Name / Title : ...]") resolved with the actor API.

The name is resolved first (a known person gives name, id, country and sector); what it leaves
open, the title fills ("North Korean foreign ministry spokesperson" gives PRK and GOV). The name
alone never invents a country: an unknown person with an unknown title stays unresolved."""

from __future__ import annotations

from dyadwatch.actors.resolve import ActorResolver
from dyadwatch.records import Actor


def resolve_speaker(resolver: ActorResolver, name: str, title: str | None,
                    on_date: str | None) -> Actor:
    by_name = resolver.resolve(name, on_date)
    if not title or (by_name.country and by_name.sector):
        return by_name
    by_title = resolver.resolve(title, on_date)
    if by_name.country and by_title.country not in (None, by_name.country):
        by_title = Actor(text=title, sector=by_title.sector)  # "Kishida / Korean press": no
    return Actor(text=name, name=by_name.name, id=by_name.id,
                 country=by_name.country or by_title.country,
                 sector=by_name.sector or by_title.sector)
