"""Fixtures shared by every test: a fresh store (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text

from ceasefire.accounts import tokens
from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents, list_incidents
from ceasefire.db.engine import make_engine, transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.votes import vote
from ceasefire.verification.workflow import transition

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"
#: Set (by .ci/run) to run every store test against a real PostgreSQL server as well.
PG_URL = os.environ.get("CEASEFIRE_TEST_DATABASE_URL", "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a store, so CI can run them again against PostgreSQL."""
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.store)


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        # A connection an earlier test left open (idle in a transaction) would block the drop.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        conn.execute(text("SET lock_timeout = '20s'"))
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def private_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Built phrase tables and place indexes go to a directory of the test run, never to the
    user's cache (see ceasefire.buildcache)."""
    old = os.environ.get("CEASEFIRE_CACHE_DIR")
    os.environ["CEASEFIRE_CACHE_DIR"] = str(tmp_path_factory.mktemp("build-cache"))
    yield
    if old is None:
        os.environ.pop("CEASEFIRE_CACHE_DIR", None)
    else:
        os.environ["CEASEFIRE_CACHE_DIR"] = old


@pytest.fixture(autouse=True, scope="session")
def private_server_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The server key that signs checkpoints is made in the test run's directory, never in the
    user's data folder (see ceasefire.audit.serverkey)."""
    old = os.environ.get("CEASEFIRE_SERVER_KEY")
    path = tmp_path_factory.mktemp("server-key") / "server-key.pem"
    os.environ["CEASEFIRE_SERVER_KEY"] = str(path)
    yield
    if old is None:
        os.environ.pop("CEASEFIRE_SERVER_KEY", None)
    else:
        os.environ["CEASEFIRE_SERVER_KEY"] = old


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost takes ~0.15 s a token; tests use the cheapest setting."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(tokens, "_hasher", lambda: cheap)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """URL of an empty database: a SQLite file in tmp_path, or the test PostgreSQL database."""
    if PG_URL:
        _reset_postgres(PG_URL)
        return PG_URL
    return f"sqlite:///{tmp_path / 'ceasefire.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a freshly initialised store."""
    init_store(db_url)
    eng = open_store(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def structured() -> Path:
    """The folder of small ACLED / UCDP fixtures written for these tests."""
    return FIXTURES / "structured"


@pytest.fixture
def shared() -> Path:
    """../shared, skipping the test where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


# -- a hand-built case for status and situation reports (tests/analytics, tests/reports) --

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
SHELLING = "Explosions/Remote violence"
AGREEMENT = """\
id: test-truce
name: Test truce
timezone: Asia/Damascus
effective_from: 2017-01-01T00:00:00
parties:
  - actor: Military Forces of Syria (2000-)
    side: government
    includes: [Hezbollah]
  - actor: Opposition Rebels (Syria)
    side: opposition
guarantors: [Russia, Turkey]
scope:
  countries: [Syria]
excluded_actors: [Islamic State (Syria)]
prohibited_acts: [Battles, Explosions/Remote violence]
zones:
  - id: damascus
    name: Damascus
    admin1: [Damascus, Rural Damascus]
  - id: aleppo
    name: Aleppo
    admin1: [Aleppo]
  - id: idleb
    name: Idleb
    admin1: [Idleb]
verification:
  members: [Russia, Turkey]
"""
PLACES = {
    "Douma": ("Rural Damascus", 33.5715, 36.404),
    "Jobar": ("Damascus", 33.531, 36.331),
    "Aleppo": ("Aleppo", 36.2021, 37.1343),
    "Al Bab": ("Aleppo", 36.3705, 37.517),
    "Atarib": ("Aleppo", 36.1386, 36.8297),
    "Idleb": ("Idleb", 35.9306, 36.6339),
    "Ar-Raqqa": ("Ar-Raqqa", 35.9528, 39.0079),
}


def event(
    day: date, place: str, actor1: str, actor2: str, deaths: int = 0, **more: str
) -> EventRecord:
    admin1, lat, lon = PLACES[place]
    return EventRecord(
        event_date=day, event_type=more.pop("event_type", SHELLING), actor1=actor1,
        actor2=actor2, country="Syria", admin1=admin1, location=place, latitude=lat,
        longitude=lon, fatalities=deaths, source=f"{place} {day}", **more,  # type: ignore[arg-type]
    )  # fmt: skip


def jan(day: int) -> date:
    return date(2017, 1, day)


EVENTS = [
    # window: 2017-01-08 .. 2017-01-14
    event(jan(9), "Douma", GOV, REBELS, 2),
    event(jan(11), "Jobar", GOV, "Civilians (Syria)", 9),  # verified below
    event(jan(13), "Aleppo", REBELS, GOV, 1, event_type="Battles"),  # clash: unattributed
    event(jan(12), "Al Bab", "Islamic State (Syria)", GOV, 5),  # excluded: no violation
    event(jan(10), "Atarib", REBELS, GOV, event_type="Strategic developments",
          sub_event_type="Other", modality="alleged", claimant=REBELS, plover_code="ACCUSE"),
    event(jan(12), "Idleb", "Unidentified Armed Group (Syria)", REBELS),  # undetermined
    event(jan(12), "Ar-Raqqa", GOV, REBELS),  # outside every zone
    # previous period: 2017-01-01 .. 2017-01-07
    event(jan(3), "Douma", GOV, REBELS),
    event(jan(5), "Aleppo", "Hezbollah", REBELS),
    # baseline, before the ceasefire: 2016-12-25 .. 2016-12-31
    event(date(2016, 12, 28), "Douma", GOV, REBELS, 4),
    event(date(2016, 12, 27), "Idleb", REBELS, GOV, event_type="Battles"),
]  # fmt: skip


@pytest.fixture
def truce_world(engine: Engine, tmp_path: Path) -> Callable[[str], Engine]:
    """The events above, fused, assessed and one verified, under the agreement plus
    ``block`` (its thresholds)."""

    def build(block: str) -> Engine:
        path = tmp_path / "agreement.yaml"
        path.write_text(AGREEMENT + block, encoding="utf-8")
        store_agreement(engine, path)
        events = tmp_path / "events.jsonl"
        events.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in EVENTS))
        ingest_file(engine, events)
        with transaction(engine) as session:
            fuse(session)
            assess_incidents(session, agreement_id="test-truce")
            ru, _ = create_user(session=session, name="ru", role="monitor", organisation="Russia")
            tr, _ = create_user(session=session, name="tr", role="monitor", organisation="Turkey")
            (jobar,) = [
                line.incident.id
                for line in list_incidents(session, agreement_id="test-truce")
                if line.incident.location == "Jobar"
            ]
            transition(session=session, incident_id=jobar, to="under_review", user=ru,
                       reason="r", agreement_id="test-truce")  # fmt: skip
            for member in (ru, tr):
                vote(session=session, incident_id=jobar, user=member, choice="verified",
                     rationale="seen")  # fmt: skip
        return engine

    return build
