"""The offline verifier on an export and a checkpoint: no store, no trust in the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ceasefire.accounts.models import UserRow
from ceasefire.audit import crypto
from ceasefire.audit.export import export_lines
from ceasefire.audit.offline import verify_offline
from ceasefire.audit.tree import checkpoint_text, make_checkpoint
from ceasefire.db.engine import transaction
from ceasefire.errors import InputError

from .signed import cast, make_world, register, rewrite_vote


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> dict[str, UserRow]:
    users = make_world(engine, tmp_path)
    cast(engine, users, "ru", key=register(engine, "Russia"))
    cast(engine, users, "tr")
    return users


def save(engine: Engine, folder: Path, name: str) -> tuple[Path, Path]:
    """An export and a checkpoint of the store now."""
    export, cp = folder / f"{name}.jsonl", folder / f"{name}.json"
    with transaction(engine) as session:
        export.write_text("".join(export_lines(session)), encoding="utf-8")
        cp.write_text(checkpoint_text(make_checkpoint(session)), encoding="utf-8")
    return export, cp


def test_a_good_store_verifies_offline(engine: Engine, world: object, tmp_path: Path) -> None:
    export, cp = save(engine, tmp_path, "now")
    report = verify_offline(export, cp)
    assert report.problems == []
    assert (report.entries, report.checkpoint_size, report.keys) == (12, 12, 1)
    assert (report.signed_votes, report.unsigned_votes) == (1, 1)


def test_the_module_runs_standalone(engine: Engine, world: object, tmp_path: Path) -> None:
    export, cp = save(engine, tmp_path, "now")
    done = subprocess.run(
        [sys.executable, "-m", "ceasefire.verification.offline", str(export), str(cp)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: 12 entries, root ")
    assert "1 signed votes verify, 1 unsigned" in done.stdout


def test_truncation_and_a_fork_are_caught_against_an_older_checkpoint(
    engine: Engine, world: object, tmp_path: Path
) -> None:
    _, old = save(engine, tmp_path, "old")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE seq = 12"))
    truncated, _ = save(engine, tmp_path, "truncated")
    report = verify_offline(truncated, old)
    assert report.problems[0] == (
        "the log has 11 entries; the checkpoint pins 12: audit entries 12 to 12 were removed "
        "(truncated)"
    )
    register(engine, "Iran")  # the log written on: entry 12 is another one now
    forked, _ = save(engine, tmp_path, "forked")
    report = verify_offline(forked, old)
    assert report.problems[0] == (
        "the log no longer extends the checkpoint of 12 entries: audit entry 12 differs "
        "(rewritten, removed or a forked history)"
    )


def test_a_vote_changed_with_every_hash_recomputed_fails_offline(
    engine: Engine, world: object, tmp_path: Path
) -> None:
    rewrite_vote(engine, 1, "not_verified")
    export, cp = save(engine, tmp_path, "rewritten")  # even a checkpoint taken afterwards
    report = verify_offline(export, cp)
    assert report.problems == [
        "vote 1 (Russia, incident 1): its signature does not verify under its member's key "
        "valid then"
    ]


def test_a_checkpoint_of_another_server_is_refused(
    engine: Engine, world: object, tmp_path: Path
) -> None:
    export, cp = save(engine, tmp_path, "now")
    other = crypto.public_hex(crypto.generate())
    with pytest.raises(InputError, match="signed by another key"):
        verify_offline(export, cp, server_key=other)


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "the export is empty"), ('{"kind": "entry"}\n', "line 1 is no ceasefire-audit-export/1"),
     ("not json\n", "not JSON")],
)  # fmt: skip
def test_a_file_that_is_not_an_export(tmp_path: Path, content: str, message: str) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        verify_offline(export, tmp_path / "cp.json")
