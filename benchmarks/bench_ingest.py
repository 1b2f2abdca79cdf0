"""Ingest + clean + dedup throughput on the shared news corpus (no NLP): reads every document,
cleans it, links near-duplicates, and reports docs/s, the share of documents with a
publication date (from the record or found in the text), copies linked, errors and languages.
Not a test: timings depend on the machine.

    python benchmarks/bench_ingest.py [--corpus ../shared/data/corpus/news_docs.jsonl] [--docs N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=0, help="only the first N (0 = all)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (needs ../shared/data)", file=sys.stderr)
        return 2

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from dyadwatch.clean import clean_document
    from dyadwatch.clean.dedup import NearDuplicateIndex, StoryLinker
    from dyadwatch.clean.pubdate import normalise_date
    from dyadwatch.config import Settings
    from dyadwatch.ingest import iter_inputs
    from dyadwatch.store.db import doc_key

    with args.corpus.open("rb") as fh:
        total = sum(1 for line in fh if line.strip())
    if args.docs:
        total = min(total, args.docs)
    linker = StoryLinker(NearDuplicateIndex(threshold=Settings().dedup_threshold), {}, doc_key)
    counts: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    words = 0
    started = time.perf_counter()
    with Progress(TextColumn("[bold]ingest + clean + dedup"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn()) as progress:
        task = progress.add_task("ingest", total=total)
        for raw in itertools.islice(iter_inputs([args.corpus]), total or None):
            progress.advance(task)
            counts["documents"] += 1
            if linker.seen_before(raw):
                counts["exact copies" if linker.exact_link(raw) else "re-read"] += 1
                continue
            linker.remember(raw)
            doc = clean_document(raw)
            if doc.error:
                counts["errors"] += 1
                continue
            words += len(doc.text.split())
            counts["cleaned"] += 1
            languages[doc.language] += 1
            if doc.date:
                counts["dated"] += 1
                counts["dated by record" if normalise_date(raw.date) else "dated from text"] += 1
            counts["with title"] += doc.title is not None
            counts["with outlet"] += doc.outlet is not None
            link, _ = linker.near_link(doc)
            counts["near copies"] += link is not None
    elapsed = time.perf_counter() - started
    cleaned = max(counts["cleaned"], 1)
    result = {
        "documents": counts["documents"], "cleaned": counts["cleaned"],
        "errors": counts["errors"], "exact_copies": counts["exact copies"],
        "near_copies": counts["near copies"], "words": words, "seconds": round(elapsed, 1),
        "docs_per_s": round(counts["documents"] / elapsed, 1),
        "words_per_s": round(words / elapsed),
        "share_dated": round(counts["dated"] / cleaned, 4),
        "share_dated_by_record": round(counts["dated by record"] / cleaned, 4),
        "share_dated_from_text": round(counts["dated from text"] / cleaned, 4),
        "share_with_title": round(counts["with title"] / cleaned, 4),
        "languages": dict(languages.most_common()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()} python {platform.python_version()}",
    }
    print(f"{result['documents']} documents in {elapsed:.1f} s ({result['docs_per_s']} docs/s, "
          f"{result['words_per_s']} words/s): {result['cleaned']} cleaned, {result['errors']} "
          f"errors, {result['exact_copies']} exact and {result['near_copies']} near copies "
          f"linked; {100 * result['share_dated']:.1f} % with a publication date")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
