"""``audit verify`` over 1,000,000 events and 100,000 audit entries (issue 13: under a minute).

The store (SQLite) is built once through the library and kept (``--store``, rebuilt with
``--rebuild``): 1,000,000 synthetic ACLED rows (made up, see synthetic_acled.py) ingested as 10
files of 100,000 (10 batch entries, each sealed), one monitor (a user entry) and keep-apart
decisions between pairs of events (fusion_override entries, written as
``events.incidents.keep_apart`` writes them for events in no incident) up to 100,000 entries. In
the same run, the baseline reads the same rows with plain SELECTs (every column of every event
and audit entry, streamed), then ``verify_store`` checks them all; peak memory is printed.

    .venv/bin/python bench/bench_audit_verify.py [--events 1000000] [--entries 100000]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from ceasefire.accounts.service import create_user
from ceasefire.audit import log
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import make_engine, session_factory, transaction
from ceasefire.db.migrate import upgrade
from ceasefire.events.incident_models import FusionOverrideRow
from ceasefire.events.incidents import now_utc
from ceasefire.events.record import ACLED_COLUMNS, hash_content
from ceasefire.sources.ingest import ingest_file

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_acled import synthetic_rows

FILES = 10


def build(db: Path, events: int, entries: int) -> None:
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    rows = synthetic_rows(events)
    per_file = events // FILES
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(FILES):
            path = Path(tmp) / f"part{i:02d}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(ACLED_COLUMNS)
                writer.writerows(rows[i * per_file : (i + 1) * per_file])
            ingest_file(engine, path)
    with transaction(engine) as session:
        user, _token = create_user(session=session, name="bench-monitor", role="monitor")
        stamp = now_utc()
        for k in range(entries - FILES - 1):
            # What events.incidents.keep_apart writes for two events in no incident.
            a, b, reason = 2 * k + 1, 2 * k + 2, f"different villages ({k})"
            session.add(
                FusionOverrideRow(
                    kind="keep_apart", event_a=a, event_b=b, user=user.name, reason=reason,
                    created_at=stamp,
                )
            )  # fmt: skip
            log.append(
                session, actor=user.name, action="fusion.keep_apart",
                record_type="fusion_override", record_id=f"{a}-{b}",
                content_hash=hash_content([a, b, reason]), detail={"reason": reason},
            )  # fmt: skip
    engine.dispose()


def baseline(db: Path) -> tuple[float, int]:
    """Plain sqlite3: every column of every event and audit entry, streamed."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    count = 0
    for table in ("events", "audit_entries", "fusion_overrides"):
        for _row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
            count += 1
    conn.close()
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=100_000)
    default_store = Path(tempfile.gettempdir()) / "bench-audit.db"
    parser.add_argument("--store", type=Path, default=default_store)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not args.store.exists():
        args.store.unlink(missing_ok=True)
        start = time.perf_counter()
        build(args.store, args.events, args.entries)
        print(f"built {args.store} in {time.perf_counter() - start:.0f} s")
    base, rows = baseline(args.store)
    engine = make_engine(f"sqlite:///{args.store}")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    with session_factory(engine)() as session:
        report = verify_store(session)
    ours = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    engine.dispose()
    assert report.ok, report.problems[:1]
    print(
        f"store: {report.events:,} events, {report.entries:,} audit entries "
        f"({args.store.stat().st_size / 1e6:,.0f} MB)"
    )
    print(f"baseline, plain SELECT of the same rows ({rows:,}): {base:.2f} s")
    print(
        f"ceasefire audit verify: {ours:.2f} s, {ours / report.entries * 1e6:,.0f} us per entry, "
        f"{ours / report.events * 1e6:.1f} us per event"
    )
    print(f"ratio vs baseline: {ours / base:.1f}x")
    print(f"peak memory: {rss / 1024:,.0f} MB (before verify: {rss_before / 1024:,.0f} MB)")
    print("target (issue 13): under 60 s")


if __name__ == "__main__":
    main()
