"""Opening the store: the one place that turns a URL (or the settings) into a ready engine."""

from __future__ import annotations

from sqlalchemy import Engine

from ceasefire.db.engine import make_engine
from ceasefire.db.migrate import require_current, upgrade
from ceasefire.settings import get_settings


def database_url(db: str | None = None) -> str:
    """``db`` if given, else ``CEASEFIRE_DATABASE_URL``, else the SQLite file ./ceasefire.db."""
    return db or get_settings().database_url


def open_store(db: str | None = None) -> Engine:
    """An engine on an existing store whose schema is current (else a ``StoreError``)."""
    engine = make_engine(database_url(db))
    try:
        require_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def init_store(db: str | None = None) -> tuple[str, str]:
    """Create the store, or upgrade it to the newest schema; returns (URL, revision)."""
    engine = make_engine(database_url(db))
    try:
        return engine.url.render_as_string(hide_password=True), upgrade(engine)
    finally:
        engine.dispose()
