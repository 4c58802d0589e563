"""How the server runs: the store opens at start, every write waits for its turn in the
process, tokens stay checked against the store, the coder yields the CPU to requests."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from ceasefire.accounts.service import revoke_user
from ceasefire.api.app import create_app
from ceasefire.api.background import NICENESS
from ceasefire.api.deps import Store
from ceasefire.db.engine import transaction
from ceasefire.db.store import open_store

from .conftest import REPORT, World, seed
from .test_locks import wait_for


@pytest.fixture
def any_store(db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, World]]:
    """An in-process client over a seeded store: SQLite, or PostgreSQL when configured."""
    world = seed(db_url, tmp_path)
    with TestClient(create_app(db_url, warm_coder=False, background_coding=False)) as client:
        yield client, world


def test_the_store_opens_when_the_server_starts(world: World) -> None:
    with TestClient(create_app(world.url, warm_coder=False, background_coding=False)) as client:
        assert client.app.state.store.opened  # type: ignore[attr-defined]


def test_a_server_starts_on_a_store_not_ready_and_says_why(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app(url, warm_coder=False, background_coding=False)
    with TestClient(app) as client:  # starts
        answer = client.get("/agreements")
    assert (answer.status_code, answer.json()["error"]["code"]) == (503, "store_error")
    assert "no ceasefire store" in answer.json()["error"]["message"]


#: (route, method, path, role, JSON body, status): writes of several kinds.
WRITES: list[tuple[str, str, str, str, dict[str, Any], int]] = [
    ("submit_text", "POST", "/documents", "monitor", {"text": REPORT}, 202),
    ("add_comment", "POST", "/incidents/1/comments", "monitor", {"text": "Seen."}, 201),
    ("create_user", "POST", "/users", "admin", {"name": "new", "role": "observer"}, 201),
    ("fuse_incidents", "POST", "/incidents/fuse", "admin", {}, 200),
]


@pytest.mark.parametrize(("route", "method", "path", "who", "body", "status"), WRITES)
def test_a_write_waits_for_its_turn(
    any_store: tuple[TestClient, World],
    route: str,
    method: str,
    path: str,
    who: str,
    body: dict[str, Any],
    status: int,
) -> None:
    client, world = any_store
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    answers: list[httpx.Response] = []

    def send() -> None:
        answers.append(client.request(method, path, json=body, headers=world.headers(who)))

    with store.writing():  # another writer's turn
        thread = threading.Thread(target=send)
        thread.start()
        wait_for(lambda: store.writers_waiting == 1)
        assert not answers
    thread.join(30)
    assert answers[0].status_code == status, answers[0].text


def test_a_token_revoked_elsewhere_stops_working_at_once(
    any_store: tuple[TestClient, World],
) -> None:
    client, world = any_store
    headers = world.headers("monitor")
    assert client.get("/me", headers=headers).status_code == 200  # checked and cached
    engine = open_store(world.url)  # another process: the CLI, another server worker
    try:
        with transaction(engine) as session:
            revoke_user(session=session, name="monitor", actor="admin")
    finally:
        engine.dispose()
    after = client.get("/me", headers=headers)
    assert (after.status_code, after.json()["error"]["code"]) == (401, "unauthenticated")


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities here")
def test_the_background_coder_runs_at_a_lower_priority(world: World) -> None:
    app = create_app(world.url, warm_coder=False)
    with TestClient(app):
        coder = app.state.coder
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        wait_for(lambda: os.getpriority(os.PRIO_PROCESS, coder.pid) != ours, seconds=60)
        assert os.getpriority(os.PRIO_PROCESS, coder.pid) == min(19, ours + NICENESS)


def test_reads_and_writes_over_the_api(any_store: tuple[TestClient, World]) -> None:
    # Reading routes run in read-only transactions; each kind must still answer.
    client, world = any_store
    monitor, observer = world.headers("monitor"), world.headers("observer")
    sent = client.post("/documents", json={"text": REPORT}, headers=monitor)
    assert sent.status_code == 202, sent.text
    document = client.get(f"/documents/{sent.json()['document_id']}", headers=observer)
    assert (document.status_code, document.json()["coding"]) == (200, "queued")
    comment = client.post("/incidents/1/comments", json={"text": "Seen."}, headers=monitor)
    assert comment.status_code == 201, comment.text
    for path in ("/incidents", "/events", "/agreements", "/incidents/1/comments", "/audit"):
        assert client.get(path, headers=observer).status_code == 200, path
    check = client.get("/audit/verify", headers=observer).json()
    assert (check["ok"], check["problems"]) == (True, [])
