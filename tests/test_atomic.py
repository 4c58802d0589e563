"""Tests of ceasefire.atomic: which files an output must never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from ceasefire.atomic import store_files

URLS = [
    "sqlite:///ceasefire.db",
    "sqlite:////tmp/x/store.db",
    "sqlite+pysqlite:///rel/a.db",
    "sqlite:///file:ro.db?mode=ro&uri=true",
    "sqlite://",
    "sqlite:///:memory:",
    "postgresql://u:p@host:5432/db",
    "postgresql+psycopg://u@[::1]:5432/db?sslmode=require",
    "not a url",
    "",
]


def _expected(url: str) -> dict[Path, str]:
    try:
        parsed = make_url(url)
    except Exception:
        return {}
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return {}
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    base = Path(database)
    return {base.with_name(base.name + s): "the store" for s in ("", "-wal", "-shm", "-journal")}


@pytest.mark.parametrize("url", URLS)
def test_store_files_reads_urls_as_sqlalchemy_does(url: str) -> None:
    assert store_files(url) == _expected(url)


def test_store_files_of_an_engine(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")
    assert sorted(store_files(engine)) == [
        tmp_path / "s.db",
        tmp_path / "s.db-journal",
        tmp_path / "s.db-shm",
        tmp_path / "s.db-wal",
    ]
    engine.dispose()


def test_store_files_of_sqlite_relative_path() -> None:
    assert store_files("sqlite:///ceasefire.db") == {
        Path("ceasefire.db"): "the store",
        Path("ceasefire.db-wal"): "the store",
        Path("ceasefire.db-shm"): "the store",
        Path("ceasefire.db-journal"): "the store",
    }
