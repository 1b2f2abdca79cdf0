"""`dyadwatch` command line. Thin: parse, call the library, print."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import click

from dyadwatch import __version__
from dyadwatch.cli.data import known_party
from dyadwatch.errors import DyadwatchError

if TYPE_CHECKING:
    from dyadwatch.ingest import IngestOptions


class _Group(click.Group):
    """Turn expected library errors into one-line messages (exit 1), never tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DyadwatchError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyadwatch")
@click.option("-v", "--verbose", count=True,
              help="Say more on stderr: -v what each step does, -vv debugging detail.")
@click.option("-q", "--quiet", is_flag=True,
              help="Only errors on stderr: no warnings, progress bars or summaries.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """dyadwatch: who did what to whom, when and where, from news text.

    \b
    Typical use:
      dyadwatch run examples/ --db events.duckdb     code a folder into a database
      dyadwatch stats --db events.duckdb             counts and the top dyads
      echo '{"id":"a","text":"Seoul criticized Pyongyang."}' | dyadwatch code -

    Inputs are .txt, .html/.htm, .jsonl, .csv, .rss/.atom/.xml feeds, .warc/.warc.gz archives,
    .urls lists and http(s) URLs (fetched politely), directories (read recursively) or '-' for
    JSON Lines on stdin. Every command has --help.
    """
    ctx.obj = {"quiet": quiet}
    _configure_logging(-1 if quiet else verbose)


def _configure_logging(verbosity: int) -> None:
    """Warnings by default; -v info, -vv debug, -q errors only. Libraries stay at warnings."""
    import logging

    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity,
                                                                         logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("dyadwatch: %(levelname)s: %(message)s"))
    root = logging.getLogger("dyadwatch")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _quiet(quiet: bool = False) -> bool:
    """A command's own --quiet, or the global one (dyadwatch -q ...)."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return quiet or bool(obj and obj.get("quiet"))


def _valid_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from dyadwatch.clean.pubdate import normalise_date

    if value is None:
        return None
    from dyadwatch.clean.pubdate import AmbiguousDate

    try:
        iso = normalise_date(value, ctx.params.get("date_order"))
    except AmbiguousDate as exc:
        raise click.BadParameter(str(exc)) from None
    if iso is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD "
                                 "(or YYYYMMDD, 4 October 2022, 10/04/2022 with --date-order)")
    return iso


_ACTORS_HELP = ("Your own actors: a CSV (see the README) or a PETRARCH .actors.txt dictionary, "
                "laid over the built-in tables. Repeatable.")


def _actors_option(f: Any) -> Any:
    return click.option("--actors", "actor_files", multiple=True,
                        type=click.Path(exists=True, dir_okay=False), help=_ACTORS_HELP)(f)


def _ingest_options(func: Callable[..., None]) -> Callable[..., None]:
    """Options shared by `code` and `run` for reading inputs: field names, fetching."""
    options = [
        click.option("--field", "fields", multiple=True, metavar="PART=FIELD",
                     help="Field (JSON Lines) or column (CSV) holding a part of the document, "
                          "e.g. --field text=body --field date=published. Parts: id, text, "
                          "title, date, url, outlet, html."),
        click.option("--user-agent", default=None, help="User-Agent for fetching URLs."),
        click.option("--timeout", default=20.0, show_default=True,
                     help="Seconds before a URL fetch gives up."),
        click.option("--delay", default=1.0, show_default=True,
                     help="Minimum seconds between requests to one host."),
        click.option("--follow-feed-links", is_flag=True,
                     help="Fetch each feed item's page instead of using its summary."),
        click.option("--max-bytes", default=20 * 1024 * 1024, show_default=True,
                     help="Size limit per document (file, page, record)."),
        # Eager: --pub-date's check reads it, wherever it stands on the command line.
        click.option("--date-order", type=click.Choice(["DMY", "MDY"], case_sensitive=False),
                     default=None, is_eager=True,
                     help="How numeric dates such as 03/04/2022 read (records' dates and "
                          "--pub-date): DMY (European) or MDY (US). Without it only dates "
                          "that one order alone makes valid (25/12/2022) are read."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _workers_option(f: Any) -> Any:
    return click.option("--workers", type=click.IntRange(min=1), default=None,
                        help="Worker processes for the NLP and coding [default: all cores]; "
                             "the output is the same as with 1.")(f)


def _build_ingest_options(fields: tuple[str, ...], user_agent: str | None, timeout: float,
                          delay: float, follow_feed_links: bool,
                          max_bytes: int, date_order: str | None = None) -> IngestOptions:
    from dyadwatch.ingest import FetchOptions, FieldMap, IngestOptions

    try:
        field_map = FieldMap.from_pairs(fields)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--field") from None
    fetch: dict[str, Any] = {"timeout": timeout, "delay": delay,
                             "follow_feed_links": follow_feed_links}
    if user_agent:
        fetch["user_agent"] = user_agent
    return IngestOptions(max_bytes=max_bytes, fields=field_map, fetch=FetchOptions(**fetch),
                         date_order=date_order.upper() if date_order else None)


@main.command()
@click.argument("inputs", nargs=-1)
@_actors_option
@click.option("--pub-date", callback=_valid_date,
              help="Publication date (YYYY-MM-DD) for documents that give none.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write JSON Lines here instead of stdout.")
@_workers_option
@_ingest_options
def code(inputs: tuple[str, ...], actor_files: tuple[str, ...], pub_date: str | None,
         output: IO[str], workers: int | None, **ingest: Any) -> None:
    """Code documents to JSON Lines, one record per document (no database).

    \b
    Example:
      echo '{"id":"a","text":"North Korea fired a missile.","date":"2022-10-10"}' \\
        | dyadwatch code -
      dyadwatch code examples/ -o events.jsonl
    """
    from dyadwatch.config import Settings
    from dyadwatch.ingest import iter_inputs
    from dyadwatch.parallel import code_in_processes, default_workers
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.runner import count_inputs

    options = _build_ingest_options(**ingest)
    pipeline = Pipeline.create(Settings(actor_files=actor_files, date_order=options.date_order))
    raws = iter_inputs(inputs or ("-",), stdin=sys.stdin, options=options)
    records = code_in_processes(pipeline, raws, workers or default_workers(), pub_date=pub_date)
    # A progress bar when the records go to a file (on stdout they are the output).
    to_file = output is not sys.stdout and getattr(output, "name", "-") not in ("-", "<stdout>")
    with _progress(quiet=_quiet() or not to_file, label="coding") as progress:
        task = progress.add_task("coding", total=count_inputs(inputs) if inputs else None)
        for record in records:
            output.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
            output.flush()
            progress.advance(task)


def _progress(quiet: bool, label: str) -> Any:
    """A rich progress bar on stderr (documents done of the total, when known)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True, quiet=quiet), disable=quiet)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_actors_option
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--pub-date", callback=_valid_date,
              help="Publication date (YYYY-MM-DD) for documents that give none.")
@click.option("--batch-size", default=64, show_default=True, help="Documents per NLP batch.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@_workers_option
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Code on a Dask cluster: its scheduler (tcp://host:8786), or 'local' to "
                   "start one on this machine with --workers processes.")
@_ingest_options
def run(inputs: tuple[str, ...], actor_files: tuple[str, ...], db: str, pub_date: str | None,
        batch_size: int, quiet: bool, workers: int | None, dask_address: str | None,
        **ingest: Any) -> None:
    """Code INPUTS into the database, skipping documents already stored.

    Re-running on the same inputs adds nothing; an interrupted run resumes where it stopped.

    \b
    Example:
      dyadwatch run examples/ --db events.duckdb
      dyadwatch run corpus.jsonl --db events.duckdb --dask tcp://scheduler:8786
    """
    from rich.console import Console

    from dyadwatch.config import Settings
    from dyadwatch.parallel import default_workers
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.runner import count_inputs, run_into_store
    from dyadwatch.store import Store

    quiet = _quiet(quiet)
    console = Console(stderr=True, quiet=quiet)
    _check_inputs_exist(inputs)  # before the database is created
    options = _build_ingest_options(**ingest)
    pipeline = Pipeline.create(Settings(batch_size=batch_size, actor_files=actor_files,
                                        max_input_bytes=options.max_bytes))
    total = count_inputs(inputs)
    client = None
    if dask_address:
        from dyadwatch.dask_executor import connect

        client = connect(dask_address, workers)
    with Store(db) as store, _progress(quiet, "coding") as progress:
        task = progress.add_task("coding", total=total)
        try:
            stats = run_into_store(inputs, store, pipeline, pub_date=pub_date, stdin=sys.stdin,
                                   on_progress=lambda n: progress.advance(task, n),
                                   options=options, workers=workers or default_workers(),
                                   dask=client)
        except KeyboardInterrupt:
            progress.stop()
            console.print(f"interrupted: {store.count('documents')} documents are safely in "
                          f"{db}; run the same command again to resume")
            raise SystemExit(130) from None
        finally:
            if client is not None:
                from dyadwatch.dask_executor import close

                close(client)
    from dyadwatch.ingest.dispatch import SUFFIX_KINDS

    console.print(
        f"{stats.seen} documents read: {stats.stored} coded and stored, {stats.skipped} already "
        f"in {db}, {stats.errors} unreadable (see the errors table); {stats.events} events "
        f"({stats.merged_events} distinct events in the database after merging); "
        f"{stats.exact_copies + stats.near_copies} copies of stored stories linked (see the "
        f"duplicates table); {stats.seconds:.1f} s")
    if stats.stored == 0 and stats.skipped == 0:
        # Nothing readable: a mistyped folder or an unsupported file must not look like success.
        click.echo(f"error: no document could be read from {', '.join(inputs)}"
                   + (f" ({stats.errors} unreadable: see `dyadwatch sql --db {db} "
                      f"\"SELECT * FROM errors\"`)" if stats.errors else
                      f" (no file of a supported kind: {' '.join(sorted(SUFFIX_KINDS))})"),
                   err=True)
        raise SystemExit(1)


def _check_inputs_exist(inputs: tuple[str, ...]) -> None:
    """Missing files and folders are named before anything is created or read."""
    from dyadwatch.ingest.base import is_url

    missing = [i for i in inputs if i != "-" and not is_url(i) and not os.path.exists(i)]
    if missing:
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}",
                                 param_hint="INPUTS")


@main.command()
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--top", default=10, show_default=True, help="How many dyads to list.")
def stats(db: str, top: int) -> None:
    """Print what the database holds and its most frequent dyads.

    \b
    Example:
      dyadwatch stats --db events.duckdb --top 5
    """
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table

    from dyadwatch.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}; create one with: dyadwatch run ... "
                                   f"--db {db}")
    console = Console()
    with Store(db, read_only=True) as store:
        counts = {t: store.count(t) for t in ("documents", "events", "mentions", "quotes",
                                              "errors")}
        console.print(", ".join(f"{n} {t}" for t, n in counts.items()))
        table = Table(title=f"Top {top} dyads (asserted events)")
        for col in ("source", "target", "events", "mean Goldstein"):
            table.add_column(col, justify="right" if col in ("events", "mean Goldstein")
                             else "left")
        for src, tgt, n, mean in store.top_dyads(top):
            table.add_row(src, tgt, str(n), f"{mean:+.2f}")
        console.print(table)


@main.command()
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--source", required=True, callback=known_party,
              help="Country (KOR) or country-sector (KOR-GOV).")
@click.option("--target", required=True, callback=known_party,
              help="Country (JPN) or country-sector (JPN-GOV).")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month",
              show_default=True, help="Period length.")
@click.option("--undirected", is_flag=True, help="Count both directions.")
@click.option("--all-modalities", is_flag=True,
              help="Also count negated, hypothetical and future events (default: asserted).")
@click.option("--since", default=None, help="First period to show (YYYY, YYYY-MM, ...).")
@click.option("--until", default=None, help="Last period to show.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Draw the series to this PNG file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write csv/json here instead of standard output.")
@click.option("--events-at", "events_at", default=None, metavar="PERIOD",
              help="List the events behind one point (a period as printed, e.g. 2022-11).")
def dyads(db: str, source: str, target: str, by: str, undirected: bool, all_modalities: bool,
          since: str | None, until: str | None, plot_path: str | None, fmt: str,
          output: str | None, events_at: str | None) -> None:
    """A dyad's event series by period: counts by QuadClass, Goldstein sum and mean, the
    cooperation-conflict index, trend and change points, beside the relationship assessments.

    \b
    Examples:
      dyadwatch dyads --db events.duckdb --source KOR --target JPN --by month
      dyadwatch dyads --db events.duckdb --source KOR --target PRK --undirected --plot kp.png
      dyadwatch dyads --db events.duckdb --source KOR-GOV --target JPN --format csv -o s.csv
      dyadwatch dyads --db events.duckdb --source KOR --target JPN --events-at 2022-11
    """
    from pathlib import Path

    from rich.console import Console

    from dyadwatch.analytics import dyads as analytics
    from dyadwatch.analytics import output as out
    from dyadwatch.store import Store

    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}; create one with: dyadwatch run ... "
                                   f"--db {db}")
    with Store(db, read_only=True) as store:
        if events_at:
            rows = analytics.events_at(store.con, source, target, events_at, by,  # type: ignore[arg-type]
                                       undirected, all_modalities)
            _write(out.to_json({"period": events_at, "events": rows}) if fmt == "json" else
                   "".join(f"{r['event_date']}\t{r['event_id']}\t{r['cameo']}\t"
                           f"{r['source_country']}->{r['target_country']}\t{r['doc_id']}\t"
                           f"{' '.join(r['sentence'].split())}\n" for r in rows), output)
            return
        result = analytics.series(store.con, source, target, by,  # type: ignore[arg-type]
                                  undirected, all_modalities)
    result["points"] = [p for p in result["points"]
                        if (not since or p["period"][:len(since)] >= since)
                        and (not until or p["period"][:len(until)] <= until)]
    if plot_path:
        out.plot(result, plot_path)
    if fmt == "csv":
        _write(out.to_csv(result), output)
    elif fmt == "json":
        _write(out.to_json(result), output)
    else:
        # piped output is not cut at 80 columns: the table is data
        out.print_table(result, Console(width=None if sys.stdout.isatty() else 130))
    if plot_path:
        click.echo(f"plot written to {plot_path}", err=True)


def _write(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--db", default="dyadwatch.duckdb", show_default=True, help="DuckDB file.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--writable", is_flag=True,
              help="Open the database read-write and accept POST /api/documents.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name (the machine's name or address "
                   "when serving beyond localhost). Repeatable; others get 400.")
@click.option("--watch", "watch", type=click.Path(file_okay=False, exists=True), default=None,
              metavar="DIR", help="Store the news files that arrive in DIR while serving "
                                  "(read-write; polled every --interval seconds).")
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(0.2),
              help="Seconds between looks at the --watch folder.")
@click.option("--feeds", type=click.Path(dir_okay=False, exists=True), default=None,
              metavar="FILE", help="Fetch the feeds (or pages) listed in FILE, one URL per "
                                   "line, every --feed-interval seconds and store their new "
                                   "items while serving (read-write).")
@click.option("--feed-interval", default=600.0, show_default=True,
              type=click.FloatRange(1.0), help="Seconds between two rounds of --feeds.")
def serve(db: str, host: str, port: int, writable: bool, allow_hosts: tuple[str, ...],
          watch: str | None, interval: float, feeds: str | None,
          feed_interval: float) -> None:
    """Serve the dashboard and the REST API over a database (read-only by default).

    Pages: / (overview), /dyads, /events, /actors, /quotes, /documents; the API is under /api
    with its OpenAPI spec at /api/openapi.json and browsable docs at /api/docs.

    \b
    Example:
      dyadwatch serve --db events.duckdb            then open http://127.0.0.1:8000/
      dyadwatch serve --db events.duckdb --watch inbox/     store news dropped into inbox/
      dyadwatch serve --db events.duckdb --feeds feeds.txt  store new feed items every 10 min
    """
    import uvicorn

    from dyadwatch.api import create_app

    bind = [] if host in ("0.0.0.0", "::") else [host]
    app = create_app(db, writable=writable, allowed_hosts=[*bind, *allow_hosts], watch=watch,
                     interval=interval, feeds=feeds, feed_interval=feed_interval)
    mode = "read-write" if writable or watch or feeds else "read-only"
    click.echo(f"dyadwatch: serving {db} ({mode}) on http://{host}:{port}/"
               + (f", storing the files that arrive in {watch}" if watch else "")
               + (f", storing new items of the feeds in {feeds} every {feed_interval:g} s"
                  if feeds else "")
               + "  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command("eval")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=str),
              default="../shared/data/eval", show_default=True,
              help="Folder with the labelled sets.")
@click.option("--set", "sets", multiple=True,
              type=click.Choice(["petrarch_validation", "plv_train", "realnews", "korean",
                                 "cameo_codebook_examples",
                                 "ngec_actor_resolution", "ngec_synthetic_plover",
                                 "event_location"]),
              help="Score only this set (repeatable). Default: all.")
@click.option("--synthetic-limit", default=500, show_default=True,
              help="Stories of the synthetic PLOVER set to score (0 = all 4,500).")
@click.option("--confusion/--no-confusion", default=True, show_default=True,
              help="Print the confusion tables.")
def eval_cmd(data_dir: str, sets: tuple[str, ...], synthetic_limit: int,
             confusion: bool) -> None:
    """Score the coder and actor resolver on the labelled sets; the last line is a JSON summary.

    \b
    Example:
      dyadwatch eval                          # all sets in ../shared/data/eval
      dyadwatch eval --set petrarch_validation --no-confusion
    """
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table

    from dyadwatch.actors.resolve import ActorResolver
    from dyadwatch.eval import evaluate
    from dyadwatch.pipeline import Pipeline

    root = Path(data_dir)
    if not root.is_dir():
        raise click.ClickException(f"no evaluation data at {root}; pass --data DIR "
                                   "(the folder holding petrarch_validation/, plv_train/ ...)")
    err = Console(stderr=True)
    pipeline = Pipeline.create()
    resolver = ActorResolver(pipeline.nlp, pipeline.finder)
    results = evaluate(root, pipeline, resolver, sets or None, synthetic_limit or None,
                       progress=lambda name, i, n: err.print(f"[{i + 1}/{n}] scoring {name} ..."))
    out = Console()
    summary: dict[str, dict[str, object]] = {}
    for name, metrics in results.items():
        table = Table(title=name, show_header=False)
        flat = {k: v for k, v in metrics.items() if k != "confusion"}
        for key, value in flat.items():
            table.add_row(key, json.dumps(value) if isinstance(value, dict) else str(value))
        out.print(table)
        if confusion and metrics.get("confusion"):
            rows = metrics["confusion"]
            ctable = Table(title=f"{name}: confusion (rows gold, columns predicted)")
            for col in rows[0]:
                ctable.add_column(col, justify="right")
            for row in rows[1:]:
                ctable.add_row(*row)
            out.print(ctable)
        summary[name] = flat
    click.echo(json.dumps({"eval": summary}, ensure_ascii=False))


@main.group()
def actors() -> None:
    """Look up actors in the built-in knowledge base.

    \b
    Example:
      dyadwatch actors resolve "Japan's foreign minister" --date 2023-03-16
    """


@actors.command("resolve")
@click.argument("text", required=False)
@click.option("--date", "on_date", callback=_valid_date, help="Resolve as of this date.")
@click.option("--context", default=None,
              help="The country or story the phrase comes from; gives the country when the "
                   "phrase names none.")
@_actors_option
def actors_resolve(text: str | None, on_date: str | None, context: str | None,
                   actor_files: tuple[str, ...]) -> None:
    """Resolve an actor phrase to country + sector; '-' reads JSON Lines from stdin.

    \b
    Example:
      dyadwatch actors resolve "the South Korean Defense Ministry"
      echo '{"text": "Japanese lawmakers", "date": "2023-03-16"}' | dyadwatch actors resolve -
    """
    resolver = _resolver(actor_files)
    if text is None or text == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                phrase = str(item["text"])
            except (json.JSONDecodeError, KeyError, TypeError):
                raise click.UsageError(f'each stdin line must be {{"text": ...}}; got {line!r}')
            actor = resolver.resolve(phrase, item.get("date"), item.get("context"))
            click.echo(json.dumps(actor.to_json(), ensure_ascii=False))
        return
    click.echo(json.dumps(resolver.resolve(text, on_date, context).to_json(), ensure_ascii=False))


@actors.command("show")
@click.argument("name")
@click.option("--date", "on_date", callback=_valid_date, help="Explain as of this date.")
@click.option("--context", default=None, help="The country or story the phrase comes from.")
@_actors_option
def actors_show(name: str, on_date: str | None, context: str | None,
                actor_files: tuple[str, ...]) -> None:
    """Explain how NAME resolves: which alias, which table row, which rule.

    \b
    Example:
      dyadwatch actors show "President Yoon" --date 2026-01-01
    """
    from dyadwatch.actors.resolve import explain

    result = explain(_resolver(actor_files), name, on_date, context)
    for step in result.steps:
        click.echo(step)


def _resolver(actor_files: tuple[str, ...]) -> Any:
    from dyadwatch.actors.resolve import ActorResolver
    from dyadwatch.config import Settings

    return ActorResolver.create(Settings(actor_files=actor_files))


def _register_data_commands() -> None:
    """merge, events, export, sql (issue 9) live in cli/data.py."""
    from dyadwatch.cli.data import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_data_commands()

if __name__ == "__main__":
    main()
