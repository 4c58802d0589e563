"""``ceasefire status`` and the dashboard's aggregate endpoints over 1,000,000 generated
incidents, against a naive pandas group-by of the same rows in the same run.

Generates ``--incidents`` incidents (default 1,000,000) spread over ten years from the
Astana ceasefire's start, each with an assessment under the agreement (about 40 %
violations, a tenth of them verified; a twentieth allegations), at 2,000 places that repeat
as ACLED's locations do. Then times, each ``--repeat`` times (best counts):

- ``holding_status`` over 7 and 28 days as of the last day, and over 7 days for one zone
  (what ``ceasefire status [--zone]`` runs);
- the dashboard's aggregate endpoints through the ASGI app in process (HTTP request to JSON
  body, token checked): ``GET /public/aggregates`` (verified violations by day, zone,
  party, over all ten years), ``GET /dashboard/timeline`` (violations per day and side, all
  ten years, and the last 28 days) and ``GET /dashboard/zone-status``;
- the baselines: naive pandas group-bys of the same counts over the same rows, the joined
  incident and assessment rows loaded once with ``pandas.read_sql`` (timed apart).

Each line prints the time, the pandas group-by time and the ratio (ours / pandas; below 1:
faster than grouping rows already in memory). Target (issue 10): < 300 ms on SQLite and on
PostgreSQL (``--db URL``). ``--keep FILE`` keeps the SQLite store in FILE; a store that
already holds incidents (a kept file, a --db database of an earlier run) is reused as it is,
to compare two versions of the code on the same rows. pandas
is a bench-only dependency: ``pip install -e '.[bench]'``.

Usage: python bench/bench_status.py [--incidents 1000000] [--repeat 5] [--db URL | --keep FILE]
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


JOINED = (
    "SELECT i.date_from, i.admin1, i.fatalities, i.allegation, i.status, a.verdict, a.party, "
    "a.side FROM incidents i LEFT JOIN assessments a ON a.incident_id = i.id "
    "AND a.agreement_id = 'astana-2017'"
)


def pandas_baselines(frame: Any, as_of: date) -> dict[str, Callable[[], object]]:
    """Naive group-bys over the loaded rows, one per timed answer."""
    days = frame["date_from"].astype(str)
    violation = (frame["verdict"] == "violation") & ~frame["allegation"].astype(bool)

    def window(n: int) -> Callable[[], object]:
        lo, hi = (as_of - timedelta(days=n - 1)).isoformat(), as_of.isoformat()

        def group() -> object:
            part = frame[(days >= lo) & (days <= hi)]
            viol = part[violation[part.index]]
            return (
                viol.groupby("admin1").agg(n=("verdict", "size"), d=("fatalities", "sum")),
                viol.groupby("party").size(),
                part.groupby("admin1").size(),
            )

        return group

    def public() -> object:
        part = frame[violation & (frame["status"] == "verified")]
        return [part.groupby(k).agg(n=("verdict", "size"), d=("fatalities", "sum"))
                for k in ("date_from", "admin1", "party")]  # fmt: skip

    def timeline(lo: str) -> Callable[[], object]:
        return lambda: frame[violation & (days >= lo)].groupby(["date_from", "side"]).size()

    last28 = (as_of - timedelta(days=27)).isoformat()
    return {
        "status --days 7": window(7), "status --days 28": window(28),
        "status --days 7 --zone damascus": window(7), "GET /public/aggregates": public,
        "GET /dashboard/timeline": timeline("0000"),
        "GET /dashboard/timeline (28 days)": timeline(last28),
        "GET /dashboard/zone-status": window(7),
    }  # fmt: skip


def ours(engine: Engine, url: str, as_of: date) -> dict[str, Callable[[], object]]:
    """The timed answers: ``holding_status`` and the endpoints through the app in process."""
    from fastapi.testclient import TestClient

    from ceasefire.accounts.service import create_user
    from ceasefire.api.app import create_app
    from ceasefire.db.engine import transaction

    with transaction(engine) as session:
        _, token = create_user(
            session=session, name=f"bench-{time.time_ns()}", role="observer", actor="bench"
        )
    client = TestClient(create_app(url, warm_coder=False, background_coding=False))
    client.headers["Authorization"] = f"Bearer {token}"
    session = session_factory(engine)()

    def status(days: int, zone: str | None = None) -> Callable[[], object]:
        return lambda: holding_status(session, agreement_id="astana-2017", as_of=as_of,
                                      days=days, zone=zone)  # fmt: skip

    def get(path: str, **params: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path, params={"agreement": "astana-2017", **params})
            assert response.status_code == 200, response.text
            return response.json()

        return call

    last28 = (as_of - timedelta(days=27)).isoformat()
    return {
        "status --days 7": status(7), "status --days 28": status(28),
        "status --days 7 --zone damascus": status(7, "damascus"),
        "GET /public/aggregates": get("/public/aggregates"),
        "GET /dashboard/timeline": get("/dashboard/timeline"),
        "GET /dashboard/timeline (28 days)": get("/dashboard/timeline", date_from=last28,
                                                  date_to=as_of.isoformat()),
        "GET /dashboard/zone-status": get("/dashboard/zone-status"),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="a PostgreSQL database URL (default: a SQLite file)")
    where.add_argument("--keep", type=Path, help="SQLite file to keep and reuse")
    args = parser.parse_args()
    try:
        import pandas as pd
    except ImportError:
        print("pandas is needed for the baseline: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.db"
        url = args.db or f"sqlite:///{path}"
        if args.db is not None or not path.exists():
            init_store(url)
        engine = open_store(url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
        if stored:
            print(f"{engine.dialect.name}: reusing the {stored:,} incidents stored")
        else:
            t0 = time.perf_counter()
            generate(engine, args.incidents)
            print(f"{engine.dialect.name}: generated {args.incidents:,} incidents and "
                  f"assessments in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        as_of = START + timedelta(days=DAYS - 1)
        t1 = time.perf_counter()
        frame = pd.read_sql(JOINED, engine)
        print(f"pandas.read_sql of {len(frame):,} joined rows: {time.perf_counter() - t1:.1f} s "
              "(not counted in the group-by times)")  # fmt: skip
        baselines = pandas_baselines(frame, as_of)
        ok = True
        for name, fn in ours(engine, url, as_of).items():
            took, _ = best(fn, args.repeat)
            grouped, _ = best(baselines[name], args.repeat)
            met = took < 0.3
            ok = ok and met
            print(
                f"{name:34} {took * 1000:6.0f} ms [{'OK' if met else 'OVER 300 ms'}]; "
                f"pandas group-by {grouped * 1000:5.0f} ms; ratio {took / grouped:.2f}"
            )
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
