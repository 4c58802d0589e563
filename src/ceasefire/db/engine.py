"""Engines and sessions. Nothing here runs at import: callers make an engine from a URL.

Two kinds of session: ``transaction(engine)`` for writing (commits at the end of the block)
and ``session_factory(engine)`` / ``read_session(engine)`` for reading. Reading sessions
never take a write lock (on SQLite a plain ``BEGIN``, on PostgreSQL ``BEGIN READ ONLY``) and
cannot write: the database refuses (``PRAGMA query_only`` on SQLite).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ceasefire.errors import ConfigError, StoreError

log = logging.getLogger(__name__)


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


#: Execution option marking a connection read-only (``read_session``).
READ_ONLY = "ceasefire_read_only"


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite files get WAL mode and ``BEGIN IMMEDIATE`` transactions,
    except on read-only connections (``read_only(engine)``), which begin with a plain ``BEGIN``.

    ``BEGIN IMMEDIATE`` takes SQLite's write lock when a transaction starts, so two writers
    never both read the audit chain's tail and then collide when they append to it. A reader
    needs no lock at all in WAL mode: it reads a snapshot while the writer goes on.
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
    def _on_begin(conn: Connection) -> None:
        reading = bool(conn.get_execution_options().get(READ_ONLY, False))
        # query_only makes SQLite refuse writes on a reading connection; set only when it
        # changes (the pool hands the same connection to readers and writers).
        if conn.info.get(READ_ONLY, False) != reading:
            conn.exec_driver_sql(f"PRAGMA query_only={int(reading)}")
            conn.info[READ_ONLY] = reading
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """``engine`` for reading only: its transactions take no write lock and cannot write.

    Shares the engine's pool. On PostgreSQL transactions begin ``READ ONLY``.
    """
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return engine.execution_options(**options)


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
    except DatabaseError as exc:  # SQLite: the file is something else
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(
            f"{redact(engine.url.render_as_string())} is not a ceasefire store: {reason}",
            hint="Check the path given with --db or CEASEFIRE_DATABASE_URL; `ceasefire init` "
            "creates a store at a new path.",
        ) from exc


def sqlite_file(engine: Engine) -> str | None:
    """The file of a SQLite engine (None for PostgreSQL or an in-memory database)."""
    if engine.dialect.name != "sqlite":
        return None
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name


#: Attribute of an engine holding its (reading, writing) session factories, made once per
#: engine: making them costs more than a small query (a derived engine sets up its own event
#: dispatch). Kept on the engine, not in a registry, so they go away with it.
_FACTORIES = "_ceasefire_sessions"


def _factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    made: tuple[sessionmaker[Session], sessionmaker[Session]] | None = getattr(
        engine, _FACTORIES, None
    )
    if made is None:
        made = (
            sessionmaker(bind=read_only(engine), expire_on_commit=False),
            sessionmaker(bind=engine, expire_on_commit=False),
        )
        setattr(engine, _FACTORIES, made)
    return made


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading (``read_only``): write with ``transaction`` instead."""
    return _factories(engine)[0]


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading: no write lock taken, writes refused."""
    with session_factory(engine)() as session:
        yield session


#: The PostgreSQL advisory lock every write transaction holds (transaction-level: released
#: at commit or rollback). The audit log's appenders take the same key.
PG_WRITE_LOCK = 0x0CEA5EF1
#: ``Session.info`` key set once a transaction holds ``PG_WRITE_LOCK``.
WRITE_LOCKED = "ceasefire_write_locked"


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end of the block, or rolled back whole.

    One writer at a time, on both databases, across every process (server workers, their
    coders, the CLI): SQLite's ``BEGIN IMMEDIATE`` takes its write lock, and on PostgreSQL the
    transaction first takes the advisory lock ``PG_WRITE_LOCK``. So whatever a write reads
    to decide (is this document stored? has this member voted? may the review move?) cannot
    change before it commits, whichever worker serves the other request.
    """
    with _factories(engine)[1]() as session, session.begin():
        if engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            session.info[WRITE_LOCKED] = True
        yield session
