"""Korean throughput against English: `dyadwatch run` (the whole process: start, model loads,
coding, storing) over N Korean documents and N English ones, with 1 and 2 workers.

Korean documents: our labelled Korean sentences (training/korean/), ten drawn for each
document with a fixed seed. English documents: the first N documents of ../shared/data/corpus/news_docs.jsonl
cut to the same number of characters per document on average. Not a test: timings depend on the
machine.

    python benchmarks/bench_korean.py [--docs 300]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"
DYADWATCH = str(Path(sys.executable).with_name("dyadwatch"))


def korean_documents(n: int) -> list[dict[str, str]]:
    sentences = [json.loads(line)["sentence"]
                 for path in sorted((REPO / "training" / "korean").glob("sentences_*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Ten sentences drawn per document with its own seed: distinct texts, so no document is
    # skipped as a copy of another.
    return [{"id": f"ko-{i}", "date": "2024-03-04",
             "text": " ".join(random.Random(i).sample(sentences, 10))} for i in range(n)]


def english_documents(n: int, chars: int) -> list[dict[str, str]]:
    docs = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if len(record.get("text") or "") >= chars:
                docs.append({"id": record["id"], "date": "2024-03-04",
                             "text": record["text"][:chars]})
            if len(docs) == n:
                break
    return docs


def timed_run(docs: list[dict[str, str]], workers: int, tmp: Path) -> tuple[float, int]:
    source, db = tmp / f"in-{workers}.jsonl", tmp / f"out-{workers}.duckdb"
    source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([DYADWATCH, "run", str(source), "--db", str(db), "--workers", str(workers),
                    "--quiet"], check=True)
    seconds = time.perf_counter() - started
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        events = con.execute("SELECT count(*) FROM events").fetchone()
    return seconds, int(events[0]) if events else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    korean = korean_documents(args.docs)
    chars = sum(len(d["text"]) for d in korean) // len(korean)
    english = english_documents(args.docs, chars)
    print(f"# {args.docs} documents of about {chars} characters each; whole `dyadwatch run`")
    print("| language | workers | seconds | docs/s | events |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, docs in (("Korean", korean), ("English", english)):
            for workers in (1, 2):
                seconds, events = timed_run(docs, workers, Path(tmp))
                print(f"| {name} | {workers} | {seconds:.1f} | {len(docs) / seconds:.1f} | "
                      f"{events} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
