"""How the server runs: the store opens at start, every write waits for its turn in the
process, tokens stay checked against the store, the coder yields the CPU to requests."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from ceasefire.accounts.service import revoke_user
from ceasefire.api.app import create_app
from ceasefire.api.background import NICENESS
from ceasefire.api.deps import Store
from ceasefire.api.server import check_workers
from ceasefire.db.engine import transaction
from ceasefire.db.store import open_store
from ceasefire.errors import ConfigError

from .conftest import REPORT, World, seed
from .live_server import free_port, serve_command, start_process
from .test_crash import children
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


@pytest.mark.parametrize(
    ("url", "workers", "refused"),
    [
        ("sqlite:////tmp/store.db", 1, None),
        ("postgresql+psycopg://cf@127.0.0.1/cf", 1, None),
        ("postgresql+psycopg://cf@127.0.0.1/cf", 2, None),
        ("postgresql://cf@127.0.0.1/cf", 8, None),
        ("sqlite:////tmp/store.db", 2, "--workers 2 needs a PostgreSQL store; "
         "sqlite:////tmp/store.db is SQLite, which has one writer at a time"),
        ("sqlite://", 3, "--workers 3 needs a PostgreSQL store; sqlite:// is SQLite"),
        ("mysql://cf:secret@db/cf", 2, "--workers 2 needs a PostgreSQL store; "
         "mysql://cf:***@db/cf is not PostgreSQL"),
        ("postgresql://cf@127.0.0.1/cf", 0, "--workers must be 1 or more, not 0"),
    ],
)  # fmt: skip
def test_several_workers_need_postgresql(url: str, workers: int, refused: str | None) -> None:
    if refused is None:
        check_workers(url, workers)
        return
    with pytest.raises(ConfigError) as caught:
        check_workers(url, workers)
    assert caught.value.message.startswith(refused)
    if workers > 0:
        assert caught.value.hint is not None and "--workers 1" in caught.value.hint


def test_two_workers_share_postgresql_and_refuse_sqlite(db_url: str, tmp_path: Path) -> None:
    """``ceasefire serve --workers 2``: on PostgreSQL two worker processes (each with its
    coder) whose check-then-write requests are serialised by the database, so concurrent
    duplicates through both workers store one row; on SQLite refused before listening."""
    world = seed(db_url, tmp_path)
    port = free_port()
    command = serve_command(db_url, port, workers=2)
    if not db_url.startswith("postgresql"):
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 1
        assert "--workers 2 needs a PostgreSQL store" in " ".join(done.stderr.split())
        return
    server = start_process(command, f"http://127.0.0.1:{port}")
    try:
        # Worker processes are those with a child, their coder (the supervisor may have a
        # multiprocessing helper too); one worker may answer before the other is up.
        deadline = time.monotonic() + 120
        while len([w for w in children(server.pid) if children(w)]) < 2:
            assert time.monotonic() < deadline, "two workers with their coders did not start"
            time.sleep(0.2)

        def send(path: str, body: dict[str, str], who: str) -> int:
            with httpx.Client(base_url=server.base, timeout=60) as http:
                return http.post(path, json=body, headers=world.headers(who)).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            users = list(pool.map(lambda _: send("/users", {"name": "twin", "role": "observer"},
                                                  "admin"), range(24)))  # fmt: skip
            reports = list(pool.map(lambda _: send("/documents", {"text": REPORT}, "monitor"),
                                    range(24)))  # fmt: skip
        assert sorted(users) == [201] + [409] * 23
        assert sorted(reports) == [200] * 23 + [202]
        check = httpx.get(f"{server.base}/audit/verify", headers=world.headers("observer"))
        assert check.json()["ok"] is True
    finally:
        server.stop()
