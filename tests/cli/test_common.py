"""What every command shares: user text printed as written, errors without tracebacks,
plurals, unwrapped piped output, help without value types beside flags."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ceasefire.cli.common import cli_errors, plural
from ceasefire.cli.main import app
from ceasefire.errors import InputError
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
CLI = Path(__file__).parents[2] / "src" / "ceasefire" / "cli"
AGREEMENT = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")
#: Rich markup, a closing tag with nothing open (rich raises on it) and highlighter bait.
MARKUP_NAME = "Truce [bold]x[/] [/] [red]y :smile: 'quoted' 127.0.0.1 https://example.org"


@pytest.fixture
def store(db_url: str) -> str:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    return db_url


def _agreement_file(folder: Path, name: str, agreement_id: str = "markup-1") -> Path:
    path = folder / f"{agreement_id}.yaml"
    text = AGREEMENT.replace("id: astana-2017", f"id: {agreement_id}", 1)
    text = text.replace("\nname: ", f"\nname: {name!r}\nold_name: ", 1)
    path.write_text("\n".join(line for line in text.splitlines() if "old_name" not in line))
    return path


@pytest.mark.parametrize("command", ["load", "show", "list"])
def test_user_text_prints_as_written(store: str, tmp_path: Path, command: str) -> None:
    path = _agreement_file(tmp_path, MARKUP_NAME)
    loaded = runner.invoke(app, ["agreement", "load", str(path), "--db", store])
    assert loaded.exit_code == 0, loaded.output
    args = {"load": ["load", str(path)], "show": ["show", "markup-1"], "list": ["list"]}[command]
    result = runner.invoke(app, ["agreement", *args, "--db", store])
    assert result.exit_code == 0, result.output
    if command == "list":  # a table cell of 80 columns wraps the name between words
        assert all(word in result.output for word in MARKUP_NAME.split()), result.output
    else:
        assert MARKUP_NAME in result.output
    assert "\x1b[" not in result.output  # no styling codes: not a terminal


def test_a_name_at_the_length_limit_prints_in_full(store: str, tmp_path: Path) -> None:
    name = ("Wadi Barada [b] " * 40)[:300].strip()
    path = _agreement_file(tmp_path, name, "long-name")
    result = runner.invoke(app, ["agreement", "load", str(path), "--db", store])
    assert result.exit_code == 0, result.output
    assert result.output == f"Agreement long-name ({name}): stored.\n"


def _failing(exc: BaseException) -> typer.Typer:
    one = typer.Typer()

    @one.command()
    @cli_errors
    def fail() -> None:
        raise exc

    return one


@pytest.mark.parametrize(
    ("exc", "code", "output"),
    [
        (InputError("bad [red]cell[/]", source="f.csv", line=3, hint="Fix [it]."), 1,
         "Error: f.csv:3: bad [red]cell[/]\nHint: Fix [it].\n"),
        (InputError("x" * 5000), 1,
         f"Error: {'x' * 266} [... 4,634 characters cut ...] {'x' * 100}\n"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp/.out.tmp", None, "out"), 1,
         "Error: out: Is a directory\nHint: Check the path and its permissions; nothing was "
         "changed unless a message above said so.\n"),
        (PermissionError(errno.EACCES, "Permission denied", "/etc/x"), 1,
         "Error: /etc/x: Permission denied\nHint: Check the path and its permissions; nothing "
         "was changed unless a message above said so.\n"),
        (KeyError("boom"), 2,
         "Error: unexpected error (KeyError): 'boom'\nHint: This is a bug in ceasefire; please "
         "report it with the command you ran (CEASEFIRE_LOG_LEVEL=DEBUG prints the "
         "traceback).\n"),
    ],
)  # fmt: skip
def test_errors_are_one_message_never_a_traceback(
    exc: BaseException, code: int, output: str
) -> None:
    result = runner.invoke(_failing(exc), [], terminal_width=1000)
    assert (result.exit_code, result.output) == (code, output)


@pytest.mark.parametrize(
    ("count", "word", "words", "text"),
    [
        (0, "agreement", None, "0 agreements"),
        (1, "agreement", None, "1 agreement"),
        (2, "agreement", None, "2 agreements"),
        (1, "entry", "entries", "1 entry"),
        (1204, "entry", "entries", "1,204 entries"),
    ],
)
def test_plural(count: int, word: str, words: str | None, text: str) -> None:
    assert plural(count, word, words) == text


def test_piped_output_does_not_wrap(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pipe.db'}"
    name = "A ceasefire with a long name that would wrap at eighty columns " * 3
    path = _agreement_file(tmp_path, name.strip(), "piped")
    command = [sys.executable, "-c", "from ceasefire.cli.main import main; main()"]
    subprocess.run([*command, "init", "--db", url], check=True, capture_output=True)
    done = subprocess.run(
        [*command, "agreement", "load", str(path), "--db", url],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.stdout == f"Agreement piped ({name.strip()}): stored.\n"


@pytest.mark.parametrize(
    "command", [["ingest"], ["agreement", "show"], ["audit", "verify"], ["export"], []]
)
def test_help_shows_no_value_type_beside_flags(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=120)
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "--help" in result.output


def test_usage_errors_keep_clicks_message_and_exit_code() -> None:
    result = runner.invoke(_failing(typer.BadParameter("names one file", param_hint="'--x'")), [])
    assert result.exit_code == 2
    assert "Invalid value for '--x': names one file" in result.output
    assert "unexpected error" not in result.output


MARKUP = re.compile(r"\[/\]|\[/?(bold|dim|italic|red|green|yellow|blue|cyan|magenta)[^\]]*\]")


@pytest.mark.parametrize(
    "path", sorted(p.name for p in CLI.glob("*.py") if p.name != "common.py"), ids=str
)
def test_no_command_writes_rich_markup(path: str) -> None:
    """The consoles print markup as text (user names may contain it): style with ``styled``."""
    found = MARKUP.findall((CLI / path).read_text(encoding="utf-8"))
    assert not found, f"{path} uses rich markup {found}; use styled() from cli/common.py"
