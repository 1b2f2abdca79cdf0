"""Store: real DuckDB files under tmp_path, written by run_into_store and read back with SQL."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import EXAMPLES, scalar

from dyadwatch.errors import StoreError
from dyadwatch.ingest.files import SUPPORTED_SUFFIXES
from dyadwatch.records import CodedDocument, Document
from dyadwatch.runner import run_into_store
from dyadwatch.store import Store

TABLES = ("documents", "mentions", "events", "event_actors", "quotes", "errors")


def counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as store:
        return {t: store.count(t) for t in TABLES}


def example_files() -> list[str]:
    return [str(p) for p in sorted(EXAMPLES.rglob("*"))
            if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]


def small_pipeline(pipeline: Any, batch_size: int = 2) -> Any:
    """The session pipeline (same model) with a small NLP batch, so a run writes as it goes."""
    return dataclasses.replace(pipeline,
                               settings=dataclasses.replace(pipeline.settings,
                                                            batch_size=batch_size))


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, set[tuple[Any, ...]]]:
    """Everything a run stores, minus the run's timestamps."""
    return {
        "documents": set(con.execute(
            "SELECT doc_key, content_hash, doc_id, source, title, pub_date, outlet, author, "
            "language, text, n_events FROM documents").fetchall()),
        "events": set(con.execute(
            "SELECT event_id, doc_key, event_idx, source_country, target_country, cameo, "
            "modality, event_date, start_char, end_char, trigger_text FROM events").fetchall()),
        "event_actors": set(con.execute(
            "SELECT event_id, role, position, country, start_char FROM event_actors").fetchall()),
        "mentions": set(con.execute(
            "SELECT doc_key, mention_idx, text, country, start_char FROM mentions").fetchall()),
        "errors": set(con.execute("SELECT content_hash, source, problem FROM errors").fetchall()),
    }


def test_examples_database_counts(examples_con: duckdb.DuckDBPyConnection) -> None:
    def one(sql: str) -> Any:
        return scalar(examples_con, sql)

    assert one("SELECT count(*) FROM documents") == 25
    assert one("SELECT count(DISTINCT doc_key) FROM documents") == 25
    assert one("SELECT count(*) FROM errors") == 0
    assert one("SELECT count(*) FROM events") > 40
    assert one("SELECT count(*) FROM events") == one("SELECT sum(n_events) FROM documents")
    assert one("SELECT count(DISTINCT event_id) FROM events") == one("SELECT count(*) FROM events")
    assert one("SELECT count(*) FROM events WHERE doc_key NOT IN "
               "(SELECT doc_key FROM documents)") == 0
    assert one("SELECT count(*) FROM event_actors WHERE event_id NOT IN "
               "(SELECT event_id FROM events)") == 0
    assert one("SELECT count(*) FROM mentions") > 100
    # source_*/target_* repeat the first actor of each side.
    assert one("""SELECT count(*) FROM events e JOIN event_actors a
                  ON a.event_id = e.event_id AND a.role = 'source' AND a.position = 0
                  WHERE a.country IS DISTINCT FROM e.source_country""") == 0
    assert one("""SELECT count(*) FROM events e WHERE target_country IS NOT NULL AND NOT EXISTS
                  (SELECT 1 FROM event_actors a WHERE a.event_id = e.event_id
                   AND a.role = 'target' AND a.position = 0 AND a.country = e.target_country)""") == 0


def test_event_columns_are_consistent(examples_con: duckdb.DuckDBPyConnection) -> None:
    rows = examples_con.execute(
        "SELECT cameo, root, quad_class, modality, event_date, date_precision, goldstein, "
        "confidence FROM events").fetchall()
    precision = {10: "day", 7: "month", 4: "year"}
    for cameo, root, quad, modality, date, prec, goldstein, confidence in rows:
        assert root == cameo[:2]
        assert quad == (1 if root <= "05" else 2 if root <= "09" else 3 if root <= "14" else 4)
        assert modality in {"asserted", "negated", "hypothetical", "future"}
        assert prec == (precision[len(date)] if date else None)
        assert -10 <= goldstein <= 10 and 0 <= confidence <= 1


def test_offsets_index_documents_text(examples_con: duckdb.DuckDBPyConnection) -> None:
    bad_events = examples_con.execute("""
        SELECT e.event_id, e.trigger_text, substr(d.text, e.start_char + 1,
                                                  e.end_char - e.start_char) AS evidence
        FROM events e JOIN documents d USING (doc_key)
        WHERE e.end_char <= e.start_char OR evidence = ''
           OR strpos(evidence, e.trigger_text) = 0
           OR strpos(d.text, e.sentence) = 0""").fetchall()
    assert bad_events == []
    bad_mentions = examples_con.execute("""
        SELECT m.doc_key, m.text FROM mentions m JOIN documents d USING (doc_key)
        WHERE substr(d.text, m.start_char + 1, m.end_char - m.start_char) != m.text""").fetchall()
    assert bad_mentions == []
    bad_actors = examples_con.execute("""
        SELECT a.event_id, a.text FROM event_actors a JOIN events e USING (event_id)
        JOIN documents d USING (doc_key)
        WHERE substr(d.text, a.start_char + 1, a.end_char - a.start_char) != a.text""").fetchall()
    assert bad_actors == []
    # Hangul and Hanja documents are among them (offsets count characters, not bytes).
    assert scalar(examples_con, "SELECT count(*) FROM documents "
                                "WHERE regexp_matches(text, '[가-힣一-龥]')") >= 4


def test_documents_keep_metadata_and_warnings(examples_con: duckdb.DuckDBPyConnection) -> None:
    rows = examples_con.execute(
        "SELECT doc_id, CAST(pub_date AS VARCHAR), outlet, warnings FROM documents "
        "WHERE doc_id IN ('brief-2', '04-vigilant-storm-extended') ORDER BY doc_id").fetchall()
    assert rows == [
        ("04-vigilant-storm-extended", None, None,
         [("no publication date found in the document; relative dates cannot be resolved "
          "(use --pub-date)")]),
        ("brief-2", "2023-07-18", "Example Wire", []),
    ]


def test_dyads_view_counts_asserted_directed_pairs(
        examples_con: duckdb.DuckDBPyConnection, examples_db: Path) -> None:
    view = examples_con.execute(
        "SELECT source_country, target_country, n_events, n_cooperation, n_conflict "
        "FROM dyads ORDER BY ALL").fetchall()
    # Every (source, target) country pair of every asserted real-world event (a merged
    # event, however many reports it has), each counted once.
    direct = examples_con.execute("""
        WITH reports AS (
            SELECT DISTINCT coalesce(em.merged_id, e.event_id) AS unit, s.country AS src,
                   t.country AS tgt
            FROM events e
            JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
            JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
            LEFT JOIN event_merges em ON em.event_id = e.event_id
            WHERE e.modality = 'asserted' AND s.country IS NOT NULL AND t.country IS NOT NULL)
        SELECT src, tgt, count(DISTINCT unit) FROM reports GROUP BY ALL ORDER BY ALL""").fetchall()
    assert [row[:3] for row in view] == direct
    assert all(n_coop + n_conflict <= n for _, _, n, n_coop, n_conflict in view)
    pairs = {(s, t): n for s, t, n, _, _ in view}
    # Reciprocal meetings and calls appear in both directions.
    assert pairs[("KOR", "JPN")] >= 2 and pairs[("JPN", "KOR")] >= 2
    reciprocal = dict(((s, t), n) for s, t, n in examples_con.execute("""
        SELECT s.country, t.country, count(DISTINCT e.event_id) FROM events e
        JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
        JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
        WHERE e.reciprocal AND s.country IS NOT NULL AND t.country IS NOT NULL
        GROUP BY ALL""").fetchall())
    assert reciprocal[("KOR", "JPN")] >= 2
    assert all(reciprocal.get((t, s)) == n for (s, t), n in reciprocal.items())
    assert pairs[("USA", "KOR")] >= 1 and pairs[("KOR", "PRK")] >= 1
    assert scalar(examples_con, "SELECT count(*) FROM dyads "
                                "WHERE n_events != n_cooperation + n_conflict") == 0
    with Store(examples_db, read_only=True) as store:
        top = store.top_dyads(3)
    assert [n for _, _, n, _ in top] == sorted(pairs.values(), reverse=True)[:3]


def test_rerun_adds_nothing(tmp_path: Path, examples_db: Path, pipeline: Any) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(examples_db, db)
    before = counts(db)
    with Store(db) as store:
        stats = run_into_store([str(EXAMPLES)], store, pipeline)
    assert (stats.seen, stats.skipped, stats.stored, stats.errors, stats.events) == (25, 25, 0, 0, 0)
    assert counts(db) == before


def interrupted_after(paths: list[str], n: int) -> Iterator[str]:
    """Inputs whose iteration is killed (Ctrl-C) after `n` files."""
    yield from paths[:n]
    raise KeyboardInterrupt


def test_interrupted_run_resumes_to_the_same_database(tmp_path: Path, examples_db: Path,
                                                      pipeline: Any) -> None:
    db = tmp_path / "resumed.duckdb"
    small = small_pipeline(pipeline)
    files = example_files()
    assert len(files) == 23  # 22 articles + the 3-record .jsonl
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        run_into_store(interrupted_after(files, 9), store, small, write_every=2)  # type: ignore[arg-type]
    partial = counts(db)
    # Whole batches written before the interrupt are kept; nothing half-written.
    assert 2 <= partial["documents"] <= 9
    assert partial["errors"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM documents WHERE n_events != (SELECT count(*) "
                           "FROM events e WHERE e.doc_key = documents.doc_key)") == 0

    with Store(db) as store:
        stats = run_into_store([str(EXAMPLES)], store, small, write_every=2)
    assert (stats.seen, stats.skipped, stats.stored) == (
        25, partial["documents"], 25 - partial["documents"])
    assert counts(db) == counts(examples_db)
    with duckdb.connect(str(db), read_only=True) as resumed, \
            duckdb.connect(str(examples_db), read_only=True) as clean:
        assert snapshot(resumed) == snapshot(clean)
        assert scalar(resumed, "SELECT count(*) - count(DISTINCT doc_key) FROM documents") == 0
        assert scalar(resumed, "SELECT count(*) - count(DISTINCT event_id) FROM events") == 0


def test_subset_then_full_set_equals_single_run(tmp_path: Path, examples_db: Path,
                                                pipeline: Any) -> None:
    db = tmp_path / "two_steps.duckdb"
    files = example_files()
    with Store(db) as store:
        first = run_into_store(files[::2], store, pipeline)
    with Store(db) as store:
        second = run_into_store([str(EXAMPLES)], store, pipeline)
    assert first.stored + second.stored == 25
    assert second.skipped == first.stored
    with duckdb.connect(str(db), read_only=True) as two, \
            duckdb.connect(str(examples_db), read_only=True) as one:
        assert snapshot(two) == snapshot(one)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_bad_files_go_to_errors_table_and_good_ones_are_stored(tmp_path: Path,
                                                               pipeline: Any) -> None:
    corpus = tmp_path / "in"
    write(corpus / "a-good.txt", "Chile criticizes Peru\nPublished: 2021-05-04\n\n"
                                 "Chile criticized Peru over the fishing dispute.\n")
    write(corpus / "b-empty.txt", "")
    write(corpus / "c-binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(corpus / "d-briefs.jsonl",
          '{"id": "d1", "text": "Peru protested to Chile.", "date": "2021-05-05"}\n'
          '{"id": "d2", "text": oops}\n')
    db = tmp_path / "mixed.duckdb"
    with Store(db) as store:
        stats = run_into_store([str(corpus), str(tmp_path / "missing.txt")], store, pipeline)
    assert (stats.seen, stats.stored, stats.errors) == (6, 2, 4)
    with duckdb.connect(str(db), read_only=True) as con:
        assert sorted(con.execute("SELECT source, problem FROM errors").fetchall()) == sorted([
            (str(corpus / "b-empty.txt"), "file is empty"),
            (str(corpus / "c-binary.html"),
             "file looks binary (contains NUL bytes), not text or HTML"),
            (f"{corpus / 'd-briefs.jsonl'}:2",
             "malformed JSON line (Expecting value at column 22)"),
            (str(tmp_path / "missing.txt"), "no such file or directory"),
        ])
        docs = con.execute("SELECT doc_id, CAST(pub_date AS VARCHAR) FROM documents "
                           "ORDER BY doc_id").fetchall()
        assert docs == [("a-good", "2021-05-04"), ("d1", "2021-05-05")]
        assert sorted(con.execute("SELECT source_country, target_country, root FROM events"
                                  ).fetchall()) == [("CHL", "PER", "11"), ("PER", "CHL", "14")]
    # Known errors are skipped on the next run, like stored documents.
    with Store(db) as store:
        again = run_into_store([str(corpus), str(tmp_path / "missing.txt")], store, pipeline)
    assert (again.seen, again.skipped, again.stored, again.errors) == (6, 6, 0, 0)


def test_duplicate_content_is_stored_once(tmp_path: Path, pipeline: Any) -> None:
    text = "Chile criticized Peru over the fishing dispute.\n"
    corpus = tmp_path / "in"
    write(corpus / "one.txt", text)
    write(corpus / "sub" / "two.txt", text)
    db = tmp_path / "dup.duckdb"
    with Store(db) as store:
        stats = run_into_store([str(corpus)], store, pipeline)
    assert (stats.seen, stats.stored, stats.skipped) == (2, 1, 1)
    assert counts(db)["documents"] == 1


def test_write_batch_is_one_transaction(tmp_path: Path) -> None:
    """Two documents whose keys collide fail the batch as a whole: nothing is half-stored."""
    ok = Document(doc_id="ok", source="s", content_hash="a" * 64, text="Chile met Peru.")
    clash = Document(doc_id="clash", source="s", content_hash="a" * 16 + "b" * 48,
                     text="Peru met Chile.")
    with Store(tmp_path / "tx.duckdb") as store:
        with pytest.raises(duckdb.Error):
            store.write_batch([CodedDocument(document=ok), CodedDocument(document=clash)])
        assert store.count("documents") == 0
        assert store.write_batch([CodedDocument(document=ok)]) == 1
        assert store.write_batch([CodedDocument(document=ok)]) == 0
        assert store.count("documents") == 1
        assert store.known_hashes() == {"a" * 64}


def test_store_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store(tmp_path / "no-such-dir" / "x.duckdb")
    with Store(tmp_path / "x.duckdb") as store, pytest.raises(StoreError, match="unknown table"):
        store.count("documents; DROP TABLE events")


def test_schema_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    Store(db).close()
    with Store(db) as store:
        assert {t: store.count(t) for t in TABLES} == dict.fromkeys(TABLES, 0)


def test_dyads_view_counts_every_party_of_multi_party_events(tmp_path: Path,
                                                             pipeline: Any) -> None:
    """Regression: the view used to count only the first source and target of an event."""
    corpus = tmp_path / "in"
    write(corpus / "a.txt", "Chile and Argentina condemned Peru.\n")
    db = tmp_path / "multi.duckdb"
    with Store(db) as store:
        run_into_store([str(corpus)], store, pipeline, pub_date="2021-01-01")
    with duckdb.connect(str(db), read_only=True) as con:
        actors = con.execute("SELECT role, country FROM event_actors ORDER BY role, position"
                             ).fetchall()
        assert actors == [("source", "CHL"), ("source", "ARG"), ("target", "PER")]
        assert sorted(con.execute("SELECT source_country, target_country FROM dyads"
                                  ).fetchall()) == [("ARG", "PER"), ("CHL", "PER")]
