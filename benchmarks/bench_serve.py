"""Load benchmark of `dyadwatch serve` (#7): synthesise a database of N events (100,000 by
default) with the real schema, then time the API's dyad, filter and page queries through the
FastAPI app (in process, so the numbers are the server's own work, not the network's).
Not a test: timings depend on the machine.

    python benchmarks/bench_serve.py [--events 100000] [--repeat 15] [--db /tmp/load.duckdb]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dyadwatch.store import Store

# Countries the synthetic events are drawn from; the first few are drawn more often, as real
# news concentrates on a few dyads.
COUNTRIES = ["KOR", "PRK", "JPN", "USA", "CHN", "RUS", "UKR", "IND", "PAK", "IRN", "ISR", "SYR",
             "TUR", "DEU", "FRA", "GBR", "BRA", "MEX", "ZAF", "NGA", "EGY", "SAU", "AUS", "IDN",
             "VNM", "PHL", "TWN", "MMR", "AFG", "IRQ"]
WORDS = ["missile", "talks", "sanctions", "summit", "drill", "protest", "aid", "border", "navy",
         "election", "treaty", "troops", "ceasefire", "visit", "statement", "trade"]


def synthesise(path: Path, n_events: int) -> None:
    """Fill a fresh dyadwatch database with `n_events` plausible rows (10 per document)."""
    Store(path).close()  # creates the schema
    con = duckdb.connect(str(path))
    n_docs = max(1, n_events // 10)
    pick = "list_extract(?, 1 + CAST(floor(pow(random(), 2) * len(?)) AS INTEGER))"
    con.execute("SELECT setseed(0.42)")
    con.execute(f"""
        INSERT INTO documents
        SELECT lpad(printf('%x', i), 16, '0'), printf('%064x', i), 'doc-' || i, 'synthetic:' || i,
               NULL, 'Synthetic story ' || i || ' about ' || {pick},
               DATE '2015-01-01' + CAST(random() * 3650 AS INTEGER),
               'Outlet ' || (i % 40), NULL, 'en',
               repeat('Filler sentence for the synthetic corpus. ', 20), [], 10,
               now()::TIMESTAMP, 'bench'
        FROM range(?) t(i)""", [WORDS, WORDS, n_docs])
    con.execute(f"""
        CREATE TEMP TABLE ev AS
        SELECT i, lpad(printf('%x', i // 10), 16, '0') AS doc_key, i % 10 AS idx,
               {pick} AS src, {pick} AS tgt,
               lpad(CAST(1 + CAST(floor(random() * 20) AS INTEGER) AS VARCHAR), 2, '0') AS root,
               random() AS r, {pick} AS word
        FROM range(?) t(i)""", [COUNTRIES, COUNTRIES, COUNTRIES, COUNTRIES, WORDS, WORDS,
                                n_events])
    con.execute("""
        INSERT INTO events
        SELECT ev.doc_key || '-' || ev.idx, ev.doc_key, ev.idx, ev.idx, ev.src, ev.src, 'GOV',
               NULL, ev.tgt, ev.tgt, NULL, NULL, ev.root || '0', ev.root,
               round(10 - CAST(ev.root AS INTEGER), 1),
               CASE WHEN CAST(ev.root AS INTEGER) <= 5 THEN 1
                    WHEN CAST(ev.root AS INTEGER) <= 9 THEN 2
                    WHEN CAST(ev.root AS INTEGER) <= 14 THEN 3 ELSE 4 END,
               'CONSULT', NULL, [],
               CASE WHEN ev.r < 0.9 THEN 'asserted' WHEN ev.r < 0.95 THEN 'future'
                    ELSE 'negated' END,
               false,
               CASE WHEN ev.r < 0.85 THEN strftime(d.pub_date, '%Y-%m-%d')
                    ELSE strftime(d.pub_date, '%Y-%m') END,
               CASE WHEN ev.r < 0.85 THEN 'day' ELSE 'month' END, NULL, 'publication',
               NULL, NULL, NULL, NULL,
               ev.src || ' officials discussed the ' || ev.word || ' with ' || ev.tgt || '.',
               0, 40, 'discussed', 0.7, 'bench'
        FROM ev JOIN documents d USING (doc_key)""")
    con.execute("""
        INSERT INTO event_actors
        SELECT doc_key || '-' || idx, 'source', 0, src, NULL, NULL, src, 'GOV', 0, 3 FROM ev
        UNION ALL
        SELECT doc_key || '-' || idx, 'target', 0, tgt, NULL, NULL, tgt, NULL, 30, 33 FROM ev""")
    con.execute("""
        INSERT INTO quotes
        SELECT doc_key, 0, 'We will not accept this.', 'a spokesperson', NULL, NULL, src, 'GOV',
               NULL, 'en', 0, 24 FROM ev WHERE idx = 0""")
    con.close()


def timed(client: object, url: str, repeat: int) -> tuple[float, float, int]:
    """Median and worst wall time (ms) of `repeat` GETs after one warm-up, and the status."""
    client.get(url)  # type: ignore[attr-defined]
    times = []
    status = 0
    for _ in range(repeat):
        start = time.perf_counter()
        status = client.get(url).status_code  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", type=Path, help="keep the synthetic database here")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from dyadwatch.api import create_app

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "load.duckdb"
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        synthesise(path, args.events)
        built = time.perf_counter() - started
        with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
            counts = client.get("/api/overview").json()["counts"]
            top = client.get("/api/dyads?limit=1").json()["items"][0]
            a, b = top["source_country"], top["target_country"]
            doc = client.get("/api/documents?limit=1").json()["items"][0]["doc_key"]
            urls = [
                "/api/overview",
                "/api/dyads?limit=20",
                f"/api/dyads/{a}/{b}/series?granularity=month",
                f"/api/dyads/{a}/{b}/series?granularity=day",
                f"/api/events?source={a}&target={b}&limit=50",
                (f"/api/events?source={a}&target={b}&both_directions=true"
                 "&date_from=2020&date_to=2021-06"),
                (f"/api/events?source={a}&target={b}&modality=asserted"
                 "&date_from=2019-03&date_to=2019-03"),
                f"/api/events?country={b}&quad_class=4&modality=asserted",
                "/api/events?q=missile&cameo=19&outlet=Outlet%207",
                "/api/events?date_from=2022-01-01&date_to=2022-01-31&order=goldstein",
                "/api/events?offset=90000&limit=50",
                "/api/actors?limit=50",
                f"/api/actors/{a}",
                "/api/quotes?speaker=USA",
                f"/api/documents/{doc}",
                "/",
                f"/dyads/{a}/{b}",
                f"/events?country={b}&quad_class=4",
                f"/actors/{a}",
            ]
            rows = [(url, *timed(client, url, args.repeat)) for url in urls]
    print(f"# dyadwatch serve load benchmark: {counts['events']:,} events, "
          f"{counts['documents']:,} documents, {counts['quotes']:,} quotes "
          f"(synthesised in {built:.1f} s); {args.repeat} timed GETs each after a warm-up")
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"duckdb {duckdb.__version__}")
    print("| request | median ms | max ms | status |")
    print("|---|---:|---:|---:|")
    for url, median, worst, status in rows:
        print(f"| `{url}` | {median:.1f} | {worst:.1f} | {status} |")
    slow = [url for url, median, _, status in rows if median >= 1000 or status != 200]
    if slow:
        print(f"# slower than 1 s or failed: {slow}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
