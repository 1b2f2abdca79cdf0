"""The `dyadwatch` command, run as a real subprocess (the console script in the venv)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import duckdb
import pytest
from conftest import dyad, jsonl, scalar

from dyadwatch.cli.main import main as cli_main
from contract import assert_contract_record

Run = Callable[..., subprocess.CompletedProcess[str]]

ACCEPTANCE = ("North Korea fired a ballistic missile on Monday, and South Korean President Yoon "
              "Suk-yeol held a phone call with Japanese Prime Minister Fumio Kishida.")


# -- help and usage -------------------------------------------------------------------------------

def _all_commands(group: click.Group = cli_main, path: tuple[str, ...] = ()
                  ) -> list[tuple[str, ...]]:
    """Every command and subcommand of the CLI, found from the click group itself."""
    found = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _all_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


@pytest.mark.parametrize("command", _all_commands())
def test_help_exits_0_and_shows_an_example(run_cli: Run, command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    usage, _, body = result.stdout.partition("\n")
    assert usage.startswith("Usage: dyadwatch")
    assert re.search(r"Examples?:|Typical use:", body)
    # An example invocation of this very command, not just the usage line.
    assert re.search(r"^\s+(echo .*\| )?dyadwatch " + " ".join(command), body, re.MULTILINE)


def test_version(run_cli: Run) -> None:
    from dyadwatch import __version__

    result = run_cli("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"dyadwatch, version {__version__}")


@pytest.mark.parametrize(("args", "message"), [
    (("run",), "Missing argument 'INPUTS...'"),
    (("run", "in.txt", "--pub-date", "yesterday"), "'yesterday' is not a date; use YYYY-MM-DD"),
    (("run", "in.txt", "--pub-date", "03/04/2022"), "say which with --date-order DMY or MDY"),
    (("code", "in.txt", "--pub-date", "2022-13-45"), "'2022-13-45' is not a date"),
    (("actors", "resolve", "Seoul", "--date", "2023-99-01"), "'2023-99-01' is not a date"),
    (("stats", "--top", "many"), "'many' is not a valid integer"),
    (("frobnicate",), "No such command 'frobnicate'"),
])
def test_usage_errors_exit_2(run_cli: Run, tmp_path: Path, args: tuple[str, ...],
                             message: str) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no database or output file was created


def test_stats_on_missing_database_names_the_file(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("stats", "--db", "missing.duckdb", cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.duckdb" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.duckdb").exists()


def test_run_into_unwritable_location_is_a_clean_error(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Chile criticized Peru.\n", encoding="utf-8")
    bad_db = tmp_path / "no-such-dir" / "x.duckdb"
    result = run_cli("run", "a.txt", "--db", str(bad_db), "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    assert str(bad_db) in result.stderr and "Traceback" not in result.stderr


def test_run_on_a_missing_path_names_it_and_creates_nothing(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("run", "no-such-folder/", "--db", "x.duckdb", "--quiet", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file or folder: no-such-folder/" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("make_input", ["empty folder", "unsupported file"])
def test_run_that_reads_nothing_exits_1_and_says_why(run_cli: Run, tmp_path: Path,
                                                     make_input: str) -> None:
    if make_input == "empty folder":
        (tmp_path / "inbox").mkdir()
        target, why = "inbox", "no file of a supported kind"
    else:
        (tmp_path / "report.docx").write_bytes(b"PK\x03\x04 not a text file")
        target, why = "report.docx", "1 unreadable"
    result = run_cli("run", target, "--db", "x.duckdb", "--quiet", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"no document could be read from {target}" in result.stderr and why in result.stderr
    assert "Traceback" not in result.stderr


def test_run_reads_record_dates_in_common_forms(run_cli: Run, tmp_path: Path) -> None:
    records = [{"id": "gdelt", "text": "Chile criticized Peru.", "date": "20221010"},
               {"id": "european", "text": "Japan condemned China.", "date": "03/04/2022"}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = run_cli("run", "in.jsonl", "--db", "x.duckdb", "--date-order", "DMY", "--quiet",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True) as con:
        dates = dict(con.execute("SELECT doc_id, pub_date FROM documents").fetchall())
    assert {k: str(v) for k, v in dates.items()} == {"gdelt": "2022-10-10",
                                                      "european": "2022-04-03"}


def test_verbose_says_each_step_and_quiet_says_nothing(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Chile criticized Peru on Monday.\n", encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04")
    loud = run_cli("-v", "run", "a.txt", "b.docx", "--db", "x.duckdb", cwd=tmp_path)
    assert loud.returncode == 0, loud.stderr
    assert "dyadwatch: INFO: pipeline ready" in loud.stderr
    assert "dyadwatch: INFO: stored 1 documents" in loud.stderr
    assert "dyadwatch: WARNING: " in loud.stderr and "b.docx: unsupported file type" in loud.stderr
    quiet = run_cli("-q", "run", "a.txt", "b.docx", "--db", "y.duckdb", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


# -- code -----------------------------------------------------------------------------------------

def test_acceptance_sentence_on_stdin(run_cli: Run) -> None:
    line = json.dumps({"id": "a", "text": ACCEPTANCE, "date": "2022-10-10"})
    result = run_cli("code", "-", input=line + "\n")
    assert result.returncode == 0, result.stderr
    [rec] = jsonl(result.stdout)
    assert_contract_record(rec)
    assert (rec["id"], rec["date"], rec["text"], rec["error"]) == ("a", "2022-10-10", ACCEPTANCE,
                                                                  None)

    launches = [e for e in rec["events"] if dyad(e)[0] == ("PRK",)]
    assert len(launches) == 1
    [launch] = launches
    assert launch["root"] == "15" and launch["modality"] == "asserted"
    assert set(dyad(launch)[1]) <= {"KOR", "JPN"}  # empty, or the neighbours
    assert launch["date"] == "2022-10-10"
    evidence = rec["text"][launch["start"]:launch["end"]]
    assert evidence.startswith("North Korea fired") and "missile" in evidence

    calls = {dyad(e): e for e in rec["events"] if e["root"] == "04"}
    assert set(calls) == {(("KOR",), ("JPN",)), (("JPN",), ("KOR",))}
    for call in calls.values():
        assert (call["reciprocal"], call["modality"], call["quad_class"]) == (True, "asserted", 1)
        evidence = rec["text"][call["start"]:call["end"]]
        assert "phone call" in evidence
        assert "Yoon Suk-yeol" in evidence and "Fumio Kishida" in evidence
        assert "North Korea" not in evidence
    assert len(rec["events"]) == 3


def test_code_bad_inputs_give_one_record_each_and_exit_0(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.pdf").write_text("%PDF", encoding="utf-8")
    (tmp_path / "briefs.jsonl").write_text(
        '{"id": "j1", "text": "Chile criticized Peru on Friday."}\n'
        '{"id": "j2", "text": \n'
        '{"id": "j3", "text": "Peru protested to Chile.", "date": "2021-05-05"}\n',
        encoding="utf-8")
    (tmp_path / "big.txt").write_text("Chile criticized Peru.\n", encoding="utf-8")
    inputs = ["empty.txt", "binary.txt", "notes.pdf", "briefs.jsonl", "missing.txt", "big.txt"]
    result = run_cli("code", *inputs, "--pub-date", "2021-06-04", "-o", "out.jsonl",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    records = jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    for rec in records:
        assert_contract_record(rec)
    assert [(r["id"], r["error"] is not None) for r in records] == [
        ("empty.txt", True), ("binary.txt", True), ("notes.pdf", True),
        ("j1", False), ("briefs.jsonl:2", True), ("j3", False),
        ("missing.txt", True), ("big", False),
    ]
    errors = {r["id"]: r["error"] for r in records if r["error"]}
    assert errors["empty.txt"] == "file is empty"
    assert "NUL" in errors["binary.txt"]
    assert errors["notes.pdf"].startswith("unsupported file type .pdf")
    assert errors["briefs.jsonl:2"].startswith("malformed JSON line")
    assert errors["missing.txt"] == "no such file or directory"
    good = {r["id"]: r for r in records if not r["error"]}
    # --pub-date fills in only where the document has no date of its own.
    assert {k: r["date"] for k, r in good.items()} == {
        "j1": "2021-06-04", "j3": "2021-05-05", "big": "2021-06-04"}
    assert [(dyad(e), e["root"], e["date"]) for e in good["j1"]["events"]] == [
        ((("CHL",), ("PER",)), "11", "2021-06-04")]  # 2021-06-04 is a Friday
    assert [(dyad(e), e["root"]) for e in good["j3"]["events"]] == [((("PER",), ("CHL",)), "14")]


def test_code_reads_stdin_without_arguments(run_cli: Run, tmp_path: Path) -> None:
    lines = "\n".join([
        json.dumps({"id": "s1", "text": "Seoul was criticized by Pyongyang.",
                    "date": "2023-01-02"}),
        "{not json",
        json.dumps({"id": "s2", "html": "<html><body><article><p>Norway and Sweden held talks "
                                        "in Oslo.</p></article></body></html>",
                    "outlet": "Nordic Wire"}),
    ]) + "\n"
    result = run_cli("code", input=lines, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = jsonl(result.stdout)
    for rec in records:
        assert_contract_record(rec)
    assert [(r["id"], r["error"] is None) for r in records] == [
        ("s1", True), ("<stdin>:2", False), ("s2", True)]
    assert [(dyad(e), e["root"]) for e in records[0]["events"]] == [((("PRK",), ("KOR",)), "11")]
    assert records[2]["outlet"] == "Nordic Wire"
    assert sorted(dyad(e) for e in records[2]["events"]) == [(("NOR",), ("SWE",)),
                                                             (("SWE",), ("NOR",))]


# -- actors resolve -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def defense_ministry(run_cli: Run) -> dict[str, Any]:
    result = run_cli("actors", "resolve", "the South Korean Defense Ministry")
    assert result.returncode == 0, result.stderr
    [actor] = jsonl(result.stdout)
    return actor


def test_actors_resolve_defense_ministry(defense_ministry: dict[str, Any]) -> None:
    assert defense_ministry["text"] == "the South Korean Defense Ministry"
    assert defense_ministry["country"] == "KOR"


def test_actors_resolve_defense_ministry_matches_readme(defense_ministry: dict[str, Any]) -> None:
    """README: `dyadwatch actors resolve "the South Korean Defense Ministry"  # -> KOR MIL`
    (regression: the sector used to be GOV)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert re.search(r'actors resolve "the South Korean Defense Ministry"\s+# -> KOR MIL', readme)
    assert (defense_ministry["country"], defense_ministry["sector"]) == ("KOR", "MIL")


def test_actors_resolve_unknown_actor_has_no_invented_country(run_cli: Run) -> None:
    result = run_cli("actors", "resolve", "Zorblax Federation")
    assert result.returncode == 0, result.stderr
    assert jsonl(result.stdout) == [{"text": "Zorblax Federation", "name": None, "id": None,
                                     "country": None, "sector": None, "start": None,
                                     "end": None}]


def test_actors_resolve_json_lines_on_stdin(run_cli: Run) -> None:
    lines = "\n".join(json.dumps(x) for x in [
        {"text": "Japanese lawmakers"},
        {"text": "the UN Security Council", "date": "2022-05-26"},
        {"text": "Zorblax Federation"},
        {"text": "Pyongyang", "context": "Pyongyang fired a missile."},
    ]) + "\n\n"
    result = run_cli("actors", "resolve", "-", input=lines)
    assert result.returncode == 0, result.stderr
    actors = jsonl(result.stdout)
    assert [(a["text"], a["country"], a["sector"]) for a in actors] == [
        ("Japanese lawmakers", "JPN", "LEG"),
        ("the UN Security Council", "UNO", None),
        ("Zorblax Federation", None, None),
        ("Pyongyang", "PRK", "GOV"),
    ]
    assert actors[1]["id"] == "UNSC"


def test_actors_resolve_bad_stdin_line_is_a_usage_error(run_cli: Run) -> None:
    result = run_cli("actors", "resolve", "-", input='{"name": "Seoul"}\n')
    assert result.returncode == 2
    assert 'each stdin line must be {"text": ...}' in result.stderr


# -- run and stats --------------------------------------------------------------------------------

def test_run_then_rerun_then_stats(run_cli: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chile criticizes Peru\nPublished: 2021-05-04\n\n"
                                  "Chile criticized Peru over the fishing dispute.\n\n"
                                  "Chile and Peru held talks in Lima.\n", encoding="utf-8")
    (corpus / "b.jsonl").write_text('{"id": "b1", "text": "Peru protested to Chile.", '
                                    '"date": "2021-05-05"}\nnot json\n', encoding="utf-8")
    (corpus / "c.txt").write_bytes(b"")
    first = run_cli("run", "in", "--db", "t.duckdb", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "4 documents read: 2 coded and stored, 0 already in t.duckdb, 2 unreadable" \
        in " ".join(first.stderr.split())

    def table_counts() -> tuple[int, ...]:
        with duckdb.connect(str(tmp_path / "t.duckdb"), read_only=True) as con:
            return tuple(scalar(con, f"SELECT count(*) FROM {t}")
                         for t in ("documents", "events", "errors"))

    after_first = table_counts()
    assert after_first == (2, 4, 2)

    again = run_cli("run", "in", "--db", "t.duckdb", "--quiet", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, "")
    assert table_counts() == after_first

    stats = run_cli("stats", "--db", "t.duckdb", "--top", "5", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "2 documents, 4 events" in stats.stdout and "2 errors" in stats.stdout
    assert re.search(r"CHL\s*│\s*PER\s*│\s*2\b", stats.stdout)  # criticized + talks
    assert re.search(r"PER\s*│\s*CHL\s*│\s*2\b", stats.stdout)  # protested + talks


def test_eval_with_missing_data_dir_is_a_clean_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("eval", "--data", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode != 0
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr
