"""Comments on incidents: who may write them, what they need, and that they are audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.service import create_user
from ceasefire.audit.integrity import verify_store
from ceasefire.cli.main import app
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import InputError, NotFoundError, PermissionDeniedError
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.comments import MAX_COMMENT, comment, list_comments


@pytest.fixture
def users(engine: Engine, tmp_path: Path) -> dict[str, UserRow]:
    """Incident 1 (one event, fused) and a user of each role."""
    strike = EventRecord(event_date=date(2017, 1, 9), event_type="Battles", country="Syria",
                         location="Douma", actor1="Hezbollah")  # fmt: skip
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(strike.to_json_dict()) + "\n")
    ingest_file(engine, path)
    with transaction(engine) as session:
        fuse(session)
        made = {
            role: create_user(session=session, name=role, role=role, organisation="X")[0]
            for role in ("admin", "monitor", "party_liaison", "observer", "public")
        }
    return made


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("monitor", True), ("party_liaison", True), ("observer", False),
     ("public", False)],
)  # fmt: skip
def test_who_may_comment(
    engine: Engine, users: dict[str, UserRow], role: str, allowed: bool
) -> None:
    with transaction(engine) as session:
        if allowed:
            row = comment(session=session, incident_id=1, user=users[role], text="  seen  ")
            assert (row.id, row.text) == (1, "seen")
        else:
            with pytest.raises(PermissionDeniedError):
                comment(session=session, incident_id=1, user=users[role], text="seen")


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "a comment needs text"), ("x" * (MAX_COMMENT + 1), "at most 10,000 are allowed")],
)
def test_a_comment_needs_text_of_limited_size(
    engine: Engine, users: dict[str, UserRow], body: str, message: str
) -> None:
    with transaction(engine) as session, pytest.raises(InputError, match=message) as err:
        comment(session=session, incident_id=1, user=users["monitor"], text=body)
    assert err.value.field == "text"


def test_comments_are_listed_audited_and_verified(
    engine: Engine, users: dict[str, UserRow]
) -> None:
    with transaction(engine) as session:
        comment(session=session, incident_id=1, user=users["party_liaison"], text="first")
        comment(session=session, incident_id=1, user=users["monitor"], text="second")
    with session_factory(engine)() as session:
        listed = [(row.text, name) for row, name in list_comments(session, 1)]
        assert listed == [("first", "party_liaison"), ("second", "monitor")]
        with pytest.raises(NotFoundError):
            list_comments(session, 99)
        assert verify_store(session).ok
    with engine.begin() as conn:
        conn.execute(text("UPDATE comments SET text = 'edited' WHERE id = 1"))
    with session_factory(engine)() as session:
        problems = [str(p) for p in verify_store(session).problems]
    assert problems == ["audit entry 8, comment 1: it was changed after its audit entry"]


def test_comment_on_a_missing_incident(engine: Engine, users: dict[str, UserRow]) -> None:
    with transaction(engine) as session, pytest.raises(NotFoundError, match="no incident 5"):
        comment(session=session, incident_id=5, user=users["monitor"], text="x")


def test_cli_comment(engine: Engine, users: dict[str, UserRow], db_url: str) -> None:
    runner = CliRunner()
    done = runner.invoke(
        app, ["comment", "1", "--as", "party_liaison", "--text", "shelled first", "--db", db_url]
    )
    assert done.exit_code == 0, done.output
    assert "comment 1 on incident 1 recorded" in done.output
    refused = runner.invoke(
        app, ["comment", "1", "--as", "observer", "--text", "x", "--db", db_url]
    )
    assert refused.exit_code != 0
    assert "may not comment" in refused.output
