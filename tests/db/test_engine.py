"""Sessions: reading sessions take no write lock and cannot write; writing sessions can."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import DBAPIError

from ceasefire.audit import log as audit
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import make_engine, read_session, session_factory, transaction
from ceasefire.db.migrate import upgrade


def append_entry(engine: Engine, record_id: str) -> None:
    with transaction(engine) as session:
        audit.append(
            session, actor="test", action="note", record_type="test", record_id=record_id,
            content_hash="0" * 64,
        )  # fmt: skip


def entries(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return list(session.scalars(select(AuditEntryRow.record_id).order_by(AuditEntryRow.seq)))


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Any:
    """A migrated SQLite store whose connections give up at once when the database is locked
    (no busy handler), so a session that wants the write lock while another holds it fails
    instead of waiting."""
    engine = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    upgrade(engine)
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _no_waiting(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    yield engine
    engine.dispose()


def test_a_read_session_reads_while_another_process_holds_the_write_lock(
    sqlite_engine: Engine,
) -> None:
    append_entry(sqlite_engine, "before")
    other = sqlite3.connect(str(sqlite_engine.url.database), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE audit_entries SET actor = 'other'")
        assert entries(sqlite_engine) == ["before"]  # a BEGIN IMMEDIATE would fail: locked
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_write_session_takes_the_write_lock_when_it_begins(sqlite_engine: Engine) -> None:
    other = sqlite3.connect(str(sqlite_engine.url.database), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with (
            pytest.raises(DBAPIError, match="database is locked"),
            transaction(sqlite_engine) as session,
        ):
            session.execute(text("SELECT 1"))
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_read_session_refuses_to_write(engine: Engine) -> None:
    with read_session(engine) as session, pytest.raises(DBAPIError):
        session.execute(text("DELETE FROM audit_entries"))
    with session_factory(engine)() as session, pytest.raises(DBAPIError):
        session.add(
            AuditEntryRow(
                seq=1, at="2017-01-01", actor="x", action="x", record_type="x", record_id="x",
                content_hash="0" * 64, detail="{}", prev_hash="0" * 64, entry_hash="0" * 64,
            )
        )  # fmt: skip
        session.flush()


def test_reading_and_writing_sessions_share_connections(engine: Engine) -> None:
    # The pool hands the same connections to both kinds: a connection a reader used must
    # write again, and one a writer used must refuse writes again.
    for turn in ("a", "b", "c"):
        append_entry(engine, turn)
        with read_session(engine) as session, pytest.raises(DBAPIError):
            session.execute(text("DELETE FROM audit_entries"))
    assert entries(engine) == ["a", "b", "c"]
