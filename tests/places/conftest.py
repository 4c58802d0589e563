"""Fixtures for the gazetteer tests: the package gazetteer and the shared gold data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.places import Gazetteer, load_gazetteer

ROOT = Path(__file__).parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The package gazetteer without analyst files (built once per test session)."""
    return load_gazetteer()


@pytest.fixture
def shared_csv():
    """Path of a file in ../shared/data; skips the test where shared/ is absent."""

    def get(name: str) -> Path:
        path = SHARED_DATA / name
        if not path.exists():
            pytest.skip(f"{path} is absent")
        return path

    return get
