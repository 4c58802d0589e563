"""kill -9 of the server in the middle of ingest and coding: no partial records; after a
restart the queued documents are coded, once each; resubmitting stores nothing twice. The
server is a real uvicorn process on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.events.models import EventRow
from ceasefire.sources.coding_queue import queued_count
from ceasefire.sources.models import BatchRow, DocumentRow

from .conftest import World, free_port, seed
from .live_server import serve_command, start_process

REPORTS = 40
PLACES = ("Douma", "Aleppo", "Idlib", "Daraa", "Homs", "Hama", "Harasta", "Zabadani")


def report(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"Title: Report {i}\nDate: 2017-01-{1 + i % 28:02d}\n\n"
        f"Government forces shelled {place} on Monday, killing {2 + i % 5} civilians, "
        f"activists said (report {i})."
    )


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    return start_process(serve_command(url, port), f"http://127.0.0.1:{port}").process


@pytest.fixture
def crash_world(tmp_path: Path) -> Iterator[World]:
    yield seed(f"sqlite:///{tmp_path / 'crash.db'}", tmp_path)


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


def gone(pid: int, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@dataclass(frozen=True)
class Counts:
    documents: int
    batches: int  # writes that stored documents
    coded: int  # documents with their events stored
    queued: int
    audit_ok: bool


def counts(url: str) -> Counts:
    engine = open_store(url)
    try:
        with session_factory(engine)() as session:
            docs = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            batches = session.scalar(
                select(func.count()).select_from(BatchRow).where(BatchRow.kind == "documents")
            ) or 0  # fmt: skip
            coded = session.scalar(
                select(func.count(func.distinct(EventRow.document_id)))
                .where(EventRow.document_id.isnot(None))
            ) or 0  # fmt: skip
            queued = queued_count(session)
            ok = verify_store(session).ok
    finally:
        engine.dispose()
    return Counts(docs, batches, coded, queued, ok)


def wait_for_queue(url: str, seconds: float = 120) -> int:
    """Documents still queued once the queue is empty or ``seconds`` passed."""
    deadline = time.monotonic() + seconds
    while (left := counts(url).queued) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_kill_during_ingest_leaves_no_partial_records(crash_world: World) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    headers = crash_world.headers("monitor")
    server = start_server(crash_world.url, port)
    acknowledged: list[str] = []

    def submit(i: int) -> None:
        try:
            r = httpx.post(f"{base}/documents", json={"text": report(i)}, headers=headers,
                           timeout=30)  # fmt: skip
        except httpx.HTTPError:
            return
        if r.status_code == 202:
            acknowledged.append(r.json()["document_id"])

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(submit, i) for i in range(REPORTS)]
            deadline = time.monotonic() + 60
            while len(acknowledged) < 5 and time.monotonic() < deadline:
                time.sleep(0.01)
            coders = children(server.pid)
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=10)
            for future in futures:
                future.result(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert coders and all(gone(p, seconds=10) for p in coders), "a child outlived the server"
    before = counts(crash_world.url)
    assert before.audit_ok, "audit check failed after kill -9"
    assert 5 <= len(acknowledged) <= before.documents < REPORTS
    assert before.batches == before.documents  # one document per write: nothing half-written
    assert before.coded + before.queued == before.documents  # each coded whole, or queued

    server = start_server(crash_world.url, port)
    try:
        assert wait_for_queue(crash_world.url) == 0
        middle = counts(crash_world.url)
        assert (middle.documents, middle.coded, middle.audit_ok) == (
            before.documents, before.documents, True,
        )  # fmt: skip
        results = [
            httpx.post(f"{base}/documents", json={"text": report(i)}, headers=headers, timeout=30)
            for i in range(REPORTS)
        ]
        assert wait_for_queue(crash_world.url) == 0
    finally:
        server.kill()
        server.wait(timeout=10)
    statuses = [(r.status_code, r.json()["coding"]) for r in results]
    assert statuses.count((202, "queued")) == REPORTS - before.documents
    assert statuses.count((200, "duplicate")) == before.documents
    duplicates = {r.json()["document_id"] for r in results if r.status_code == 200}
    assert set(acknowledged) <= duplicates
    after = counts(crash_world.url)
    assert after == Counts(REPORTS, REPORTS, REPORTS, 0, True)
