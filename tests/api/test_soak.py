"""The soak of bench/soak_api.py, smaller: concurrent clients submit distinct reports to a
real ``ceasefire serve`` (two workers on PostgreSQL, one on SQLite, which refuses more), the
queue drains, then kill -9 of the server (workers and coders) in the middle of ingest, a
restart and everything resubmitted: nothing lost, stored or coded twice, the chain intact."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]


def soak_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak_api", ROOT / "bench" / "soak_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("soak_api", module)
    spec.loader.exec_module(module)
    return module


def test_soak_then_kill_9_loses_nothing_and_stores_nothing_twice(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    workers = 2 if db_url.startswith("postgresql") else 1
    argv = ["--db", db_url, "--clients", "12", "--seconds", "4", "--max-per-client", "8",
            "--crash-reports", "48", "--workers", str(workers),
            "--drain-seconds", "180"]  # fmt: skip
    code = soak_module().main(argv)
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.rstrip().endswith("OK") and "lost=0" in out and "coded twice=0" in out, out
