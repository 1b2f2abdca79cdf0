"""`dyadwatch export`: write the store's merged events (or all mentions) as Parquet partitioned
by month, CSV, JSON Lines, or in GDELT 2.0 or POLECAT layout, all through DuckDB's COPY."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from dyadwatch import __version__
from dyadwatch.errors import StoreError
from dyadwatch.export.layouts import (
    GDELT_COLUMNS,
    POLECAT_COLUMNS,
    gdelt_select,
    modality_filter,
    polecat_select,
)

Format = Literal["parquet", "csv", "jsonl", "gdelt", "polecat"]
FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "gdelt", "polecat")
LEVELS = {"events": "v_events", "mentions": "v_mentions"}
MODALITIES: tuple[str, ...] = ("asserted", "negated", "future", "hypothetical")
# Stored event dates are text at the precision known (2024, 2024-02, 2024-02-05).
_TYPED_DATE = ("CAST(CASE length(event_date) WHEN 10 THEN event_date WHEN 7 THEN event_date || "
               "'-01' WHEN 4 THEN event_date || '-01-01' END AS DATE)")
_PRECISION = "CASE length(event_date) WHEN 10 THEN 'day' WHEN 7 THEN 'month' WHEN 4 THEN 'year' END"

__all__ = ["FORMATS", "MODALITIES", "GDELT_COLUMNS", "POLECAT_COLUMNS", "ExportResult", "export"]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    files: int


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: Path, level: str = "events",
           header: bool = True, modalities: tuple[str, ...] | None = ("asserted",)
           ) -> ExportResult:
    """Write the export and return where, how many rows and files.

    `level` picks what parquet/csv/jsonl hold: "events" (one row per merged event, the
    v_events view) or "mentions" (one row per stored event row, v_mentions). The GDELT and
    POLECAT layouts are always one row per merged event. Parquet goes to the directory `out`,
    one `month=YYYY-MM` folder per month of event date (`month=undated` for the rest), its
    `event_date` a DATE (the first day of a month or year known only that precisely) beside
    `date_precision` (day, month, year).
    `modalities`: which events (MODALITIES; None for all). By default only asserted ones: a
    denied attack or a planned visit is not an event that happened, and GDELT's layout cannot
    say otherwise; csv, jsonl, parquet and POLECAT carry a modality column."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    unknown = sorted(set(modalities or ()) - set(MODALITIES))
    if unknown:
        raise StoreError(f"unknown modality {', '.join(unknown)}; choose from "
                         f"{', '.join(MODALITIES)} or all")
    if level not in LEVELS:
        raise StoreError(f"unknown level {level!r}; choose events or mentions")
    present = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    if "merged_events" not in present or "v_events" not in present:
        raise StoreError("this database has no merged events (it predates event merging); "
                         "run `dyadwatch merge --db FILE` once, then export again")
    where = modality_filter(modalities, "modality")
    if fmt == "gdelt":
        query, options = gdelt_select(modalities), f"FORMAT csv, DELIMITER '\t', HEADER {header}"
    elif fmt == "polecat":
        query, options = polecat_select(__version__, modalities), f"FORMAT csv, DELIMITER '\t', HEADER {header}"
    elif fmt == "parquet":
        # A typed DATE (the first day of the period it is known to) beside its precision.
        precision = f", {_PRECISION} AS date_precision" if level == "mentions" else ""
        query = (f"SELECT * REPLACE ({_TYPED_DATE} AS event_date){precision}, "
                 f"coalesce(left(event_date, 7), 'undated') AS month "
                 f"FROM {LEVELS[level]} {where}ORDER BY event_date NULLS LAST")
        options = "FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE"
    elif fmt == "csv":
        query, options = f"SELECT * FROM {LEVELS[level]} {where}ORDER BY event_date NULLS LAST", \
            f"FORMAT csv, HEADER {header}"
    else:
        query, options = f"SELECT * FROM {LEVELS[level]} {where}ORDER BY event_date NULLS LAST", \
            "FORMAT json"
    rows = int(con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0])  # type: ignore[index]
    if fmt == "parquet":
        out.mkdir(parents=True, exist_ok=True)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
    try:
        con.execute(f"COPY ({query}) TO {_quote(out)} ({options})")
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {out}: {exc}") from exc
    files = len(list(out.rglob("*.parquet"))) if fmt == "parquet" else 1
    return ExportResult(path=out, rows=rows, files=files)
