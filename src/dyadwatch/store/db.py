"""The DuckDB store. Each batch of documents is written in one transaction, so an interrupted
run leaves either whole documents or nothing; documents are keyed by content hash, so a re-run
skips what is already stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from dyadwatch import __version__
from dyadwatch.errors import StoreError
from dyadwatch.records import Actor, CodedDocument, DuplicateLink, Event

_PRECISION = {10: "day", 7: "month", 4: "year"}


class Store:
    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if not read_only:
            schema = resources.files("dyadwatch.store").joinpath("schema.sql").read_text("utf-8")
            self.con.execute(schema)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------
    def known_hashes(self) -> set[str]:
        """Content hashes already stored as documents or recorded as errors."""
        rows = self.con.execute(
            "SELECT content_hash FROM documents UNION ALL SELECT content_hash FROM errors"
        ).fetchall()
        return {r[0] for r in rows}

    def known_documents(self) -> dict[str, str]:
        """content_hash -> doc_id of every stored document."""
        return dict(self.con.execute("SELECT content_hash, doc_id FROM documents").fetchall())

    def error_hashes(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT content_hash FROM errors").fetchall()}

    def near_copies(self) -> dict[str, str]:
        """doc_key -> canonical_key of the stored near copies."""
        return dict(self.con.execute("SELECT doc_key, canonical_key FROM duplicates "
                                     "WHERE doc_key IS NOT NULL").fetchall())

    def signatures(self) -> Iterator[tuple[str, list[int]]]:
        """(doc_key, MinHash signature) of the stored documents, for the near-duplicate index."""
        cursor = self.con.execute("SELECT doc_key, signature FROM doc_signatures")
        while rows := cursor.fetchmany(10_000):
            yield from rows

    def count(self, table: str) -> int:
        if table not in {"documents", "mentions", "events", "event_actors", "quotes", "errors",
                         "duplicates", "event_merges", "merged_events", "assessments"}:
            raise StoreError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    def top_dyads(self, limit: int = 10) -> list[tuple[Any, ...]]:
        return self.con.execute(
            "SELECT source_country, target_country, n_events, mean_goldstein "
            "FROM dyads ORDER BY n_events DESC, source_country, target_country LIMIT ?",
            [limit]).fetchall()

    # -- writing ---------------------------------------------------------------------------
    def write_batch(self, coded: Sequence[CodedDocument],
                    links: Iterable[DuplicateLink] = (),
                    signatures: Mapping[str, Sequence[int]] | None = None) -> int:
        """Store a batch in one transaction; documents already present are skipped.
        `links` are duplicate links found for this batch, `signatures` the MinHash signatures
        of its documents by content hash. Returns the number of documents written (stored or
        recorded as errors)."""
        known = self._existing(d.document.content_hash for d in coded)
        rows = _Rows()
        for doc in coded:
            if doc.document.content_hash in known:
                continue
            known.add(doc.document.content_hash)
            rows.add(doc)
            if signatures and doc.document.content_hash in signatures:
                rows.signatures.append((doc_key(doc.document.content_hash),
                                        [int(v) for v in signatures[doc.document.content_hash]]))
        for link in links:
            rows.add_link(link)
        if rows.empty:
            return 0
        try:
            self.con.execute("BEGIN TRANSACTION")
            rows.insert(self.con)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return rows.n_documents

    def _existing(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(set(hashes))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT content_hash FROM documents WHERE content_hash IN (SELECT unnest(?)) "
            "UNION ALL SELECT content_hash FROM errors WHERE content_hash IN (SELECT unnest(?))",
            [wanted, wanted]).fetchall()
        return {r[0] for r in rows}


def doc_key(content_hash: str) -> str:
    return content_hash[:16]


def _party(a: Actor) -> tuple[Any, ...]:
    """The stored columns of one party of an assessment."""
    return (a.text, a.name, a.id, a.country, a.sector)


class _Rows:
    """Rows of one batch, table by table, ready for executemany."""

    def __init__(self) -> None:
        self.documents: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.event_actors: list[tuple[Any, ...]] = []
        self.quotes: list[tuple[Any, ...]] = []
        self.assessments: list[tuple[Any, ...]] = []
        self.errors: list[tuple[Any, ...]] = []
        self.duplicates: list[tuple[Any, ...]] = []
        self.signatures: list[tuple[Any, ...]] = []
        self.now = datetime.now(timezone.utc).replace(tzinfo=None)

    @property
    def empty(self) -> bool:
        return not (self.documents or self.errors or self.duplicates)

    @property
    def n_documents(self) -> int:
        return len(self.documents) + len(self.errors)

    def add(self, coded: CodedDocument) -> None:
        d = coded.document
        if d.error:
            self.errors.append((d.content_hash, d.source, d.doc_id, d.error, self.now))
            return
        key = doc_key(d.content_hash)
        self.documents.append((key, d.content_hash, d.doc_id, d.source, d.url, d.title, d.date,
                               d.outlet, d.author, d.language, d.text, list(d.warnings),
                               len(coded.events), self.now, __version__))
        for i, m in enumerate(coded.mentions):
            self.mentions.append((key, i, m.text, m.name, m.id, m.country, m.sector, m.start,
                                  m.end))
        for i, e in enumerate(coded.events):
            self._add_event(f"{key}-{i}", key, i, e)
        for i, q in enumerate(coded.quotes):
            s = q.speaker
            self.quotes.append((key, i, q.text, q.speaker_text, s.name if s else None,
                                s.id if s else None, s.country if s else None,
                                s.sector if s else None, q.date, q.language, q.start, q.end))
        for i, a in enumerate(coded.assessments):
            h = a.holder
            self.assessments.append((key, i, *_party(a.parties[0]), *_party(a.parties[1]),
                                     a.polarity, a.trend, h.text if h else None,
                                     h.id if h else None, h.country if h else None,
                                     a.sentence, a.start, a.end))

    def add_link(self, link: DuplicateLink) -> None:
        self.duplicates.append((link.source, link.doc_id, link.doc_key, link.canonical_key,
                                link.kind, link.similarity, self.now))

    def _add_event(self, event_id: str, key: str, idx: int, e: Event) -> None:
        src = e.source[0] if e.source else Actor(text="")
        tgt = e.target[0] if e.target else None
        loc = e.location
        self.events.append((
            event_id, key, idx, e.sentence_index,
            src.text or None, src.country, src.sector, src.id,
            tgt.text if tgt else None, tgt.country if tgt else None,
            tgt.sector if tgt else None, tgt.id if tgt else None,
            e.cameo, e.root, e.goldstein, e.quad_class, e.plover.type, e.plover.mode,
            list(e.plover.context), e.modality, e.reciprocal, e.date,
            _PRECISION.get(len(e.date)) if e.date else None, e.date_text, e.date_basis,
            loc.name if loc else None, loc.country if loc else None,
            loc.lat if loc else None, loc.lon if loc else None,
            e.sentence, e.start, e.end, e.trigger.text, e.confidence, e.rule,
        ))
        for role, actors in (("source", e.source), ("target", e.target)):
            for pos, a in enumerate(actors):
                self.event_actors.append((event_id, role, pos, a.text, a.name, a.id, a.country,
                                          a.sector, a.start, a.end))

    def insert(self, con: duckdb.DuckDBPyConnection) -> None:
        for table, rows in (("documents", self.documents), ("mentions", self.mentions),
                            ("events", self.events), ("event_actors", self.event_actors),
                            ("quotes", self.quotes), ("assessments", self.assessments),
                            ("errors", self.errors),
                            ("doc_signatures", self.signatures)):
            if rows:
                insert_rows(con, "INSERT INTO", table, rows)
        if self.duplicates:  # a copy seen again on a re-run is already linked
            insert_rows(con, "INSERT OR IGNORE INTO", "duplicates", self.duplicates)


def insert_rows(con: duckdb.DuckDBPyConnection, verb: str, table: str,
                 rows: list[tuple[Any, ...]]) -> None:
    """One statement per table and batch: each column goes in as one list parameter and is
    unnested (executemany runs a statement per row, ~20x slower)."""
    columns = [list(column) for column in zip(*rows)]
    select = ", ".join(f"unnest(${i + 1})" for i in range(len(columns)))
    con.execute(f"{verb} {table} SELECT {select}", columns)
