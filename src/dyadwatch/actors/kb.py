"""The built-in actor knowledge base: countries, IGOs/NGOs and sector vocabulary.

Loaded once from the TSV tables in dyadwatch/data (format in data/README.md) and passed around."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from dyadwatch.errors import DataTableError


@dataclass(frozen=True)
class KBEntry:
    """A country, IGO or NGO: what an alias resolves to."""

    id: str  # ISO-3 for countries, the short id (UN, NATO, UNSC ...) for organisations
    name: str
    country: str  # the code an Actor carries: ISO-3, or UNO / EUR / IGO / NGO
    kind: str  # "country" | "igo"
    qid: str | None = None
    sector: str | None = None  # implied sector of an organisation (ICJ -> JUD)


@dataclass(frozen=True)
class Alias:
    text: str
    entry: KBEntry
    form: str  # "name" | "demonym" | "capital" | "org"


@dataclass
class ActorKB:
    aliases: list[Alias] = field(default_factory=list)
    # lower-cased phrase -> (sector code, kind: noun | title | group)
    sectors: dict[str, tuple[str, str]] = field(default_factory=dict)
    entries: dict[str, KBEntry] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ActorKB:
        kb = cls()
        for row in _read_table("countries.tsv"):
            entry = KBEntry(id=row["iso3"], name=row["name"], country=row["iso3"],
                            kind="country", qid=row.get("qid") or None)
            kb._add(entry, [row["name"], *_split(row.get("aliases"))], "name")
            kb._add(entry, _split(row.get("demonyms")), "demonym")
            kb._add(entry, _split(row.get("capitals")), "capital")
        for row in _read_table("igos.tsv"):
            entry = KBEntry(id=row["id"], name=row["name"], country=row["code"], kind="igo",
                            qid=row.get("qid") or None, sector=row.get("sector") or None)
            kb._add(entry, [row["name"], row["id"], *_split(row.get("aliases"))], "org")
        for row in _read_table("sectors.tsv"):
            kb.sectors[row["phrase"].lower()] = (row["sector"], row["kind"])
        return kb

    def _add(self, entry: KBEntry, texts: list[str], form: str) -> None:
        self.entries.setdefault(entry.id, entry)
        seen = {a.text for a in self.aliases if a.entry.id == entry.id}
        for text in texts:
            text = text.strip()
            if text and text not in seen:
                self.aliases.append(Alias(text, entry, form))
                seen.add(text)

    def sector_of(self, phrase: str) -> str | None:
        hit = self.sectors.get(phrase.lower())
        return hit[0] if hit else None


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_table(name: str) -> Iterator[dict[str, str]]:
    try:
        text = resources.files("dyadwatch.data").joinpath(name).read_text("utf-8")
    except FileNotFoundError:
        raise DataTableError(f"built-in table {name} is missing from the package") from None
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise DataTableError(f"{name} line {lineno}: wrong number of columns")
        yield row
