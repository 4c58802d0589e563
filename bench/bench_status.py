"""``ceasefire status`` over 1,000,000 generated incidents, against a naive pandas group-by.

Generates ``--incidents`` incidents (default 1,000,000) spread over ten years from the
Astana ceasefire's start, each with an assessment under the agreement (about 40 %
violations, a tenth of them verified; a twentieth allegations), at 2,000 places that repeat
as ACLED's locations do. Then times, each ``--repeat`` times (best counts):

- ``holding_status`` over 7 and 28 days as of the last day (what ``ceasefire status`` runs);
- the baseline: a naive pandas group-by of the same counts over the same rows: the joined
  incident and assessment rows loaded with ``pandas.read_sql`` (timed apart), then the window
  filtered and grouped by admin1 area and by party.

The ratio printed is status time / pandas time (group-by alone, and load + group-by).
Target (issue 10): status < 300 ms on SQLite and on PostgreSQL (``--db URL``, emptied
first!). pandas is a bench-only dependency: ``pip install -e '.[bench]'``.

Usage: python bench/bench_status.py [--incidents 1000000] [--repeat 5] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

from ceasefire.agreements.service import store_agreement
from ceasefire.analytics.status import holding_status
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.db.engine import session_factory
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incident_models import IncidentRow
from ceasefire.scenarios import scenario_dir

START = date(2017, 1, 1)
DAYS = 3650
#: (admin1, centre lat, centre lon): the governorates the generated places scatter around.
GOVERNORATES = [
    ("Damascus", 33.51, 36.29), ("Rural Damascus", 33.6, 36.5), ("Aleppo", 36.2, 37.15),
    ("Idleb", 35.93, 36.63), ("Hama", 35.13, 36.75), ("Homs", 34.73, 36.71),
    ("Dar'a", 32.62, 36.1), ("Quneitra", 33.12, 35.82), ("As-Sweida", 32.7, 36.57),
    ("Lattakia", 35.52, 35.79), ("Tartous", 34.89, 35.89), ("Deir-ez-Zor", 35.33, 40.14),
    ("Ar-Raqqa", 35.95, 39.01), ("Al-Hasakeh", 36.5, 40.75),
]  # fmt: skip
PARTIES = [("Military Forces of Syria (2000-)", "government"),
           ("Opposition Rebels (Syria)", "opposition"), ("", "")]  # fmt: skip


def _places(rng: random.Random, n: int = 2000) -> list[tuple[str, str, float, float]]:
    out = []
    for i in range(n):
        admin1, lat, lon = rng.choice(GOVERNORATES)
        out.append((admin1, f"place {i}", lat + rng.uniform(-0.4, 0.4),
                    lon + rng.uniform(-0.4, 0.4)))  # fmt: skip
    return out


def _rows(n: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    rng = random.Random(seed)
    places = _places(rng)
    weights = [1 / (i + 1) for i in range(len(places))]  # a few places get most incidents
    chosen = rng.choices(places, weights=weights, k=n)
    for i in range(n):
        admin1, location, lat, lon = chosen[i]
        day = START + timedelta(days=i * DAYS // n)
        allegation = rng.random() < 0.05
        roll = rng.random()
        verdict = ("undetermined" if allegation or roll < 0.2
                   else "violation" if roll < 0.6 else "no_violation")  # fmt: skip
        party, side = rng.choice(PARTIES) if verdict != "no_violation" else ("", "")
        status = "verified" if verdict == "violation" and rng.random() < 0.1 else "reported"
        incident = {
            "id": i + 1, "key": f"k{i}", "allegation": allegation, "date_from": day,
            "date_to": day, "country": "Syria", "admin1": admin1, "location": location,
            "latitude": lat, "longitude": lon, "event_type": "Explosions/Remote violence",
            "actor1": party, "fatalities": rng.choice((0, 0, 0, 1, 2, 5)), "status": status,
            "created_at": "2026-01-01T00:00:00", "updated_at": "2026-01-01T00:00:00",
        }  # fmt: skip
        assessment = {
            "incident_id": i + 1, "agreement_id": "astana-2017", "rules_version": RULES_VERSION,
            "verdict": verdict, "party": party, "side": side, "trace": "[]", "facts_hash": "x",
            "assessed_at": "2026-01-01T00:00:00",
        }  # fmt: skip
        yield incident, assessment


def generate(engine: Engine, n: int) -> None:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="bench")
    chunk_i: list[dict[str, Any]] = []
    chunk_a: list[dict[str, Any]] = []

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(insert(IncidentRow), chunk_i)
            conn.execute(insert(AssessmentRow), chunk_a)
        chunk_i.clear()
        chunk_a.clear()

    for incident, assessment in _rows(n):
        chunk_i.append(incident)
        chunk_a.append(assessment)
        if len(chunk_i) == 50_000:
            flush()
    if chunk_i:
        flush()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE incidents"))
            conn.execute(text("ANALYZE assessments"))
            conn.execute(text("SELECT setval('incidents_id_seq', (SELECT max(id) FROM incidents))"))
        else:
            conn.execute(text("ANALYZE"))


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an EMPTY PostgreSQL database URL (default: SQLite file)")
    args = parser.parse_args()
    try:
        import pandas as pd
    except ImportError:
        print("pandas is needed for the baseline: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        init_store(url)
        engine = open_store(url)
        t0 = time.perf_counter()
        generate(engine, args.incidents)
        print(f"{engine.dialect.name}: generated {args.incidents:,} incidents and assessments "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        as_of = START + timedelta(days=DAYS - 1)
        ok = True
        with session_factory(engine)() as session:
            for days in (7, 28):
                took, report = best(
                    lambda d=days: holding_status(  # type: ignore[misc]
                        session, agreement_id="astana-2017", as_of=as_of, days=d
                    ),
                    args.repeat,
                )
                n = report.totals.incidents  # type: ignore[attr-defined]
                window = (as_of - timedelta(days=days - 1), as_of)
                sql = (
                    "SELECT i.date_from, i.admin1, i.fatalities, i.allegation, i.status, "
                    "a.verdict, a.party FROM incidents i LEFT JOIN assessments a "
                    "ON a.incident_id = i.id AND a.agreement_id = 'astana-2017'"
                )
                t1 = time.perf_counter()
                frame = pd.read_sql(sql, engine)
                load = time.perf_counter() - t1

                def group(f: Any = frame, w: tuple[date, date] = window) -> object:
                    days_ = pd.to_datetime(f["date_from"]).dt.date
                    part = f[(days_ >= w[0]) & (days_ <= w[1])]
                    viol = part[(part["verdict"] == "violation") & ~part["allegation"].astype(bool)]
                    return (
                        viol.groupby("admin1").agg(n=("verdict", "size"), d=("fatalities", "sum")),
                        viol.groupby("party").size(),
                        part.groupby("admin1").size(),
                    )

                grouped, _ = best(group, args.repeat)
                verdict = "OK" if took < 0.3 else "OVER 300 ms"
                ok = ok and took < 0.3
                print(f"status --days {days}: {took * 1000:.0f} ms ({n:,} incidents in the "
                      f"window) [{verdict}]; pandas group-by {grouped * 1000:.0f} ms "
                      f"(+ read_sql of {len(frame):,} rows {load:.1f} s); ratio status/pandas "
                      f"{took / grouped:.2f} (group-by), {took / (grouped + load):.3f} "
                      "(load + group-by)")  # fmt: skip
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
