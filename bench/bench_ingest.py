"""Bulk ingest of ACLED rows into SQLite: ceasefire's ingest against plain sqlite3 executemany.

Both runs read the same CSV file (synthetic rows in ACLED's 31-column schema) into a fresh
SQLite file in WAL mode with synchronous=NORMAL. The baseline parses the CSV with the csv
module and executemany()s the rows into a table of 31 TEXT columns: no validation, no types,
no hashes, no audit. Each side runs ``--repeat`` times; the best time counts.

Usage: python bench/bench_ingest.py [--rows 200000] [--repeat 3]
Target (issue 2): ceasefire >= 50,000 rows/s and ratio (ceasefire time / baseline time) <= 2.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_acled import write_synthetic_csv

from ceasefire.db.engine import make_engine
from ceasefire.db.migrate import upgrade
from ceasefire.events.record import ACLED_COLUMNS
from ceasefire.sources.ingest import ingest_file


def baseline(csv_path: Path, db_path: Path) -> float:
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"CREATE TABLE acled ({', '.join(c + ' TEXT' for c in ACLED_COLUMNS)})")
    marks = ", ".join("?" * len(ACLED_COLUMNS))
    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        con.executemany(f"INSERT INTO acled VALUES ({marks})", reader)
    con.commit()
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def ceasefire(csv_path: Path, db_path: Path) -> float:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    start = time.perf_counter()
    summary = ingest_file(engine, csv_path)
    elapsed = time.perf_counter() - start
    engine.dispose()
    assert summary.stored == summary.rows, summary
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = write_synthetic_csv(work / "acled.csv", args.rows)
        base_times, ours_times = [], []
        for i in range(args.repeat):
            base_times.append(baseline(data, work / f"base{i}.db"))
            ours_times.append(ceasefire(data, work / f"ours{i}.db"))
        base, ours = min(base_times), min(ours_times)
    print(f"rows: {args.rows:,} (best of {args.repeat})")
    print(f"plain sqlite3 executemany: {base:.3f} s  {args.rows / base:,.0f} rows/s")
    print(f"ceasefire ingest:          {ours:.3f} s  {args.rows / ours:,.0f} rows/s")
    print(f"ratio (ceasefire / plain): {ours / base:.2f}x  (target <= 2.00x, >= 50,000 rows/s)")


if __name__ == "__main__":
    main()
