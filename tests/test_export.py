"""`dyadwatch export` and `dyadwatch sql` (issue 9) over a real DuckDB file, through the real
console script; the GDELT layout is read back by pandas and DuckDB."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_merge import FIRST_RUN, SECOND_RUN

from dyadwatch.export import GDELT_COLUMNS, POLECAT_COLUMNS
from dyadwatch.runner import run_into_store
from dyadwatch.store import Store

pd = pytest.importorskip("pandas", reason="the GDELT read-back test needs pandas "
                                          "(pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    src = tmp / "calls.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in FIRST_RUN + SECOND_RUN), "utf-8")
    path = tmp / "calls.duckdb"
    with Store(path) as store:
        run_into_store([str(src)], store, pipeline)
    return path


def _merged(db: Path, asserted_only: bool = True) -> list[tuple[Any, ...]]:
    """The merged events an export holds by default (asserted), or all of them."""
    where = "WHERE modality = 'asserted' " if asserted_only else ""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT merged_id, cameo, n_mentions, n_sources, n_articles "
                           f"FROM merged_events {where}ORDER BY merged_id").fetchall()


def test_gdelt_columns_are_gdelt_2() -> None:
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[31:34] == ("NumMentions", "NumSources", "NumArticles")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_export_reads_back_in_pandas_and_duckdb(db: Path, tmp_path: Path,
                                                     run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "events.gdelt.tsv"
    proc = run_cli("export", "--db", str(db), "--format", "gdelt", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    merged = _merged(db)
    frame = pd.read_csv(out, sep="\t", dtype={"EventCode": str, "EventRootCode": str})
    assert list(frame.columns) == list(GDELT_COLUMNS)
    assert len(frame) == len(merged)  # one row per merged event
    assert sorted(frame["EventCode"]) == sorted(m[1] for m in merged)
    assert sorted(frame["NumSources"]) == sorted(m[3] for m in merged)
    call = frame[(frame["NumSources"] == 3)]
    assert len(call) == 1
    assert call.iloc[0]["SQLDATE"] == 20240205 and call.iloc[0]["EventRootCode"] == "04"
    assert {call.iloc[0]["Actor1CountryCode"], call.iloc[0]["Actor2CountryCode"]} == \
        {"KOR", "JPN"}
    assert frame["GLOBALEVENTID"].is_unique
    # Root events: the first event of a document's lead sentence, at most one per document.
    roots = frame[frame["IsRootEvent"] == 1]
    assert 0 < len(roots) and roots["SOURCEURL"].is_unique
    assert set(frame["IsRootEvent"]) <= {0, 1}
    rel = duckdb.read_csv(str(out), sep="\t", header=True)
    assert rel.columns == list(GDELT_COLUMNS)
    assert rel.aggregate("sum(NumMentions)").fetchall() == [(sum(m[2] for m in merged),)]


def test_gdelt_export_without_header_is_raw_gdelt(db: Path, tmp_path: Path,
                                                  run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "raw.export.CSV"
    proc = run_cli("export", "--db", str(db), "--format", "gdelt", "--no-header", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    first = out.read_text("utf-8").splitlines()[0].split("\t")
    assert len(first) == 61 and first[0].isdigit() and len(first[1]) == 8
    frame = pd.read_csv(out, sep="\t", header=None, names=list(GDELT_COLUMNS))
    assert len(frame) == len(_merged(db))


def test_polecat_export_has_polecat_columns(db: Path, tmp_path: Path,
                                            run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "events.polecat.txt"
    assert run_cli("export", "--db", str(db), "--format", "polecat", "-o",
                   str(out)).returncode == 0
    frame = pd.read_csv(out, sep="\t")
    assert list(frame.columns) == list(POLECAT_COLUMNS)
    assert sorted(frame["Event ID"]) == [m[0] for m in _merged(db)]
    call = frame[frame["Source"] == "Capital Wire;Eastern Gazette;Harbor Herald"]
    assert len(call) == 1 and call.iloc[0]["Event Type"] == "CONSULT"


def test_parquet_export_is_partitioned_by_month(db: Path, tmp_path: Path,
                                                run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "parquet"
    assert run_cli("export", "--db", str(db), "--format", "parquet", "-o",
                   str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["month=2024-02"]
    rows = duckdb.sql(f"SELECT merged_id, month, n_sources FROM read_parquet("
                      f"'{out}/*/*.parquet', hive_partitioning = true)").fetchall()
    assert sorted(r[0] for r in rows) == [m[0] for m in _merged(db)]
    assert {r[1] for r in rows} == {"2024-02"}


def test_csv_and_jsonl_exports_of_mentions(db: Path, tmp_path: Path,
                                           run_cli: Callable[..., Any]) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        n_events = con.execute("SELECT count(*) FROM events "  # type: ignore[index]
                               "WHERE modality = 'asserted'").fetchone()[0]
    csv_out, json_out = tmp_path / "m.csv", tmp_path / "m.jsonl"
    assert run_cli("export", "--db", str(db), "--format", "csv", "--level", "mentions",
                   "-o", str(csv_out)).returncode == 0
    assert run_cli("export", "--db", str(db), "--format", "jsonl", "-o",
                   str(json_out)).returncode == 0
    rows = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    assert len(rows) == n_events and all(r["merged_id"] and r["merge_reason"] for r in rows)
    records = [json.loads(line) for line in json_out.read_text("utf-8").splitlines()]
    assert sorted(r["merged_id"] for r in records) == [m[0] for m in _merged(db)]


def test_sql_is_read_only_and_prints_csv_and_json(db: Path,
                                                  run_cli: Callable[..., Any]) -> None:
    before = _merged(db, asserted_only=False)
    proc = run_cli("sql", "--db", str(db), "DELETE FROM merged_events")
    assert proc.returncode == 1 and "read-only" in proc.stderr
    assert _merged(db, asserted_only=False) == before
    proc = run_cli("sql", "--db", str(db), "--format", "csv",
                   "SELECT merged_id, n_sources FROM v_events ORDER BY merged_id")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0] == ["merged_id", "n_sources"]
    assert [(r[0], int(r[1])) for r in rows[1:]] == [(m[0], m[3]) for m in before]
    proc = run_cli("sql", "--db", str(db), "--format", "json",
                   "SELECT source_country, target_country, n_events FROM v_dyads")
    assert proc.returncode == 0
    dyads = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(set(d) == {"source_country", "target_country", "n_events"} for d in dyads)
    proc = run_cli("sql", "--db", str(db), "SELECT count(*) AS n FROM v_mentions")
    assert proc.returncode == 0 and "n" in proc.stdout


def test_events_explain_shows_the_reasons(db: Path, run_cli: Callable[..., Any]) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        merged_id = con.execute("SELECT merged_id FROM merged_events WHERE n_sources = 3"
                                ).fetchone()[0]  # type: ignore[index]
    proc = run_cli("events", "explain", merged_id, "--db", str(db), "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["merged_id"] == merged_id and found["n_sources"] == 3
    assert {m["outlet"] for m in found["mentions"]} == {"Harbor Herald", "Capital Wire",
                                                       "Eastern Gazette"}
    assert all(m["merge_reason"] for m in found["mentions"])
    assert run_cli("events", "explain", "nope", "--db", str(db)).returncode == 1


def test_export_of_a_database_without_merged_events_says_what_to_do(tmp_path: Path) -> None:
    from dyadwatch.errors import StoreError
    from dyadwatch.export import export

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("CREATE TABLE events (event_id VARCHAR)")
    with duckdb.connect(str(old), read_only=True) as con, \
            pytest.raises(StoreError, match="dyadwatch merge --db"):
        export(con, "gdelt", tmp_path / "out.tsv")
    assert not (tmp_path / "out.tsv").exists()


def test_docs_document_every_view_and_export_format() -> None:
    import re
    from importlib import resources

    from dyadwatch.export import FORMATS

    repo = Path(__file__).resolve().parents[1]
    docs = "\n".join((repo / "docs" / name).read_text(encoding="utf-8")
                     for name in ("data-model.md", "exports.md"))
    schema = resources.files("dyadwatch.store").joinpath("schema.sql").read_text("utf-8")
    views = re.findall(r"CREATE OR REPLACE VIEW (v_\w+)", schema)
    assert views == ["v_events", "v_mentions", "v_actors", "v_dyads"]
    for name in views:
        assert re.search(rf"^\| `{name}` \|", docs, re.MULTILINE), name
    for fmt in FORMATS:
        assert f"--format {fmt}" in docs, fmt


MODAL_NEWS = [
    {"id": "denial", "outlet": "Wire", "date": "2024-03-05",
     "text": "Iran denied sending drones to Russia on Monday."},
    {"id": "plan", "outlet": "Wire", "date": "2024-03-05",
     "text": "Japan will send humanitarian aid to Ukraine next week."},
    {"id": "attack", "outlet": "Wire", "date": "2024-03-05",
     "text": "Russian forces shelled the Ukrainian city of Kharkiv on Tuesday."},
]


@pytest.fixture(scope="module")
def modal_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    tmp = tmp_path_factory.mktemp("modal")
    src = tmp / "modal.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in MODAL_NEWS), "utf-8")
    path = tmp / "modal.duckdb"
    with Store(path) as store:
        run_into_store([str(src)], store, pipeline)
    return path


@pytest.mark.parametrize("fmt", ["gdelt", "polecat", "csv", "jsonl", "parquet"])
def test_exports_hold_asserted_events_unless_asked(modal_db: Path, tmp_path: Path, fmt: str,
                                                   run_cli: Callable[..., Any]) -> None:
    """A denial and a plan did not happen: absent by default, present with --modality all,
    and the layouts that can say so carry the modality."""
    with duckdb.connect(str(modal_db), read_only=True) as con:
        stored = dict(con.execute("SELECT modality, count(*) FROM merged_events "
                                  "GROUP BY 1").fetchall())
    assert {"asserted", "negated", "future"} <= set(stored)  # the pipeline coded all three

    def read(out: Path) -> Any:
        if fmt == "parquet":
            return duckdb.sql(f"SELECT * FROM read_parquet('{out}/*/*.parquet', "
                              f"hive_partitioning = true)").df()
        if fmt == "jsonl":
            return pd.read_json(out, lines=True, dtype={"cameo": str})
        return pd.read_csv(out, sep="," if fmt == "csv" else "\t",
                           dtype={"EventCode": str, "cameo": str})

    def read_duckdb(out: Path) -> Any:
        if fmt == "parquet":
            return duckdb.sql(f"SELECT * FROM read_parquet('{out}/*/*.parquet', "
                              "hive_partitioning = true)")
        if fmt == "jsonl":
            return duckdb.sql(f"SELECT * FROM read_json('{out}', format = 'newline_delimited')")
        code = {"gdelt": "EventCode", "csv": "cameo", "polecat": None}[fmt]
        types = f", types = {{'{code}': 'VARCHAR'}}" if code else ""
        return duckdb.sql(f"SELECT * FROM read_csv('{out}', header = true, "
                          f"delim = '{',' if fmt == 'csv' else chr(9)}'{types})")

    default, everything = tmp_path / "default", tmp_path / "all"
    assert run_cli("export", "--db", str(modal_db), "--format", fmt, "-o",
                   str(default)).returncode == 0
    assert run_cli("export", "--db", str(modal_db), "--format", fmt, "--modality", "all",
                   "-o", str(everything)).returncode == 0
    assert len(read(default)) == stored["asserted"]
    assert len(read(everything)) == sum(stored.values())
    in_duckdb = read_duckdb(everything)
    assert len(in_duckdb.fetchall()) == sum(stored.values())
    code_column = {"gdelt": "EventCode", "polecat": None}.get(fmt, "cameo")
    if code_column:  # CAMEO codes stay text with their leading zero in DuckDB too
        codes = [r[0] for r in in_duckdb.select(f'"{code_column}"').fetchall()]
        assert all(isinstance(c, str) and len(c) in (3, 4) for c in codes) and "073" in codes
    if fmt == "gdelt":
        codes = read(everything)["EventCode"]
        assert all(len(c) == 3 and c[0] == "0" or c[0] != "0" for c in codes)
        assert "073" in set(codes)  # leading zero kept when read as text
    else:
        column = "Modality" if fmt == "polecat" else "modality"
        assert set(read(default)[column]) == {"asserted"}
        assert set(read(everything)[column]) == set(stored)


def test_export_rejects_an_unknown_modality(modal_db: Path, tmp_path: Path,
                                            run_cli: Callable[..., Any]) -> None:
    proc = run_cli("export", "--db", str(modal_db), "--format", "csv", "--modality", "maybe",
                   "-o", str(tmp_path / "x.csv"))
    assert proc.returncode != 0 and "unknown modality maybe" in proc.stderr
    assert not (tmp_path / "x.csv").exists()


def test_events_list_filters_like_the_api_and_feeds_explain(db: Path,
                                                            run_cli: Callable[..., Any]) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        expected = {r[0] for r in con.execute(
            "SELECT DISTINCT e.event_id FROM events e JOIN event_actors a USING (event_id) "
            "WHERE a.role = 'source' AND a.country = 'KOR' AND e.modality = 'asserted'"
        ).fetchall()}
    assert expected  # the fixture's news has South Korean acts
    proc = run_cli("events", "list", "--db", str(db), "--source", "kor", "--json",
                   "--limit", "1000")
    assert proc.returncode == 0, proc.stderr
    listed = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {e["event_id"] for e in listed} == expected
    assert all(any(a["country"] == "KOR" for a in e["source"]) for e in listed)
    assert f"{len(expected)} of {len(expected)} events" in proc.stderr
    first = listed[0]["event_id"]
    assert run_cli("events", "explain", first, "--db", str(db)).returncode == 0
    table = run_cli("events", "list", "--db", str(db), "--source", "KOR", "--limit", "1")
    assert table.returncode == 0 and "KOR" in table.stdout
    assert f"1 of {len(expected)} events" in table.stderr and "--offset 1 for more" in table.stderr


@pytest.mark.parametrize("command", [("events", "list"), ("dyads", "--target", "JPN")])
def test_unknown_country_codes_are_refused_with_suggestions(db: Path, command: tuple[str, ...],
                                                            run_cli: Callable[..., Any]) -> None:
    proc = run_cli(*command, "--db", str(db), "--source", "KOREA")
    assert proc.returncode == 2
    assert "unknown country code 'KOREA'" in proc.stderr
    assert "KOR (South Korea)" in proc.stderr and "PRK (North Korea)" in proc.stderr


@pytest.mark.parametrize("level", ["events", "mentions"])
def test_parquet_event_dates_are_typed_with_their_precision(modal_db: Path, tmp_path: Path,
                                                            level: str,
                                                            run_cli: Callable[..., Any]) -> None:
    out = tmp_path / "pq"
    assert run_cli("export", "--db", str(modal_db), "--format", "parquet", "--level", level,
                   "--modality", "all", "-o", str(out)).returncode == 0
    types = {r[0]: r[1] for r in duckdb.sql(
        f"DESCRIBE SELECT * FROM read_parquet('{out}/*/*.parquet', hive_partitioning = true)"
    ).fetchall()}
    assert types["event_date"] == "DATE" and types["date_precision"] == "VARCHAR"
    frame = pd.read_parquet(out)  # pandas, through pyarrow (the analysis extra)
    dated = frame.dropna(subset=["event_date"])
    assert len(dated) and all(isinstance(d, datetime.date) for d in dated["event_date"])
    assert set(dated["date_precision"]) <= {"day", "month", "year"}
    assert all(d.day == 1 for d, p in zip(dated["event_date"], dated["date_precision"])
               if p != "day")
    assert all(len(c) == 3 for c in frame["cameo"])  # text: 073 keeps its zero


def test_make_run_installs_no_test_tool() -> None:
    """`make run` on a fresh machine: the runtime and the analysis extra, never [dev]."""
    repo = Path(__file__).resolve().parents[1]
    plan = subprocess.run(["make", "-n", "run", "VENV=/nonexistent-venv"], cwd=repo,
                          capture_output=True, text=True, check=True).stdout
    installs = [line for line in plan.splitlines() if "pip install" in line]
    assert any("-e '.[analysis]'" in line for line in installs), plan
    assert not any("dev" in line for line in installs), plan


@pytest.mark.parametrize("escape", [
    "ATTACH '{other}' AS other (READ_WRITE); DROP TABLE other.documents",
    "ATTACH '{other}' AS other (READ_WRITE)",
    "COPY (SELECT * FROM documents) TO '{tmp}/leak.csv'",
    "EXPORT DATABASE '{tmp}/dump'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "INSTALL httpfs",
    "SET enable_external_access = true",
    "DELETE FROM merged_events",
])
def test_sql_cannot_escape_its_database(db: Path, tmp_path: Path, escape: str,
                                        run_cli: Callable[..., Any]) -> None:
    """`dyadwatch sql` reads its database and nothing else: each way out fails with a clear
    message, and the other database, the file system and the data are untouched."""
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE documents AS SELECT 1 AS x")
    proc = run_cli("sql", "--db", str(db), escape.format(other=other, tmp=tmp_path))
    assert proc.returncode == 1
    assert "`dyadwatch sql` is read-only" in proc.stderr and "Traceback" not in proc.stderr
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT x FROM documents").fetchall() == [(1,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb"]
    assert _merged(db, asserted_only=False)  # nothing deleted
