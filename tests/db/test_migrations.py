"""The schema: migrations build it on both databases and agree with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from ceasefire.db.base import load_models
from ceasefire.db.engine import make_engine
from ceasefire.db.migrate import head_revision, upgrade
from ceasefire.db.store import init_store
from ceasefire.errors import ConfigError, StoreError


def test_upgrade_head_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"events", "batches", "documents", "agreements", "audit_entries"} <= tables


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), load_models().metadata)
    assert diff == []


def test_init_is_repeatable(db_url: str) -> None:
    assert init_store(db_url)[1] == head_revision()
    assert init_store(db_url)[1] == head_revision()


def test_sqlite_store_uses_wal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_unreachable_database_names_the_url() -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"
    with pytest.raises(StoreError) as err:
        init_store(url)
    assert "127.0.0.1:1/none" in err.value.message
    assert "secret" not in err.value.message


def test_not_a_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a database URL"):
        make_engine("ceasefire.db")


def test_commands_refuse_a_store_not_initialised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ceasefire.db.store import open_store

    with pytest.raises(StoreError, match="no ceasefire store"):
        open_store(f"sqlite:///{tmp_path / 'empty.db'}")
