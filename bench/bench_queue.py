"""Cost of storing one submitted report (``sources.coding_queue.queue_documents``): CPU of
this process and of the PostgreSQL backend, wall time and statements per report, for the code
in this checkout against another checkout of ``src`` (the baseline), in the same run.

Each measurement runs in a fresh child process (``PYTHONPATH`` picks the code); the rounds
alternate baseline and current so both see the same machine load, which is printed.

Example:
    git archive a8130a7 src | tar -x -C /tmp/before          # the code before
    python bench/bench_queue.py --before /tmp/before/src --db sqlite
    python bench/bench_queue.py --before /tmp/before/src \\
        --db postgresql+psycopg://postgres@127.0.0.1:54330/postgres  # a fresh database each run
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from soak_compare import fresh_pg  # bench/ is on the path: this runs as a script


def backend_cpu(pids: list[int]) -> float:
    """CPU seconds used so far by these (PostgreSQL backend) processes; 0 where unreadable."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def child(url: str, reports: int) -> dict[str, float]:
    """Queue ``reports`` distinct one-report submissions, as ``POST /documents`` does."""
    from sqlalchemy import event, text

    from ceasefire.db.store import init_store, open_store
    from ceasefire.sources.coding_queue import queue_documents
    from ceasefire.sources.text import parse_text

    init_store(url)
    engine = open_store(url)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    tag = uuid.uuid4().hex[:8]
    docs = [
        parse_text(f"Title: Bench {tag} {i}\n\nGovernment forces shelled Douma ({tag} {i}).",
                   source="api")
        for i in range(reports + 20)
    ]  # fmt: skip
    for doc in docs[:20]:  # warm: connections, statement caches
        queue_documents(engine, [doc], actor="bench", organisation="Russia")
    pids: list[int] = []
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            pids = [int(p) for p in conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend'")).scalars()]  # fmt: skip
    event.listen(engine, "before_cursor_execute", count)
    wall, cpu, server = time.perf_counter(), time.process_time(), backend_cpu(pids)
    for doc in docs[20:]:
        queue_documents(engine, [doc], actor="bench", organisation="Russia")
    done = {
        "wall_ms": (time.perf_counter() - wall) * 1000 / reports,
        "cpu_ms": (time.process_time() - cpu) * 1000 / reports,
        "db_cpu_ms": (backend_cpu(pids) - server) * 1000 / reports,
        "statements": statements / reports,
    }
    engine.dispose()
    return done


def measure(src: str | None, url: str, reports: int) -> dict[str, float]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--db", url, "--reports", str(reports)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="'sqlite' (a fresh temporary file each "
                        "run) or a PostgreSQL URL")  # fmt: skip
    parser.add_argument("--before", help="src folder of the baseline code")
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.db, args.reports)))
        return 0
    results: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, src in (("before", args.before), ("after", None)):
                if name == "before" and not src:
                    continue
                url = args.db
                if url == "sqlite":
                    url = f"sqlite:///{Path(tmp) / f'{name}-{r}.db'}"
                else:  # each code its own database: the baseline cannot open a newer schema
                    url = fresh_pg(args.db)
                loads.append(os.getloadavg()[0])
                results[name].append(measure(src, url, args.reports))
    print(f"queue_documents, {args.reports} one-report submissions x {args.rounds} rounds, "
          f"db={args.db.split('://')[0]}, load average during the run "
          f"{min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores")  # fmt: skip
    medians = {}
    for name, runs in results.items():
        if not runs:
            continue
        medians[name] = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
        m = medians[name]
        print(f"  {name:6} per report: cpu {m['cpu_ms']:.2f} ms, database cpu "
              f"{m['db_cpu_ms']:.2f} ms, wall {m['wall_ms']:.2f} ms, "
              f"statements {m['statements']:.0f}")  # fmt: skip
    if len(medians) == 2:
        b, a = medians["before"], medians["after"]
        both = (b["cpu_ms"] + b["db_cpu_ms"]) / (a["cpu_ms"] + a["db_cpu_ms"])
        wall = b["wall_ms"] / a["wall_ms"]
        print(f"  ratio before/after: cpu {b['cpu_ms'] / a['cpu_ms']:.2f}x, "
              f"cpu with database {both:.2f}x, wall {wall:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
