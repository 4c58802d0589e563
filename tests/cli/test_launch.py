"""Tests of ceasefire.cli.launch: a light command loads only its own group."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ceasefire.cli.launch import LIGHT, command_name


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["extract", "a.txt"], "extract"),
        (["--db", "sqlite:///x.db", "eval", "g.csv"], "eval"),
        (["--db", "extract", "init"], "init"),
        (["--version"], None),
        (["--help"], None),
        ([], None),
        (["--", "extract"], None),
        (["agreement", "load", "f.yaml"], "agreement"),
    ],
)
def test_command_name(argv: list[str], expected: str | None) -> None:
    assert command_name(argv) == expected


@pytest.mark.parametrize("command", sorted(LIGHT))
def test_light_command_help_is_the_full_apps(command: str) -> None:
    from importlib import import_module

    from ceasefire.cli.main import app as full
    from ceasefire.cli.root import new_app

    light = new_app()
    import_module(f"ceasefire.cli.{LIGHT[command]}").register(light)
    runner = CliRunner()
    a = runner.invoke(light, [command, "--help"], prog_name="ceasefire", terminal_width=100)
    b = runner.invoke(full, [command, "--help"], prog_name="ceasefire", terminal_width=100)
    assert (a.exit_code, a.output) == (b.exit_code, b.output)
    assert "Usage: ceasefire " + command in a.output


_PROBE = """
import sys
from ceasefire.cli.launch import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'fastapi'})
groups = sorted(m for m in sys.modules if m.startswith('ceasefire.cli.') and m not in
                ('ceasefire.cli.launch', 'ceasefire.cli.root', 'ceasefire.cli.common',
                 'ceasefire.cli.options', 'ceasefire.cli.help_text'))
print(code, heavy, groups)
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["extract", "--help"], "0 [] ['ceasefire.cli.coding']"),
        (["eval", "--help"], "0 [] ['ceasefire.cli.coding']"),
    ],
)
def test_light_command_imports_no_database_or_web_library(argv: list[str], expected: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == expected


def test_other_commands_get_the_full_app() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, "init", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "sqlalchemy" in out.strip().splitlines()[-1]
    assert "ceasefire.cli.store" in out.strip().splitlines()[-1]
