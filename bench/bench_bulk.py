"""Benchmark: ceasefire bulk on a LocalCluster of 1 and 2 workers against single-process extract.

The corpus is bench_coder.py's news mix (most sentences not about violence; ACLED dev notes
from ../shared mixed in when present, never stored here), cut into articles of 8 sentences,
all distinct, written as one JSON Lines file. Every side is timed warm: the extract process's
coder is built first, and each cluster's workers build theirs (the worker plugin) before the
clock starts. Prints sentences/s for each, the ratios, and the hours 6 million sentences (a
day of GDELT-scale news) would take on this machine with 2 workers. Goal: 2 workers >= 1.7x
1 worker. On a shared machine, note the load average printed with the figures.

    python bench/bench_bulk.py [--sentences 20000] [--partition 25] [--no-acled]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench_coder import corpus

DAY = 6_000_000


def write_corpus(
    folder: Path, sentences: int, use_acled: bool, per_doc: int = 8
) -> tuple[Path, int]:
    from ceasefire.coding.sentences import split_sentences

    texts = corpus(sentences, 0.15, use_acled)
    docs = [" ".join(texts[i : i + per_doc]) for i in range(0, len(texts), per_doc)]
    path = folder / "news.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(docs):
            fh.write(json.dumps({"id": i, "text": doc}) + "\n")
    return path, sum(1 for d in docs for _ in split_sentences(d))


def time_extract(path: Path, out: Path) -> float:
    from ceasefire.bulk.worker import warm_coder
    from ceasefire.coding.extract import extract_files

    warm_coder()
    start = time.perf_counter()
    extract_files([path], output=out, fmt="jsonl")
    return time.perf_counter() - start


def time_bulk(path: Path, out: Path, workers: int, partition: int) -> float:
    from distributed import Client, LocalCluster

    from ceasefire.bulk.runner import run_bulk
    from ceasefire.bulk.worker import CoderPlugin

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
        dashboard_address=":0",
    ) as cluster, Client(cluster) as client:  # fmt: skip
        client.register_plugin(CoderPlugin())  # workers build their coders before the clock
        start = time.perf_counter()
        run_bulk([path], out, scheduler=cluster.scheduler_address, partition_size=partition)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--partition", type=int, default=25, help="articles per partition")
    parser.add_argument("--no-acled", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
        folder = Path(tmp)
        path, n = write_corpus(folder, args.sentences, not args.no_acled)
        load = os.getloadavg()
        extract_s = time_extract(path, folder / "extract.jsonl")
        one = time_bulk(path, folder / "one", 1, args.partition)
        two = time_bulk(path, folder / "two", 2, args.partition)
        same = _rows(folder / "one") == _rows(folder / "two") == _jsonl(folder / "extract.jsonl")
        after = os.getloadavg()
    rates = {name: n / secs for name, secs in (("extract", extract_s), ("1w", one), ("2w", two))}
    print(f"corpus: {n} sentences in {path.name}; cores {os.cpu_count()}; load average "
          f"{load[0]:.1f} before, {after[0]:.1f} after")  # fmt: skip
    print(f"extract (1 process)  {rates['extract']:8.1f} sentences/s  ({extract_s:.1f} s)")
    print(f"bulk, 1 worker       {rates['1w']:8.1f} sentences/s  ({one:.1f} s)")
    print(f"bulk, 2 workers      {rates['2w']:8.1f} sentences/s  ({two:.1f} s)")
    print(f"ratio 2 workers / 1 worker: {rates['2w'] / rates['1w']:.2f}x (goal >= 1.7x)")
    print(f"ratio 1 worker / extract:   {rates['1w'] / rates['extract']:.2f}x")
    print(f"outputs identical: {same}")
    print(f"{DAY:,} sentences with 2 workers on this machine: {DAY / rates['2w'] / 3600:.1f} h")


def _rows(folder: Path) -> list[object]:
    from ceasefire.bulk.partitions import read_rows

    return [r for p in sorted(folder.glob("part-*.parquet")) for r in read_rows(p)]


def _jsonl(path: Path) -> list[object]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


if __name__ == "__main__":
    main()
