"""Throughput benchmark of the whole pipeline (read, clean, dedup, NLP, actors, coding, store):
the first N documents of the shared news corpus go through `dyadwatch run` into a temporary
DuckDB file, in each mode asked for, each in a fresh process:

    single   one process (--workers 1)
    multi    local worker processes (--workers N, default all cores)
    dask     a Dask LocalCluster of N single-threaded worker processes (--dask local)

Prints docs/s, words/s, events/s and peak memory of the whole process tree (the parent plus
every worker; RSS sampled every 0.2 s, PSS every 5 s and at each new RSS peak): RSS summed over
the processes (pages shared by forked workers counted once per process, an upper bound) and
PSS (shared pages split between the processes that share them: what the tree really holds).
Not a test: timings depend on the machine and its load.

    python benchmarks/bench_pipeline.py --docs 2000 --modes single,multi,dask
    python benchmarks/bench_pipeline.py --docs all --modes multi       # make bench-full
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"


class TreeMemory:
    """Peak RSS and PSS of this process and all its descendants, sampled in a thread."""

    PSS_EVERY = 25  # samples (5 s)

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._root = psutil.Process()
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_processes = 0
        self.peak_process_rss = 0  # the largest single process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:  # noqa: PYI034
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self, with_pss: bool = True) -> None:
        """RSS of every process (cheap); PSS too when asked or at a new RSS peak. PSS reads
        /proc/PID/smaps, about 27 ms per 1-GB process: sampled five times a second for three
        processes it would take a fifth of a core from the run it measures."""
        import psutil

        processes = [self._root, *self._root.children(recursive=True)]
        infos = []
        for proc in processes:
            try:
                infos.append((proc, proc.memory_info().rss))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        rss = sum(r for _, r in infos)
        if with_pss or rss > self.peak_rss:
            pss = 0
            for proc, r in infos:
                try:
                    pss += getattr(proc.memory_full_info(), "pss", r)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pss += r
            self.peak_pss = max(self.peak_pss, pss)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_process_rss = max([self.peak_process_rss, *(r for _, r in infos)])
        self.peak_processes = max(self.peak_processes, len(processes))

    def _run(self) -> None:
        ticks = 0
        while not self._stop.wait(self.interval):
            ticks += 1
            self.sample(with_pss=ticks % self.PSS_EVERY == 0)


def slice_corpus(corpus: Path, n: int | None, out: Path) -> tuple[int, int]:
    """The first `n` lines (all when None) of the corpus as a JSONL file; (docs, words)."""
    docs = words = 0
    with corpus.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in itertools.islice(src, n):
            if not line.strip():
                continue
            record = json.loads(line)
            words += len(str(record.get("text", "")).split())
            docs += 1
            dst.write(line if line.endswith("\n") else line + "\n")
    return docs, words


class Segments:
    """docs/s over each successive `every` documents: the corpus mixes short wire items with
    long articles, and the rate moves with them."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.done = 0
        self.rates: list[float] = []
        self._mark = (0, time.perf_counter())

    def __call__(self, n: int) -> None:
        self.done += n
        if self.done - self._mark[0] >= self.every:
            now = time.perf_counter()
            self.rates.append(round((self.done - self._mark[0]) / (now - self._mark[1]), 1))
            self._mark = (self.done, now)


def run_mode(mode: str, corpus: Path, n: int | None, workers: int, batch_size: int,
             segment_docs: int = 5000) -> dict:
    """One mode in this process: load, then time `run_into_store` into a fresh database."""
    from dyadwatch.config import Settings
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="dyadwatch-bench-"))
    data = tmp / "docs.jsonl"
    n_docs, n_words = slice_corpus(corpus, n, data)
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        pipeline = Pipeline.create(Settings(batch_size=batch_size))
        pipeline.warm_up()  # the gazetteer and language models load on first use: not timed
        client = None
        if mode == "dask":
            from dyadwatch.dask_executor import connect, preload

            client = connect("local", workers)
            preload(client, pipeline.settings)
        load_s = time.perf_counter() - t0
        cpu_before, _ = _cpu_seconds()
        segments = Segments(segment_docs)
        with Store(tmp / "bench.duckdb") as store:
            stats = run_into_store([str(data)], store, pipeline,
                                   workers=workers if mode == "multi" else 1, dask=client,
                                   on_progress=segments)
            stored = store.count("documents")
        if client is not None:
            from dyadwatch.dask_executor import close

            close(client)
        memory.sample()
    parent_cpu, tree_cpu = _cpu_seconds()
    seconds = stats.seconds
    return {
        "mode": mode, "workers": 1 if mode == "single" else workers, "docs": n_docs,
        "words": n_words, "stored": stored, "events": stats.events,
        "seconds": round(seconds, 1), "docs_per_s": round(n_docs / seconds, 1),
        "words_per_s": round(n_words / seconds), "events_per_s": round(stats.events / seconds, 1),
        "peak_rss_tree_mb": round(memory.peak_rss / 2**20),
        "peak_pss_tree_mb": round(memory.peak_pss / 2**20),
        "peak_rss_largest_process_mb": round(memory.peak_process_rss / 2**20),
        "processes": memory.peak_processes, "load_s": round(load_s, 1),
        f"docs_per_s_by_{segment_docs}_docs": segments.rates,
        # CPU seconds of the run (parent from the start of the run, workers whole; Dask
        # workers' model loading included): on a shared machine docs per CPU-second is the
        # steadier figure
        "parent_cpu_s": round(parent_cpu - cpu_before, 1),
        "run_cpu_s": round(tree_cpu - cpu_before, 1),
        "docs_per_cpu_s": round(n_docs / (tree_cpu - cpu_before), 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _cpu_seconds() -> tuple[float, float]:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent = own.ru_utime + own.ru_stime
    return parent, parent + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", default="2000", help="how many documents, or 'all'")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--modes", default="single,multi",
                        help="comma-separated: single, multi, dask")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one mode here (internal)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (needs ../shared/data)", file=sys.stderr)
        return 2
    n = None if args.docs == "all" else int(args.docs)
    if args.one:
        print(json.dumps(run_mode(args.one, args.corpus, n, args.workers, args.batch_size)))
        return 0
    print(f"machine: {platform.machine()} {platform.processor() or ''}, "
          f"{os.cpu_count()} cores, python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.1f}", file=sys.stderr)
    header = ("| mode | workers | docs | words | events | docs/s | words/s | events/s "
              "| peak RSS (tree) | peak PSS (tree) |")
    rows = []
    for mode in args.modes.split(","):
        out = subprocess.run([sys.executable, __file__, "--docs", args.docs, "--corpus",
                              str(args.corpus), "--workers", str(args.workers),
                              "--batch-size", str(args.batch_size), "--one", mode],
                             check=False, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return out.returncode
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(r), file=sys.stderr)
        rows.append(f"| {r['mode']} | {r['workers']} | {r['docs']:,} | {r['words']:,} | "
                    f"{r['events']:,} | {r['docs_per_s']} | {r['words_per_s']:,} | "
                    f"{r['events_per_s']} | {r['peak_rss_tree_mb']:,} MB | "
                    f"{r['peak_pss_tree_mb']:,} MB |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
