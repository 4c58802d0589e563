"""Opening the store: the one place that turns a URL (or the settings) into a ready engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ceasefire.db.engine import make_engine, redact, sqlite_file, transaction
from ceasefire.db.migrate import require_current, upgrade
from ceasefire.errors import StoreError
from ceasefire.settings import get_settings


def database_url(db: str | None = None) -> str:
    """``db`` if given, else ``CEASEFIRE_DATABASE_URL``, else the SQLite file ./ceasefire.db."""
    return db or get_settings().database_url


def open_store(db: str | None = None) -> Engine:
    """An engine on an existing store whose schema is current (else a ``StoreError``)."""
    engine = make_engine(database_url(db))
    path = sqlite_file(engine)
    if path is not None and not Path(path).is_file():
        engine.dispose()  # before connecting: SQLite would create an empty file
        raise StoreError(
            f"no ceasefire store at {redact(engine.url.render_as_string())}"
            + (" (that path is a directory)" if Path(path).is_dir() else ""),
            hint="Create it first with `ceasefire init` (same --db).",
        )
    try:
        require_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def store_transaction(db: str | None = None) -> Iterator[Session]:
    """A session on the store at ``db`` (see :func:`open_store`) committed at the end of the
    block or rolled back whole; the engine is disposed of either way."""
    engine = open_store(db)
    try:
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


def init_store(db: str | None = None) -> tuple[str, str]:
    """Create the store, or upgrade it to the newest schema; returns (URL, revision)."""
    engine = make_engine(database_url(db))
    try:
        return engine.url.render_as_string(hide_password=True), upgrade(engine)
    finally:
        engine.dispose()
