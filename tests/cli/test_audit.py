"""`ceasefire audit checkpoint` and `audit verify --checkpoint` through the CLI, on a real store."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from ceasefire.audit.serverkey import server_key_path
from ceasefire.cli.main import app
from ceasefire.scenarios import scenario_dir

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def store(db_url: str, structured: Path) -> str:
    assert run("init", "--db", db_url)[0] == 0
    agreement = str(scenario_dir("astana-2017") / "agreement.yaml")
    assert run("agreement", "load", agreement, "--db", db_url)[0] == 0
    assert run("ingest", str(structured / "acled_modern.csv"), "--db", db_url)[0] == 0
    return db_url


def test_checkpoint_then_verify_against_it(store: str, structured: Path, tmp_path: Path) -> None:
    target = tmp_path / "cp.json"
    code, out = run("audit", "checkpoint", "-o", str(target), "--db", store)
    assert code == 0, out
    assert "Wrote the checkpoint of 2 entries" in out
    cp = json.loads(target.read_text(encoding="utf-8"))
    assert (cp["format"], cp["size"], len(cp["blocks"]["hashes"])) == (
        "ceasefire-audit-checkpoint/1", 2, 2,
    )  # fmt: skip
    key = server_key_path()
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert run("ingest", str(structured / "ucdp_ged.csv"), "--db", store)[0] == 0
    code, out = run("audit", "verify", "--checkpoint", str(target), "--db", store)
    assert code == 0, out
    assert "The log extends the checkpoint of 2 entries (now 3; consistency proof of 1 hash" in out
    assert "Audit log intact: 3 entries" in out


def test_checkpoint_to_standard_output_and_no_overwrite(store: str, tmp_path: Path) -> None:
    code, out = run("audit", "checkpoint", "--db", store)
    assert code == 0 and json.loads(out)["size"] == 2
    target = tmp_path / "cp.json"
    target.write_text("keep me", encoding="utf-8")
    code, out = run("audit", "checkpoint", "-o", str(target), "--db", store)
    assert code == 1 and "already exists" in out
    assert target.read_text(encoding="utf-8") == "keep me"


def test_truncation_fails_naming_the_entry(store: str, tmp_path: Path) -> None:
    target = tmp_path / "cp.json"
    assert run("audit", "checkpoint", "-o", str(target), "--db", store)[0] == 0
    engine = create_engine(store)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    engine.dispose()
    code, out = run("audit", "verify", "--checkpoint", str(target), "--db", store)
    assert code == 1
    assert "the checkpoint pins 2: audit entries 2 to 2 were removed (truncated)" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("{}", "not a ceasefire checkpoint"), (None, "cannot read the checkpoint")],
)
def test_a_file_that_is_not_a_checkpoint(
    store: str, tmp_path: Path, content: str | None, message: str
) -> None:
    target = tmp_path / "cp.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    code, out = run("audit", "verify", "--checkpoint", str(target), "--db", store)
    assert code == 1 and message in out and "cp.json" in out


def test_keys_new_signed_vote_export_and_offline_check(store: str, tmp_path: Path) -> None:
    from ceasefire.audit.offline import verify_offline

    key = tmp_path / "russia.pem"
    code, out = run("keys", "new", "--org", "Russia", "-o", str(key), "--db", store)
    assert code == 0, out
    assert re.search(r"key [0-9a-f]{16} registered for Russia", out)
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert key.read_text(encoding="utf-8").startswith("-----BEGIN PRIVATE KEY-----")
    code, out = run("keys", "list", "--db", store)
    assert code == 0 and "Russia" in out and "(current)" in out
    assert run("users", "add", "ru", "--role", "monitor", "--org", "Russia", "--db", store)[0] == 0
    assert run("fuse", "--db", store)[0] == 0
    code, out = run(
        "verify", "transition", "1", "--to", "under_review", "--as", "ru", "--reason",
        "two sources", "--agreement", "astana-2017", "--db", store,
    )  # fmt: skip
    assert code == 0, out
    vote = ("verify", "vote", "1", "--as", "ru", "--choice", "verified", "--rationale", "Seen")
    code, out = run(*vote, "--db", store)
    assert code == 1 and "Russia has a registered key: its votes must be signed" in out
    code, out = run(*vote, "--key", str(key), "--db", store)
    assert code == 0, out
    export, cp = tmp_path / "audit.jsonl", tmp_path / "cp.json"
    assert run("audit", "export", "-o", str(export), "--db", store)[0] == 0
    assert run("audit", "checkpoint", "-o", str(cp), "--db", store)[0] == 0
    code, out = run("audit", "verify", "--db", store)
    assert code == 0, out
    report = verify_offline(export, cp)
    assert (report.problems, report.signed_votes, report.keys) == ([], 1, 1)
