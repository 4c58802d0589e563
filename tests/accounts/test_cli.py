"""``ceasefire users add|list|revoke``."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from ceasefire.accounts.service import authenticate
from ceasefire.cli import decisions
from ceasefire.db.engine import session_factory
from ceasefire.db.store import init_store, open_store

runner = CliRunner()


def test_add_prints_the_token_once_list_and_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/t.db"
    init_store(url)
    app = typer.Typer()
    decisions.register(app)
    added = runner.invoke(app, ["users", "add", "ir", "--role", "monitor", "--org", "Iran",
                                "--db", url])  # fmt: skip
    assert added.exit_code == 0, added.output
    (token,) = re.findall(r"cf_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", added.output)
    listed = runner.invoke(app, ["users", "list", "--db", url]).output
    assert "Iran" in listed and token not in listed and token.split("_")[1] in listed
    engine = open_store(url)
    with session_factory(engine)() as session:
        assert authenticate(session, token).organisation == "Iran"
    revoked = runner.invoke(app, ["users", "revoke", "ir", "--db", url])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    bad = runner.invoke(app, ["users", "add", "x", "--role", "king", "--db", url])
    assert bad.exit_code == 1 and "unknown role 'king'" in bad.output
    engine.dispose()
