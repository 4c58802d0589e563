"""The README's tour, run as written: every command it shows prints what the README says it
prints (blocks the README abbreviates with '...' or describes in brackets are only run)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app

ROOT = Path(__file__).parents[1]
EXIT = '; echo "exit $?"'


def tour() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of the README's console blocks under 'A tour'."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## A tour", 1)[1].split("\n## ", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def test_the_tour_has_the_steps_a_new_user_needs() -> None:
    commands = [command.split()[1] for command, _ in tour() if command.startswith("ceasefire")]
    for step in ("init", "agreement", "ingest", "fuse", "assess", "incidents", "users",
                 "verify", "export", "audit"):  # fmt: skip
        assert step in commands, step
    assert not any(command.startswith("sqlite3") for command, _ in tour())


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_the_tour_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("scenarios", "tests"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CEASEFIRE_DATABASE_URL", raising=False)
    runner = CliRunner()
    for command, expected in tour():
        if command.startswith(". "):
            continue  # activating the environment: the tests already run inside it
        if command.startswith("python "):
            subprocess.run([sys.executable, *shlex.split(command)[1:]], check=True,
                           env={**os.environ})  # fmt: skip
            continue
        args = shlex.split(command.removesuffix(EXIT))
        assert args[0] == "ceasefire", command
        result = runner.invoke(app, args[1:])
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        output = result.output.splitlines()
        if command.endswith(EXIT):
            output.append(f"exit {result.exit_code}")
        else:
            assert result.exit_code == 0, (command, result.output)
        if (
            any("..." in line for line in expected)
            or expected[:1] == [""]
            or (expected and expected[0].startswith("("))
        ):
            continue  # abbreviated in the README
        assert output == expected, command
