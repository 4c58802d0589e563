"""Fixtures of the browser tests: Debian's chromium driven by Playwright (one browser for the
session, never a downloaded one) and a real uvicorn server on 127.0.0.1 over a seeded store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from ceasefire.accounts import tokens

from ..api.live_server import serve
from .seed import Seeded, seed_store

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
#: A laptop screen.
VIEWPORT = {"width": 1366, "height": 768}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


@dataclass
class Site:
    base: str
    store: Seeded


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The seeded store behind a real uvicorn server (``tests.api.live_server``)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    original = tokens._hasher
    tokens._hasher = lambda: cheap  # type: ignore[assignment]
    folder = tmp_path_factory.mktemp("site")
    store = seed_store(f"sqlite:///{folder / 'site.db'}", folder)
    try:
        with serve(store.url) as base:
            assert httpx.get(f"{base}/health", timeout=5).status_code == 200
            yield Site(base=base, store=store)
    finally:
        tokens._hasher = original  # type: ignore[assignment]
