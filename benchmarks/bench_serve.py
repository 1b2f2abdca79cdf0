"""Load benchmark of `dyadwatch serve`: synthesise a database of N events (100,000 by
default) with the real schema, then time every page and API route.

Two modes. `--clients 1` (default) times each URL through the FastAPI app in process, so the
numbers are the server's own work. `--clients 20` starts a real `dyadwatch serve` process on
127.0.0.1 and lets 20 threads, each with its own HTTP connection, request the URLs in a
shuffled order for `--rounds` rounds, as 20 dashboard users would: p50/p95/max per route.
Not a test: timings depend on the machine.

    python benchmarks/bench_serve.py [--events 100000] [--repeat 15] [--db /tmp/load.duckdb]
    python benchmarks/bench_serve.py --clients 20 --rounds 10
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from dyadwatch.merge.store import merge_events
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
    merge_events(con)  # as `dyadwatch run` leaves a database: every event merged
    con.close()


def bench_urls(get: object) -> list[str]:
    """Every page and API route, with parameters taken from the data (`get(url)` -> JSON)."""
    top = get("/api/dyads?limit=1")["items"][0]  # type: ignore[operator]
    a, b = top["source_country"], top["target_country"]
    doc = get("/api/documents?limit=1")["items"][0]["doc_key"]  # type: ignore[operator]
    event = get(f"/api/events?source={a}&target={b}&limit=1")["items"][0]["event_id"]  # type: ignore[operator]
    return [
        "/api/overview",
        "/api/dyads?limit=20",
        f"/api/dyads/{a}/{b}/series?granularity=month",
        f"/api/dyads/{a}/{b}/series?granularity=day",
        f"/api/dyads/{a}/{b}/assessments",
        f"/api/events?source={a}&target={b}&limit=50",
        (f"/api/events?source={a}&target={b}&both_directions=true"
         "&date_from=2020&date_to=2021-06"),
        (f"/api/events?source={a}&target={b}&modality=asserted"
         "&date_from=2019-03&date_to=2019-03"),
        f"/api/events?country={b}&quad_class=4&modality=asserted",
        "/api/events?q=missile&cameo=19&outlet=Outlet%207",
        "/api/events?date_from=2022-01-01&date_to=2022-01-31&order=goldstein",
        "/api/events?offset=90000&limit=50",
        f"/api/events/{event}",
        "/api/actors?limit=50",
        f"/api/actors/{a}",
        "/api/quotes?speaker=USA",
        "/api/documents?limit=20",
        f"/api/documents/{doc}",
        "/",
        f"/dyads/{a}/{b}",
        f"/events?country={b}&quad_class=4",
        f"/actors/{a}",
        f"/documents/{doc}",
    ]


def in_process(path: Path, repeat: int) -> tuple[dict[str, int], list[tuple[str, list[float], int]]]:
    """Each URL timed `repeat` times, one at a time, through the app in this process, with the
    response cache emptied before each request: the cost of computing each answer."""
    from fastapi.testclient import TestClient

    from dyadwatch.api import create_app

    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        counts = client.get("/api/overview").json()["counts"]
        urls = bench_urls(lambda url: client.get(url).json())
        rows = []
        for url in urls:
            client.get(url)  # warm-up
            times, status = [], 0
            for _ in range(repeat):
                client.app.state.data_version += 1  # type: ignore[attr-defined]  # a miss
                start = time.perf_counter()
                status = client.get(url).status_code
                times.append((time.perf_counter() - start) * 1000)
            rows.append((url, times, status))
    return counts, rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NEWS = ["Chile criticized Peru on Monday.", "Japan condemned China over the islands.",
        "Iran accused Israel of sabotage.", "Turkey threatened Greece with sanctions."]


def drop_news(inbox: Path, every: float, stop: threading.Event) -> int:
    """Write a small news file into `inbox` every `every` seconds until `stop`; how many."""
    n = 0
    while not stop.wait(every):
        lines = [{"id": f"live-{n}-{i}", "date": "2024-03-04",
                  "text": f"{NEWS[(n + i) % len(NEWS)]} (live report {n}-{i})"} for i in range(5)]
        (inbox / f"live-{n}.jsonl").write_text(
            "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        n += 1
    return n


def concurrent(path: Path, clients: int, rounds: int,
               write_every: float = 0.0) -> tuple[dict[str, int], list[tuple[str, list[float], int]]]:
    """`clients` threads, each its own HTTP connection to a real `dyadwatch serve` process,
    each requesting every URL once per round in its own shuffled order. With `write_every`,
    the server also watches a folder that gets a news file every `write_every` seconds, so the
    data (and the cache) changes under the load, as when monitoring."""
    import httpx

    port = free_port()
    command = [str(Path(sys.executable).with_name("dyadwatch")), "serve", "--db", str(path),
               "--port", str(port)]
    inbox = path.with_suffix(".inbox")  # the watched folder, removed afterwards
    if write_every:
        inbox.mkdir(exist_ok=True)
        command += ["--watch", str(inbox), "--interval", "0.5"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/overview", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: {server.stderr.read().decode()}")
                time.sleep(0.3)
        counts = httpx.get(base + "/api/overview").json()["counts"]
        urls = bench_urls(lambda url: httpx.get(base + url).json())
        times: dict[str, list[float]] = {url: [] for url in urls}
        statuses: dict[str, set[int]] = {url: set() for url in urls}
        barrier = threading.Barrier(clients)

        def user(seed: int) -> None:
            order = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60) as client:
                barrier.wait()
                for _ in range(rounds):
                    for url in order.sample(urls, len(urls)):
                        start = time.perf_counter()
                        status = client.get(url).status_code
                        times[url].append((time.perf_counter() - start) * 1000)
                        statuses[url].add(status)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(clients)]
        stop = threading.Event()
        dropped: list[int] = []
        if write_every:
            threads.append(threading.Thread(
                target=lambda: dropped.append(drop_news(inbox, write_every, stop))))
        for thread in threads:
            thread.start()
        for thread in threads[:clients]:
            thread.join()
        stop.set()
        for thread in threads[clients:]:
            thread.join()
        if write_every:
            after = httpx.get(base + "/api/overview").json()["counts"]["documents"]
            print(f"# {dropped[0]} news files dropped during the load; documents "
                  f"{counts['documents']:,} -> {after:,}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(inbox, ignore_errors=True)
    return counts, [(url, times[url], max(statuses[url])) for url in urls]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed GETs per URL (1 client)")
    parser.add_argument("--clients", type=int, default=1,
                        help="concurrent clients against a real server (1: in process)")
    parser.add_argument("--rounds", type=int, default=10,
                        help="times each client requests every URL (--clients > 1)")
    parser.add_argument("--write-every", type=float, default=0.0, metavar="S",
                        help="serve with --watch and drop a news file into the folder every S "
                             "seconds during the load (--clients > 1)")
    parser.add_argument("--db", type=Path, help="keep the synthetic database here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "load.duckdb"
        started = time.perf_counter()
        if not path.exists():
            synthesise(path, args.events)
        built = time.perf_counter() - started
        if args.clients > 1:
            counts, rows = concurrent(path, args.clients, args.rounds, args.write_every)
            how = (f"{args.clients} concurrent clients against `dyadwatch serve` on 127.0.0.1, "
                   f"each requesting every URL {args.rounds} times in its own order"
                   + (f", a news file stored every {args.write_every:g} s"
                      if args.write_every else ""))
        else:
            counts, rows = in_process(path, args.repeat)
            how = (f"in process, {args.repeat} timed GETs per URL after a warm-up, "
                   "each computed (response cache emptied before it)")
    print(f"# dyadwatch serve load benchmark: {counts['events']:,} events, "
          f"{counts['documents']:,} documents, {counts['quotes']:,} quotes "
          f"(database ready in {built:.1f} s); {how}")
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, duckdb {duckdb.__version__}")
    print("| request | p50 ms | p95 ms | max ms | status |")
    print("|---|---:|---:|---:|---:|")
    for url, times, status in rows:
        print(f"| `{url}` | {percentile(times, 0.5):.1f} | {percentile(times, 0.95):.1f} | "
              f"{max(times):.1f} | {status} |")
    everything = [t for _, times, _ in rows for t in times]
    print(f"| all {len(everything):,} requests | {percentile(everything, 0.5):.1f} | "
          f"{percentile(everything, 0.95):.1f} | {max(everything):.1f} | |")
    failed = [url for url, _, status in rows if status != 200]
    if failed:
        print(f"# failed: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
