"""Create or upgrade the store's schema through Alembic (the same migrations for both databases)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from ceasefire.db.engine import check_connection, redact
from ceasefire.errors import StoreError


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("ceasefire.db") / "migrations"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision; returns it. Safe to run on an up-to-date store."""
    check_connection(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return head_revision()


def require_current(engine: Engine) -> None:
    """Raise ``StoreError`` unless the store exists and its schema is at the newest revision."""
    check_connection(engine)
    current = current_revision(engine)
    url = redact(engine.url.render_as_string(hide_password=False))
    if current is None:
        raise StoreError(
            f"no ceasefire store at {url}",
            hint="Create it first with `ceasefire init` (same --db).",
        )
    if current != head_revision():
        raise StoreError(
            f"the store at {url} has schema revision {current}; this version needs "
            f"{head_revision()}",
            hint="Run `ceasefire init` to upgrade it.",
        )
