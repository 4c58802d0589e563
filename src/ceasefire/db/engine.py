"""Engines and sessions. Nothing here runs at import: callers make an engine from a URL."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ceasefire.errors import ConfigError, StoreError

log = logging.getLogger(__name__)


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite files get WAL mode and ``BEGIN IMMEDIATE`` transactions.

    ``BEGIN IMMEDIATE`` takes SQLite's write lock when a transaction starts, so two writers
    never both read the audit chain's tail and then collide when they append to it.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"not a database URL: {url!r}",
            hint="Use sqlite:///path/to/file.db or postgresql+psycopg://user:pass@host:5432/db.",
        ) from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": 5}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"cannot use database URL {redact(url)}: {exc}",
            hint="Supported: sqlite:///FILE and postgresql+psycopg://user:pass@host/db.",
        ) from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    # Dates go to SQLite as ISO text, the form SQLAlchemy's Date type reads back; registered
    # explicitly because the sqlite3 module's default adapters are deprecated.
    sqlite3.register_adapter(date, date.isoformat)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Reading pages through a memory map saves a copy per page; bulk inserts that update
        # several indexes gain about a fifth (bench/bench_ingest.py).
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def check_connection(engine: Engine) -> None:
    """Raise ``StoreError`` naming the URL when the database does not answer."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"cannot connect to the database {redact(engine.url.render_as_string())}: {reason}",
            hint="Check that the server is running and the URL (host, port, user, database) "
            "is right; set it with --db or CEASEFIRE_DATABASE_URL.",
        ) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back whole."""
    with session_factory(engine)() as session, session.begin():
        yield session
