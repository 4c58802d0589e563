"""Opening the store: a transaction on it commits whole or not at all, and a missing store is
refused with a hint before anything is created."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.accounts.service import create_user, list_users
from ceasefire.db.store import init_store, store_transaction
from ceasefire.errors import StoreError


def names(db_url: str) -> list[str]:
    with store_transaction(db_url) as session:
        return [user.name for user in list_users(session)]


def test_store_transaction_commits_at_the_end_of_the_block(db_url: str) -> None:
    init_store(db_url)
    with store_transaction(db_url) as session:
        create_user(session=session, name="amal", role="monitor")
    assert names(db_url) == ["amal"]


def test_store_transaction_rolls_back_whole_when_the_block_fails(db_url: str) -> None:
    init_store(db_url)
    with pytest.raises(RuntimeError, match="half-way"), store_transaction(db_url) as session:
        create_user(session=session, name="amal", role="monitor")
        session.flush()
        raise RuntimeError("half-way")
    assert names(db_url) == []


def test_store_transaction_on_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    url = f"sqlite:///{path}"
    with pytest.raises(StoreError, match="no ceasefire store at") as caught, store_transaction(url):
        pass  # pragma: no cover - never entered
    assert caught.value.hint == "Create it first with `ceasefire init` (same --db)."
    assert not path.exists()
