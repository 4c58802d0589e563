"""Fixtures shared by every test: a fresh store (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text

from ceasefire.accounts import tokens
from ceasefire.db.engine import make_engine
from ceasefire.db.store import init_store, open_store

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
