"""Users' own actors: a CSV in our format, or a PETRARCH/Phoenix `.actors.txt` dictionary.

Both become `UserActor`s that `ActorKB.add_user_actors` puts over the built-in tables: a user alias
that is also a built-in alias replaces it, so a file can correct us as well as extend us.

CSV format (UTF-8, header required; one row per actor, or one row per period of an actor that
changes role -- rows with the same `id` are one actor)::

    id,name,country,sector,aliases,start,end,kind
    p:jane-doe,Jane Doe,KOR,GOV,Jane Doe|Doe|제인 도,2024-01-01,,person
    org:acme,ACME Corp,USA,BUS,ACME|ACME Corp,,,institution

Only `name` is required; `aliases` are separated by `|` (the name is always an alias); `start`/`end`
are ISO dates bounding the row's country and sector; `kind` is `person` or `institution`.

PETRARCH format: a primary phrase line (words joined by `_`, an optional default `[CODE]`), `+`
synonym lines, and indented `[CODE restriction]` lines where the restriction is `<date`, `>date`,
`date-date` or nothing, dates as YYMMDD or YYYYMMDD; `;` and `#` start comments. A CODE is a country
code followed by an optional sector code (`USAGOV`, `KORMIL`, `IGOUNO`). PETRARCH dictionaries are
upper case, so their phrases match regardless of case.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import DyadwatchError


class ActorFileError(DyadwatchError):
    """An actor file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class UserPeriod:
    country: str | None
    sector: str | None
    start: str  # ISO date; "0001-01-01" = since ever
    end: str | None  # None = open


@dataclass
class UserActor:
    id: str
    name: str
    kind: str  # "person" | "institution"
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # default when no period applies
    sector: str | None = None
    periods: list[UserPeriod] = field(default_factory=list)
    case_insensitive: bool = False
    source: str = ""  # "file:line", for `actors show`


_CSV_COLUMNS = ("id", "name", "country", "sector", "aliases", "start", "end", "kind")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EVER = "0001-01-01"


def load_actor_file(path: str | Path) -> list[UserActor]:
    """Read a user actor file; CSV by extension `.csv`, PETRARCH dictionary otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActorFileError(f"{path}: actor file not found") from None
    except UnicodeDecodeError as exc:
        raise ActorFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") \
            from None
    if path.suffix.lower() == ".csv":
        return _read_csv(path, text)
    return _read_petrarch(path, text)


# -- CSV -------------------------------------------------------------------------------------------

def _read_csv(path: Path, text: str) -> list[UserActor]:
    reader = csv.DictReader(text.splitlines())
    missing = {"name"} - set(reader.fieldnames or ())
    if missing:
        raise ActorFileError(f"{path}: the header must name the columns {', '.join(_CSV_COLUMNS)}"
                             f" (at least 'name'); found {reader.fieldnames}")
    actors: dict[str, UserActor] = {}
    for lineno, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not row.get("name"):
            raise ActorFileError(f"{path} line {lineno}: 'name' is empty")
        for column in ("start", "end"):
            if row.get(column) and not _ISO.match(row[column]):
                raise ActorFileError(f"{path} line {lineno}: {column} {row[column]!r} is not a "
                                     "YYYY-MM-DD date")
        kind = row.get("kind") or "institution"
        if kind not in ("person", "institution"):
            raise ActorFileError(f"{path} line {lineno}: kind must be 'person' or "
                                 f"'institution', not {kind!r}")
        actor_id = row.get("id") or f"user:{row['name']}"
        actor = actors.get(actor_id)
        if actor is None:
            actor = actors[actor_id] = UserActor(actor_id, row["name"], kind,
                                                 source=f"{path}:{lineno}")
        actor.aliases.extend(a.strip() for a in [row["name"], *row.get("aliases", "").split("|")]
                             if a.strip() and a.strip() not in actor.aliases)
        country, sector = row.get("country") or None, row.get("sector") or None
        if row.get("start") or row.get("end"):
            actor.periods.append(UserPeriod(country, sector, row.get("start") or _EVER,
                                            row.get("end") or None))
        else:
            actor.country, actor.sector = country or actor.country, sector or actor.sector
    return list(actors.values())


# -- PETRARCH / Phoenix ----------------------------------------------------------------------------

_CODE = re.compile(r"\[([^\]\s]*)\s*([^\]]*)\]")


def _read_petrarch(path: Path, text: str) -> list[UserActor]:
    actors: list[UserActor] = []
    current: UserActor | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = re.split(r"[;#]", raw, maxsplit=1)[0].rstrip()
        if not line.strip() or raw.lstrip().startswith("<!"):
            continue
        stripped = line.strip()
        if stripped.startswith("[") and raw[:1] in (" ", "\t"):
            if current is None:
                raise ActorFileError(f"{path} line {lineno}: a date restriction before any actor")
            period = _period(path, lineno, stripped)
            if period.start == _EVER and period.end is None:  # "[CODE]": the default code
                current.country, current.sector = period.country, period.sector
            else:
                current.periods.append(period)
        elif stripped.startswith("+"):
            if current is None:
                raise ActorFileError(f"{path} line {lineno}: a synonym before any actor")
            current.aliases.append(_phrase(stripped[1:]))
        else:
            phrase, _, rest = stripped.partition("[")
            name = _phrase(phrase)
            if not name:
                raise ActorFileError(f"{path} line {lineno}: no actor phrase in {raw!r}")
            current = UserActor(f"petrarch:{phrase.strip().strip('_')}", name.title(),
                                "institution", [name], case_insensitive=True,
                                source=f"{path}:{lineno}")
            if rest:
                current.country, current.sector = _split_code(rest.split("]")[0].strip())
            actors.append(current)
    for actor in actors:
        actor.kind = "person" if any(p.sector == "ELI" for p in actor.periods) \
            or len(actor.periods) > 1 else actor.kind
        if actor.country is None and actor.periods:
            actor.country = actor.periods[-1].country
    return actors


def _phrase(text: str) -> str:
    return " ".join(w for w in re.split(r"[_\s]+", text.strip()) if w)


def _split_code(code: str) -> tuple[str | None, str | None]:
    code = code.strip().upper()
    if not code:
        return None, None
    if code.startswith("NGO"):  # non-governmental: no country, sector NGO
        return None, "NGO"
    return code[:3], (code[3:6] or None)


def _period(path: Path, lineno: int, text: str) -> UserPeriod:
    match = _CODE.match(text)
    if match is None:
        raise ActorFileError(f"{path} line {lineno}: expected [CODE restriction], got {text!r}")
    country, sector = _split_code(match.group(1))
    restriction = match.group(2).strip()
    try:
        if not restriction:
            return UserPeriod(country, sector, _EVER, None)
        if restriction.startswith("<"):
            return UserPeriod(country, sector, _EVER, _iso(restriction[1:]))
        if restriction.startswith(">"):
            return UserPeriod(country, sector, _iso(restriction[1:]), None)
        first, _, last = restriction.partition("-")
        return UserPeriod(country, sector, _iso(first), _iso(last) if last else None)
    except ValueError as exc:
        raise ActorFileError(f"{path} line {lineno}: {exc}") from None


def _iso(date: str) -> str:
    """YYMMDD or YYYYMMDD -> YYYY-MM-DD; two-digit years below 50 are 20xx (PETRARCH's usage)."""
    date = date.strip()
    if not date.isdigit() or len(date) not in (6, 8):
        raise ValueError(f"date {date!r} is not YYMMDD or YYYYMMDD")
    if len(date) == 6:
        year = int(date[:2])
        date = f"{2000 + year if year < 50 else 1900 + year}{date[2:]}"
    return f"{date[:4]}-{date[4:6]}-{date[6:]}"
