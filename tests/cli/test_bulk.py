"""ceasefire bulk's command line: its refusals and errors, said plainly (the runs themselves
are in tests/bulk/test_runner.py, on a real cluster, through this command too)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Regime forces shelled Douma, killing 2 civilians.", "utf-8")
    return folder


def test_another_runs_directory_is_refused_with_the_way_out(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"arguments_hash": "0" * 64}), "utf-8")
    (out / "part-00000.parquet").write_bytes(b"theirs")
    result = runner.invoke(app, ["bulk", str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert "holds the partitions of another run" in result.output
    assert "--overwrite" in result.output
    assert (out / "part-00000.parquet").read_bytes() == b"theirs"


def test_scheduler_that_does_not_answer(corpus: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    result = runner.invoke(
        app, ["bulk", str(corpus), "-o", str(tmp_path / "o"), "--scheduler", address]
    )
    assert result.exit_code == 1
    assert f"no Dask scheduler answered at {address} within 8 s" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "'csv' is not one of"),
        (["--workers", "0"], "greater than or equal to 1"),
    ],
)
def test_bad_options(corpus: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["bulk", str(corpus), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert message in result.output
