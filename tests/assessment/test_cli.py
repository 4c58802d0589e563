"""The decision commands end to end through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from ceasefire.agreements.service import store_agreement
from ceasefire.cli import decisions
from ceasefire.db.engine import session_factory
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incident_models import IncidentRow
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    decisions.register(app)
    return app


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    url = f"sqlite:///{tmp_path}/t.db"
    init_store(url)
    engine = open_store(url)
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml", actor="test")
    ingest_file(engine, folder / "reports.jsonl", actor="test")
    engine.dispose()
    return ["--db", url]


def run(app: typer.Typer, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def douma(url: str) -> str:
    engine = open_store(url)
    with session_factory(engine)() as session:
        found = session.scalar(select(IncidentRow.id).where(IncidentRow.location == "Douma"))
    engine.dispose()
    return str(found)


def test_fuse_assess_review_vote(app: typer.Typer, db: list[str]) -> None:
    assert run(app, "fuse", *db).strip() == "40 new events: 36 incidents created, 0 extended."
    inc = douma(db[1])
    out = run(app, "assess", "--agreement", "astana-2017", *db)
    assert "36 assessed" in out and "5 allegations opened" in out
    run(app, "users", "add", "ru", "--role", "monitor", "--org", "Russia", *db)
    run(app, "users", "add", "tr", "--role", "monitor", "--org", "Turkey", *db)
    out = run(app, "verify", "transition", inc, "--to", "under_review", "--as", "ru",
              "--reason", "two sources", "--agreement", "astana-2017", *db)  # fmt: skip
    assert out.strip() == f"incident {inc}: under_review (round 1)"
    run(app, "verify", "vote", inc, "--as", "ru", "--choice", "verified", "--rationale", "r", *db)
    out = run(app, "verify", "vote", inc, "--as", "tr", "--choice", "not_verified",
              "--rationale", "unclear", "--evidence", "https://example.org/x", *db)  # fmt: skip
    assert (
        out.strip()
        == f"incident {inc}: disputed (Russia: verified, Turkey: not_verified; 2 needed)"
    )
    out = run(app, "verify", "show", inc, *db)
    assert "unclear" in out and "https://example.org/x" in out
    out = run(app, "incidents", "--agreement", "astana-2017", "--status", "disputed", *db)
    assert "Douma" in out


def test_errors_are_one_red_line(app: typer.Typer, db: list[str]) -> None:
    run(app, "fuse", *db)
    result = runner.invoke(app, ["verify", "vote", "1", "--as", "nobody", "--choice", "verified",
                                 "--rationale", "r", *db])  # fmt: skip
    assert result.exit_code == 1
    assert "Error: no user called 'nobody'" in result.output


@pytest.mark.parametrize("command", [["fuse"], ["assess"], ["incidents"], ["split-event"],
                                     ["verify", "vote"], ["verify", "transition"],
                                     ["verify", "show"], ["users", "add"], ["users", "list"],
                                     ["users", "revoke"]])  # fmt: skip
def test_every_command_documents_an_example(app: typer.Typer, command: list[str]) -> None:
    assert "Example:" in run(app, *command, "--help")
