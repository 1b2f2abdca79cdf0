"""Near-duplicate documents: copies and updated versions are linked, stored, counted once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dyadwatch.clean.dedup import NearDuplicateIndex
from dyadwatch.runner import run_into_store
from dyadwatch.store import Store

STORY = ("North Korea fired a ballistic missile over Japan on Tuesday, prompting a warning for "
         "residents to take cover, and South Korea and Japan condemned the launch. Japanese "
         "Prime Minister Fumio Kishida called the launch an outrageous act. South Korean "
         "President Yoon Suk-yeol convened a National Security Council meeting and warned of a "
         "resolute response. The missile flew about 4,600 kilometres before falling into the "
         "Pacific Ocean, officials in Seoul and Tokyo said. Japan protested to North Korea over "
         "the launch.")
UPDATED = STORY.replace("flew about 4,600 kilometres", "flew about 4,500 kilometres") + (
    " The United States also condemned the launch.")
OTHER = ("China and Japan agreed on Thursday to resume maritime talks in Dalian next month, "
         "officials said after a meeting of foreign ministers in Beijing that lasted two hours.")


def test_index_links_near_copies_and_not_other_stories() -> None:
    index = NearDuplicateIndex(threshold=0.7)
    index.add("story", index.sketch(STORY))
    index.add("other", index.sketch(OTHER))
    match = index.best_match(index.sketch(UPDATED))
    assert match is not None and match[0] == "story" and 0.7 <= match[1] < 1.0
    assert index.best_match(index.sketch("Seoul and Washington held a joint drill.")) is None
    # a signature survives the round trip through the store's integer array
    sketch = index.sketch(STORY)
    back = index.from_signature([int(v) for v in sketch.hashvalues])
    assert index.best_match(back) == ("story", 1.0)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_run_links_copies_stores_both_and_counts_once(tmp_path: Path, pipeline: Any) -> None:
    wire = write(tmp_path / "wire.txt", f"Missile over Japan\nOctober 4, 2022\n\n{STORY}\n")
    synd = write(tmp_path / "syndicated.txt",
                 f"Go to contents\nMenu\nMissile over Japan\nOctober 4, 2022\n\n{STORY}\n\n"
                 "Copyright ⓒ Harbor Times. All rights reserved.\n")
    update = write(tmp_path / "update.txt", f"Missile over Japan\nOctober 4, 2022\n\n{UPDATED}\n")
    exact = write(tmp_path / "copy-of-wire.txt", Path(wire).read_text(encoding="utf-8"))
    other = write(tmp_path / "other.txt", f"Talks resume\nMarch 9, 2021\n\n{OTHER}\n")
    db = tmp_path / "d.duckdb"
    with Store(db) as store:
        stats = run_into_store([wire, synd, update, exact, other], store, pipeline)
    assert (stats.stored, stats.skipped, stats.exact_copies, stats.near_copies) == (4, 1, 1, 2)
    con = duckdb.connect(str(db), read_only=True)
    links = con.execute("""SELECT d.doc_id, l.kind, c.doc_id FROM duplicates l
                           LEFT JOIN documents d ON d.doc_key = l.doc_key
                           JOIN documents c ON c.doc_key = l.canonical_key
                           ORDER BY l.kind, d.doc_id""").fetchall()
    assert links == [(None, "exact", "wire"), ("syndicated", "near", "wire"),
                     ("update", "near", "wire")]
    # the near copies keep their own rows and events (provenance) ...
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    per_doc = dict(con.execute("SELECT d.doc_id, count(e.event_id) FROM documents d LEFT JOIN "
                               "events e USING (doc_key) GROUP BY 1").fetchall())
    assert per_doc["syndicated"] == per_doc["wire"] > 0
    # ... but the dyads view counts the story once
    counted = con.execute("SELECT sum(n_events) FROM dyads").fetchone()[0]
    pairs = """SELECT count(*) FROM (SELECT DISTINCT e.event_id, s.country, t.country
               FROM events e JOIN documents d USING (doc_key)
               JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
               JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
               WHERE e.modality = 'asserted' AND s.country IS NOT NULL
                 AND t.country IS NOT NULL {})"""
    originals = con.execute(pairs.format("AND d.doc_id IN ('wire', 'other')")).fetchone()[0]
    everything = con.execute(pairs.format("")).fetchone()[0]
    con.close()
    assert counted == originals < everything
    # a re-run adds nothing, and finds copies of stored documents from their signatures
    later = write(tmp_path / "later.txt", f"Missile over Japan (update)\nOctober 5, 2022\n\n"
                                          f"{STORY} Tokyo lodged a protest.\n")
    with Store(db) as store:
        again = run_into_store([wire, synd, update, exact, other, later], store, pipeline)
        assert (again.stored, again.near_copies, store.count("duplicates")) == (1, 1, 4)
