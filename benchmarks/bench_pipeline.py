"""Throughput benchmark: code N documents of the shared news corpus and report docs/s, words/s,
events/s and peak RSS. Not a test: timings depend on the machine.

    python benchmarks/bench_pipeline.py --docs 2000 [--corpus ../shared/data/corpus/news_docs.jsonl]
    python benchmarks/bench_pipeline.py --docs 2000 --db /tmp/bench.duckdb   # include the store
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def read_corpus(path: Path, n: int) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--db", help="also store into this DuckDB file (a temp file if 'temp')")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (needs ../shared/data)", file=sys.stderr)
        return 2

    from dataclasses import replace

    from dyadwatch.config import Settings
    from dyadwatch.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline.create(replace(Settings(), batch_size=args.batch_size))
    load_s = time.perf_counter() - t0
    records = read_corpus(args.corpus, args.docs)
    words = sum(len(str(r.get("text", "")).split()) for r in records)
    docs = [{"id": r["id"], "text": r["text"], "title": r.get("title") or None,
             "date": r.get("date")} for r in records]

    store = None
    if args.db:
        from dyadwatch.store import Store

        path = Path(tempfile.mkdtemp()) / "bench.duckdb" if args.db == "temp" else Path(args.db)
        store = Store(path)
    t1 = time.perf_counter()
    n_events = 0
    batch = []
    for coded in pipeline.code_documents(docs):
        n_events += len(coded.events)
        if store is not None:
            batch.append(coded)
            if len(batch) >= 200:
                store.write_batch(batch)
                batch.clear()
    if store is not None and batch:
        store.write_batch(batch)
    elapsed = time.perf_counter() - t1
    result = {
        "docs": len(docs), "words": words, "events": n_events, "seconds": round(elapsed, 2),
        "docs_per_s": round(len(docs) / elapsed, 1), "words_per_s": round(words / elapsed),
        "events_per_s": round(n_events / elapsed, 1), "peak_rss_mb": round(peak_rss_mb()),
        "model_load_s": round(load_s, 2), "store": bool(store), "workers": 1,
        "machine": f"{platform.machine()} {platform.processor() or ''} python "
                   f"{platform.python_version()}".strip(),
    }
    print(f"{result['docs']} docs, {words} words, {n_events} events in {elapsed:.1f} s: "
          f"{result['docs_per_s']} docs/s, {result['words_per_s']} words/s, "
          f"{result['events_per_s']} events/s, peak RSS {result['peak_rss_mb']} MB")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
