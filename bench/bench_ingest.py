"""Bulk ingest of ACLED rows into SQLite: ceasefire's ingest against plain sqlite3 executemany.

All runs read the same CSV file (synthetic rows in ACLED's 31-column schema) into a fresh
SQLite file in WAL mode with synchronous=NORMAL. Two baselines, both plain sqlite3:

- "csv -> 31 TEXT columns": csv.reader over the file, executemany into a table of 31 TEXT
  columns (no validation, no types, no hashes, no indexes, no audit);
- "stored rows -> events table": executemany of the very rows ceasefire stores (typed values,
  hash, residual; prepared before the clock starts) into a fresh store's ``events`` table
  with its indexes: what the database alone costs for those rows.

Each runs ``--repeat`` times; the best time counts.

Usage: python bench/bench_ingest.py [--rows 200000] [--repeat 3]
Target (issue 2): ceasefire >= 50,000 rows/s and ratio (ceasefire time / baseline time) <= 2.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from ceasefire.db.engine import make_engine
from ceasefire.db.migrate import upgrade
from ceasefire.events.record import ACLED_COLUMNS
from ceasefire.events.store import insert_sql
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.parallel import worth_a_parser_process
from ceasefire.sources.reading import csv_insert_rows, open_csv

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_acled import write_synthetic_csv


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


def stored_rows_baseline(csv_path: Path, db_path: Path) -> float:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    engine.dispose()
    rows = list(csv_insert_rows(open_csv(csv_path), 1))
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA mmap_size=268435456")
    con.execute(
        "INSERT INTO batches (id, kind, source_format, source_path, header, created_at, actor) "
        "VALUES (1, 'events', 'acled', '', '', '', '')"
    )
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(insert_sql("qmark"), rows)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def ceasefire(csv_path: Path, db_path: Path, *, parallel: bool | None = None) -> float:
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    start = time.perf_counter()
    summary = ingest_file(engine, csv_path, parallel=parallel)
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
        data_mb = data.stat().st_size / 1e6
        auto = worth_a_parser_process(data)
        base_times, stored_times, ours_times, single_times = [], [], [], []
        for i in range(args.repeat):
            base_times.append(baseline(data, work / f"base{i}.db"))
            stored_times.append(stored_rows_baseline(data, work / f"stored{i}.db"))
            ours_times.append(ceasefire(data, work / f"ours{i}.db"))
            if auto:
                single_times.append(ceasefire(data, work / f"one{i}.db", parallel=False))
        base, stored, ours = min(base_times), min(stored_times), min(ours_times)
    n = args.rows
    cores = len(os.sched_getaffinity(0))
    print(f"rows: {n:,} (best of {args.repeat}), {data_mb:.0f} MB, {cores} usable cores")
    print(f"plain sqlite3, csv -> 31 TEXT columns:       {base:.3f} s  {n / base:,.0f} rows/s")
    print(f"plain sqlite3, stored rows -> events table:  {stored:.3f} s  {n / stored:,.0f} rows/s")
    mode = "parser process + writer" if auto else "one process"
    print(
        f"ceasefire ingest (parse, validate, hash, dedupe, store, audit; {mode}):"
        f" {ours:.3f} s  {n / ours:,.0f} rows/s"
    )
    if single_times:
        one = min(single_times)
        print(f"  the same in one process (--no-parallel): {one:.3f} s  {n / one:,.0f} rows/s")
    print(f"ratio vs csv -> 31 TEXT columns:       {ours / base:.2f}x")
    print(f"ratio vs stored rows -> events table:  {ours / stored:.2f}x")
    print("targets (issue 2): >= 50,000 rows/s; <= 2.00x plain executemany")


if __name__ == "__main__":
    main()
