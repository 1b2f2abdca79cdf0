"""Commands over a stored database (issue 9): `merge`, `events explain`, `export`, `sql`.
Registered on the main group by cli/main.py."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click


def _existing_db(db: str) -> str:
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}; create one with: dyadwatch run ... "
                                   f"--db {db}")
    return db


def known_party(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A country code (KOR) or country-sector (KOR-GOV) some actor can have; suggestions
    otherwise (shared by `dyads` and `events list`)."""
    from dyadwatch.analytics.dyads import DyadError, Party

    if value is None:
        return None
    try:
        return str(Party.parse_known(value))
    except DyadError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--rebuild", is_flag=True,
              help="Forget earlier merges and merge every stored event again (new merged ids "
                   "may differ where later documents would have bridged two events).")
def merge(db: str, rebuild: bool) -> None:
    """Merge event mentions into real-world events (`dyadwatch run` does this itself).

    \b
    Example:
      dyadwatch merge --db events.duckdb
      dyadwatch merge --db events.duckdb --rebuild
    """
    from dyadwatch.merge import merge_events
    from dyadwatch.store import Store

    with Store(_existing_db(db)) as store:
        stats = merge_events(store.con, rebuild=rebuild)
    click.echo(f"{stats.new_mentions} event rows merged ({stats.joined} joined an event "
               f"reported elsewhere); {stats.merged_events} distinct events in {db}")


@click.group()
def events() -> None:
    """Merged events: how mentions were grouped.

    \b
    Example:
      dyadwatch events list --db events.duckdb --source KOR --target JPN --from 2024-02
      dyadwatch events explain m-0418b63ec5b81041-0 --db events.duckdb
    """


def _party_option(name: str, help_text: str) -> Any:
    return click.option(name, default=None, callback=known_party, help=help_text)


@events.command("list")
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@_party_option("--source", "Source country (KOR) or country-sector (KOR-GOV).")
@_party_option("--target", "Target country or country-sector.")
@_party_option("--country", "Either side's country.")
@click.option("--both-directions", is_flag=True, help="Also list target -> source.")
@click.option("--cameo", default=None, help="CAMEO code prefix: 19 is every fight, 042 visits.")
@click.option("--plover", default=None, help="PLOVER type, e.g. ASSAULT, CONSULT.")
@click.option("--modality", default="asserted", show_default=True,
              type=click.Choice(["asserted", "negated", "future", "hypothetical", "all"]),
              help="Which events: those that happened (asserted), or others.")
@click.option("--from", "date_from", default=None, metavar="DATE",
              help="First event date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, metavar="DATE",
              help="Last event date, inclusive at its precision (2024-02 is all February).")
@click.option("--outlet", default=None, help="Only events reported by this outlet.")
@click.option("--q", default=None, help="Words in the sentence or the title.")
@click.option("--order", type=click.Choice(["newest", "oldest", "goldstein"]), default="newest",
              show_default=True, help="Sort order (goldstein: most conflictual first).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event.")
def events_list(db: str, limit: int, offset: int, order: str, as_json: bool,
                **filters: Any) -> None:
    """List stored events (one row per sentence coded), with the same filters as the API's
    GET /api/events; each id works with `events explain`.

    \b
    Example:
      dyadwatch events list --db events.duckdb --source PRK --cameo 15 --limit 5
      dyadwatch events list --db events.duckdb --country KOR --from 2024-02 --json
    """
    import duckdb

    from dyadwatch.store.queries import EventFilter, list_events

    if filters["modality"] == "all":
        filters["modality"] = None
    if filters["plover"]:
        filters["plover"] = filters["plover"].upper()
    con = duckdb.connect(_existing_db(db), read_only=True)
    try:
        page = list_events(con, EventFilter.from_mapping(filters), limit, offset, order)
    finally:
        con.close()
    if as_json:
        for item in page.items:
            click.echo(json.dumps(item, default=_jsonable, ensure_ascii=False))
    else:
        _print_events(page.items)
    click.echo(f"{len(page.items)} of {page.total} events"
               + (f" (from {offset + 1}; --offset {offset + limit} for more)"
                  if page.total > offset + len(page.items) else ""), err=True)


def _side(actors: list[dict[str, Any]]) -> str:
    return "+".join(a["country"] or a["name"] or a["text"] for a in actors) or "-"


def _print_events(items: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in ("event", "date", "source", "target", "cameo", "type", "modality", "evidence"):
        table.add_column(name, overflow="fold")
    for e in items:
        table.add_row(e["event_id"], str(e["event_date"] or ""), _side(e["source"]),
                      _side(e["target"]), e["cameo"], e["plover_type"] or "", e["modality"],
                      " ".join((e["evidence"] or "").split()))
    Console(width=160).print(table)


@events.command("explain")
@click.argument("event")
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def events_explain(event: str, db: str, as_json: bool) -> None:
    """Show a merged event (EVENT is its merged id or any event_id in it): its counts, best
    evidence and every mention with the reason it was merged.

    \b
    Example:
      dyadwatch events explain 0418b63ec5b81041-1 --db events.duckdb
    """
    import duckdb

    from dyadwatch.merge.explain import explain_merged

    con = duckdb.connect(_existing_db(db), read_only=True)
    try:
        found = explain_merged(con, event)
    except duckdb.CatalogException:
        raise click.ClickException(f"{db} has no merged events yet; run: dyadwatch merge "
                                   f"--db {db}") from None
    finally:
        con.close()
    if found is None:
        raise click.ClickException(f"no event {event!r} in {db}; ids look like "
                                   "'m-<doc_key>-<n>' (merged) or '<doc_key>-<n>' (event row)")
    if as_json:
        click.echo(json.dumps(found, default=_jsonable, ensure_ascii=False))
        return
    click.echo(f"{found['merged_id']}: {found['actor_key']} {found['cameo']} "
               f"({found['plover_type']}), {found['modality']}, {found['event_date']}")
    click.echo(f"  {found['n_mentions']} mentions in {found['n_articles']} articles from "
               f"{found['n_sources']} sources, first seen {found['first_seen']}, last seen "
               f"{found['last_seen']}")
    click.echo(f"  best evidence ({found['best_event_id']}, {found['best_outlet']}): "
               f"{found['best_sentence']}")
    for m in found["mentions"]:
        click.echo(f"  - {m['event_id']} [{m['outlet']}, {m['pub_date']}] {m['evidence']!r}")
        click.echo(f"      {m['merge_reason']}")


@click.command()
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["parquet", "csv", "jsonl", "gdelt", "polecat"]),
              help="parquet (a folder partitioned by month), csv, jsonl, or the GDELT 2.0 / "
                   "POLECAT tab-separated layouts.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="File to write (a folder for parquet).")
@click.option("--level", default="events", show_default=True,
              type=click.Choice(["events", "mentions"]),
              help="parquet/csv/jsonl: one row per merged event, or per stored event row.")
@click.option("--header/--no-header", default=True, show_default=True,
              help="Column names on the first line (csv, gdelt, polecat). GDELT's own files "
                   "have none: use --no-header for tools that expect exactly that.")
@click.option("--modality", "modality", default="asserted", show_default=True,
              help="Which events: asserted (happened), negated, future, hypothetical, a "
                   "comma-separated list of these, or all. Only asserted events by default: "
                   "a denied attack or a planned visit did not happen.")
def export(db: str, fmt: str, output: Path, level: str, header: bool, modality: str) -> None:
    """Export the merged events of a database.

    \b
    Example:
      dyadwatch export --db events.duckdb --format gdelt -o events.gdelt.tsv
      dyadwatch export --db events.duckdb --format parquet -o events_parquet/
      dyadwatch export --db events.duckdb --format csv --level mentions -o mentions.csv
      dyadwatch export --db events.duckdb --format csv --modality all -o every_event.csv
    """
    import duckdb

    from dyadwatch.export import export as run_export

    con = duckdb.connect(_existing_db(db), read_only=True)
    try:
        result = run_export(con, fmt, output, level=level, header=header,
                            modalities=_modalities(modality))
    finally:
        con.close()
    click.echo(f"{result.rows} rows written to {result.path}"
               + (f" ({result.files} files)" if result.files > 1 else ""), err=True)


def _modalities(value: str) -> tuple[str, ...] | None:
    """--modality: "all", or a comma-separated list of modalities (checked by export)."""
    wanted = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    if "all" in wanted:
        return None
    if not wanted:
        raise click.BadParameter("name at least one modality, or all", param_hint="--modality")
    return wanted


@click.command()
@click.argument("query")
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json"]),
              help="table (aligned text), csv, or json (one object per line).")
@click.option("--limit", default=1000, show_default=True,
              help="Rows shown in table format (csv and json print all).")
def sql(query: str, db: str, fmt: str, limit: int) -> None:
    """Run a read-only SQL query on the database (it can read nothing else and write nothing).
    Tables: documents, events, event_actors, mentions, quotes,
    merged_events, event_merges; views: v_events, v_mentions, v_actors, v_dyads, dyads.

    \b
    Example:
      dyadwatch sql --db events.duckdb "SELECT * FROM v_dyads ORDER BY n_events DESC LIMIT 5"
      dyadwatch sql --db events.duckdb --format csv "SELECT * FROM v_events" > events.csv
    """
    import duckdb

    con = duckdb.connect(_existing_db(db), read_only=True, config=SANDBOX)
    try:
        cur = con.execute(query)
        names = [c[0] for c in cur.description or []]
        rows = cur.fetchall() if cur.description else []
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in \
                first or "read-only" in first:
            raise click.ClickException(
                f"query refused: `dyadwatch sql` is read-only: it reads {db} and nothing else "
                f"(no writes, files, ATTACH, COPY, EXPORT, extensions or settings) ({first})"
            ) from None
        raise click.ClickException(f"query failed: {first}") from None
    finally:
        con.close()
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else _jsonable(v) for v in r] for r in rows])
    elif fmt == "json":
        for r in rows:
            click.echo(json.dumps(dict(zip(names, r)), default=_jsonable, ensure_ascii=False))
    else:
        _print_table(names, rows, limit)


# `dyadwatch sql` reads its database and nothing else: no file access (read_csv, COPY, EXPORT,
# ATTACH), no extension installed or loaded, and settings locked so none of this can be undone.
SANDBOX: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False, "autoload_known_extensions": False,
    "autoinstall_known_extensions": False, "allow_community_extensions": False,
    "lock_configuration": True}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _print_table(names: list[str], rows: list[tuple[Any, ...]], limit: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in names:
        table.add_column(name, overflow="fold")
    for r in rows[:limit]:
        table.add_row(*["" if v is None else str(v) for v in r])
    console = Console()
    console.print(table)
    more = f" (first {limit} shown)" if len(rows) > limit else ""
    console.print(f"{len(rows)} rows{more}")


COMMANDS = (merge, events, export, sql)
