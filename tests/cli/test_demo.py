"""``ceasefire demo``: into a given store, ending with the status and the situation report;
``--serve`` then serves the API on that store (a real server, a real request)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.events.incident_models import IncidentRow

runner = CliRunner()


def test_demo_into_a_given_store(db_url: str, tmp_path: Path) -> None:
    work = tmp_path / "work"
    result = runner.invoke(app, ["demo", "--db", db_url, "--workdir", str(work)],
                           env={"COLUMNS": "120"})  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(temporary)" not in out
    assert out.index("audit log:") < out.index("Zones") < out.index("Parties")
    assert "astana-2017 as of 2017-02-23 (28 days 2017-01-27..2017-02-23" in out
    assert f"situation report: {work / 'situation-report.html'}" in out.replace("\n", "")
    html = (work / "situation-report.html").read_text(encoding="utf-8")
    assert "Situation report: Syria nationwide ceasefire" in html
    assert sorted(p.name for p in work.iterdir()) == ["situation-report.html"]  # no own store
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(IncidentRow)) > 0
    engine.dispose()


def test_demo_without_options_keeps_only_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # the demo's own report file is rewritten on every run
        result = runner.invoke(app, ["demo"])
        assert result.exit_code == 0, result.output
    assert "(temporary)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ceasefire-demo-report.html"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_serve_prints_the_address_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("ceasefire")
    proc = subprocess.Popen(
        [str(exe), "demo", "--workdir", str(tmp_path), "--serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip
    try:
        address = f"http://127.0.0.1:{port}/"
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Serving the API and dashboard on" in line:
                break
        assert f"Serving the API and dashboard on {address}" in "".join(lines), lines
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.get(address + "docs", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert response.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
