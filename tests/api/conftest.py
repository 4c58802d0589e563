"""Fixtures of the API tests: a seeded store, its users' tokens, an in-process client and a
real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from ceasefire.accounts import tokens
from ceasefire.accounts.service import create_user, revoke_user
from ceasefire.agreements.service import store_agreement
from ceasefire.api.app import create_app
from ceasefire.db.engine import transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

from .live_server import free_port as free_port  # re-exported: tests import it from here
from .live_server import serve

#: role name in the tests -> (role, organisation). ``anonymous`` sends no token.
USERS: dict[str, tuple[str, str]] = {
    "admin": ("admin", "Turkey"),
    "monitor": ("monitor", "Russia"),
    "party_liaison": ("party_liaison", "Opposition delegation"),
    "observer": ("observer", "United Nations"),
    "public": ("public", ""),
    "un_monitor": ("monitor", "United Nations"),
    "revoked": ("monitor", "Russia"),
}
ROLES = ("admin", "monitor", "party_liaison", "observer", "public", "anonymous")

STRIKE = EventRecord(
    event_date=date(2017, 1, 9), event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike", actor1="Military Forces of Syria (2000-)",
    actor2="Opposition Rebels (Syria)", country="Syria", admin1="Rif Dimashq", location="Douma",
    latitude=33.5715, longitude=36.404, source="SOHR",
)  # fmt: skip
SHELLING = EventRecord(
    event_date=date(2017, 1, 12), event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack", actor1="Opposition Rebels (Syria)",
    actor2="Military Forces of Syria (2000-)", country="Syria", admin1="Aleppo",
    location="Aleppo", latitude=36.2021, longitude=37.1343, source="SANA", fatalities=2,
)  # fmt: skip

REPORT = (
    "Title: Shelling in Douma\nDate: 2017-01-10\nSource: Example Wire\n\n"
    "Government forces shelled Douma on Monday, killing three civilians, activists said."
)


@dataclass
class World:
    """A seeded store: the Astana agreement, two events fused into incidents 1 and 2, users."""

    url: str
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anonymous" else {"Authorization": f"Bearer {self.tokens[who]}"}


def seed(url: str, folder: Path) -> World:
    init_store(url)
    engine = open_store(url)
    try:
        store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
        path = folder / "events.jsonl"
        path.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in (STRIKE, SHELLING)))
        ingest_file(engine, path, actor="test")
        made: dict[str, str] = {}
        with transaction(engine) as session:
            fuse(session, actor="test")
            for name, (role, org) in USERS.items():
                _, made[name] = create_user(
                    session=session, name=name, role=role, organisation=org, actor="test"
                )
            revoke_user(session=session, name="revoked", actor="test")
    finally:
        engine.dispose()
    return World(url=url, tokens=made)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return seed(f"sqlite:///{tmp_path / 'api.db'}", tmp_path)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    """An in-process client on a freshly seeded store (reports stay queued: no coder)."""
    app = create_app(world.url, warm_coder=False, background_coding=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def coding_client(world: World) -> Iterator[TestClient]:
    """An in-process client whose server codes queued reports in its coder process."""
    with TestClient(create_app(world.url)) as test_client:
        yield test_client


def wait_coded(client: TestClient, world: World, document_id: str, seconds: float = 60) -> Any:
    """``GET /documents/{id}`` once the background coder is done with it (bounded wait)."""
    deadline = time.monotonic() + seconds
    while True:
        body = client.get(f"/documents/{document_id}", headers=world.headers("observer")).json()
        if body["coding"] != "queued" or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


@dataclass
class Live:
    base: str
    world: World


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A real uvicorn server on 127.0.0.1 (in a thread) over a seeded store."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    original = tokens._hasher
    tokens._hasher = lambda: cheap  # type: ignore[assignment]
    folder = tmp_path_factory.mktemp("live")
    world = seed(f"sqlite:///{folder / 'live.db'}", folder)
    try:
        with serve(world.url, app=create_app(world.url)) as base:
            assert httpx.get(f"{base}/health", timeout=5).status_code == 200
            yield Live(base=base, world=world)
    finally:
        tokens._hasher = original  # type: ignore[assignment]
