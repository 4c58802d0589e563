"""Benchmark: ``ceasefire extract`` of one very large text file in bounded memory.

Writes a text of ``--mb`` megabytes (news-like paragraphs, one in ``--every`` about shelling)
and a small one of ``--base-mb`` (just over the streaming threshold), codes each with
``ceasefire extract`` in its own process and prints wall time, throughput and the process's
peak resident memory (``ru_maxrss`` of the child), with the ratio large/small measured in the
same run: bounded memory means a ratio near 1 whatever the size.

    python bench/bench_stream.py [--mb 200] [--base-mb 5] [--every 2000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPHS = [
    "The central bank kept its main interest rate unchanged, citing steady inflation.",
    "Farmers in the region expect a good wheat harvest after the spring rains.",
    "The film festival closed with an award for a first-time director from the coast.",
    "Engineers finished repairs on the main bridge, which reopened to traffic on Monday.",
]
CONFLICT = "Regime forces shelled Kafr Nabl in Idleb countryside on Monday, killing two civilians."


def write_text(path: Path, megabytes: float, every: int) -> int:
    target = int(megabytes * 1024 * 1024)
    written = 0
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Title: Synthetic archive\nDate: 2017-01-25\n\n")
        while written < target:
            text = CONFLICT if n % every == every - 1 else PARAGRAPHS[n % len(PARAGRAPHS)]
            fh.write(text + "\n\n")
            written += len(text) + 2
            n += 1
    return n


def run_extract(path: Path, out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in KB and the last line of stderr of one extract process."""
    exe = Path(sys.executable).with_name("ceasefire")
    cmd = [str(exe), "extract", str(path), "-o", str(out), "--format", "jsonl", "--force"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"extract failed ({proc.returncode}): {err[-2000:]}")
    lines = [line for line in err.splitlines() if line.strip()]
    return wall, usage.ru_maxrss, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of the large text")
    parser.add_argument("--base-mb", type=float, default=5.0, help="size of the baseline text")
    parser.add_argument("--every", type=int, default=2000, help="one conflict paragraph in N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, size in (("baseline", args.base_mb), ("large", args.mb)):
            path = Path(tmp) / f"{label}.txt"
            paragraphs = write_text(path, size, args.every)
            wall, rss_kb, said = run_extract(path, Path(tmp) / f"{label}.jsonl")
            mb = path.stat().st_size / 1024 / 1024
            rows.append((label, mb, paragraphs, wall, rss_kb))
            print(
                f"{label:8} {mb:8.1f} MB {paragraphs:>10,} paragraphs {wall:8.1f} s "
                f"{mb / wall:6.2f} MB/s  peak RSS {rss_kb / 1024:7.1f} MB  ({said})"
            )
            path.unlink()
        base, large = rows
        print(
            f"size x{large[1] / base[1]:.0f}: time x{large[3] / base[3]:.1f}, "
            f"peak memory x{large[4] / base[4]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
