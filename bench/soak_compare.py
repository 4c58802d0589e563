"""Accepted reports/s back to back (bench/soak_api.py, 50 clients) for the code in this
checkout against a baseline checkout of ``src``, on SQLite and PostgreSQL, with 1 and 2
workers, in the same run: the runs alternate baseline and current, each on a fresh store,
and the load average before each is printed.

Both variants run under uvicorn directly (``soak_api.py --app``), since ``ceasefire serve``
now refuses two workers on SQLite; ``soak_api.py --server-pythonpath`` picks the code of the
server (the soak's clients and checks are this checkout's).

Example:
    git archive a8130a7 src | tar -x -C /tmp/before
    python bench/soak_compare.py --before /tmp/before/src \\
        --pg postgresql+psycopg://postgres@127.0.0.1:54330/postgres
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).parent
FIGURES = {
    "accepted/s": re.compile(r"throughput=([\d.]+)/s"),
    "p99 ms": re.compile(r"throughput=.* p99=([\d.]+) ms"),
    "server cpu ms": re.compile(r"cpu per accepted report: server=([\d.]+) ms"),
    "coder cpu ms": re.compile(r"cpu per accepted report: .* coder=([\d.]+) ms"),
}


def fresh_pg(admin_url: str) -> str:
    """A new, empty database on the server of ``admin_url``; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"soak_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run(src: str | None, url: str, workers: int, seconds: float) -> dict[str, float | str]:
    load = os.getloadavg()[0]
    out = subprocess.run(
        [sys.executable, str(HERE / "soak_api.py"), "--db", url, "--workers", str(workers),
         "--seconds", str(seconds), "--no-crash", "--cpu",
         "--app", "ceasefire.api.app:create_app", "--server-pythonpath", src or ""],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    found: dict[str, float | str] = {"load": load, "ok": "OK" if "\nOK" in out else "FAILED"}
    for name, pattern in FIGURES.items():
        match = pattern.search(out)
        found[name] = float(match.group(1)) if match else float("nan")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="src folder of the baseline code")
    parser.add_argument("--pg", help="URL of a PostgreSQL database allowed to CREATE DATABASE")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    stores = ["sqlite"] + (["postgresql"] if args.pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for store in stores:
                for workers in (1, 2):
                    for name, src in (("before", args.before), ("after", None)):
                        if store == "sqlite":
                            url = f"sqlite:///{Path(tmp) / f'{name}-{workers}-{r}.db'}"
                        else:
                            url = fresh_pg(args.pg)
                        got = run(src, url, workers, args.seconds)
                        print(f"{store:10} workers={workers} {name:6} "
                              + " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}"
                                         for k, v in got.items()), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
