from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ceasefire.cli import coding as cli_coding
from ceasefire.coding import extract as extract_module
from ceasefire.coding.pipeline import Coder

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    cli_coding.register(app)
    return app


@pytest.fixture(autouse=True, scope="module")
def fake_coder() -> object:
    """The CLI builds the default coder; these tests use one without registry or gazetteer
    (the library tests cover actors and places)."""
    coder = Coder(use_defaults=False)
    original = extract_module.default_coder
    extract_module.default_coder = lambda: coder  # type: ignore[assignment]
    yield coder
    extract_module.default_coder = original  # type: ignore[assignment]


def test_extract_writes_acled_csv(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Regime forces shelled Kafr Nabl on Tuesday, killing two civilians.")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["extract", str(src), "--date", "2017-01-25", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(out.open()))
    assert (row["event_date"], row["event_type"], row["fatalities"]) == (
        "2017-01-24", "Explosions/Remote violence", "2",
    )  # fmt: skip
    assert "1 event(s) from 1 of 1 text(s)" in result.output


def test_extract_says_when_no_events_were_found(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("The lake was calm.")
    result = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "o.jsonl"),
                                 "--format", "jsonl"])  # fmt: skip
    assert result.exit_code == 0
    assert "No events found in 1 text(s)" in result.output


def test_extract_errors_are_one_line_without_traceback(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "rows.csv"
    src.write_text("id,body\n1,Regime forces shelled Douma.\n")
    result = runner.invoke(app, ["extract", str(src), "--text-column", "notes",
                                 "-o", str(tmp_path / "o.csv")])  # fmt: skip
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "rows.csv:1, field 'notes'" in output
    assert "Traceback" not in result.output


def test_extract_rejects_a_bad_date(app: typer.Typer, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x")
    result = runner.invoke(app, ["extract", str(src), "--date", "25/01/2017", "-o", "o.csv"])
    assert result.exit_code == 1
    assert "YYYY-MM-DD" in result.output


def test_eval_prints_accuracy_and_json(app: typer.Typer, tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    gold.write_text(
        "id,event_date,admin1,location,latitude,longitude,event_type,sub_event_type,actor1,"
        "actor2,fatalities,notes\n"
        "g1,2020-03-03,Idleb,Kafr Nabl,35.61,36.56,Explosions/Remote violence,"
        "Shelling/artillery/missile attack,Military Forces of Syria (2000-),,0,"
        '"On 3 March 2020, regime forces shelled Kafr Nabl."\n'
    )
    result = runner.invoke(app, ["eval", str(gold), "--show-errors", "2"])
    assert result.exit_code == 0, result.output
    assert "event_type" in result.output and "1.000" in result.output
    result = runner.invoke(app, ["eval", str(gold), "--json"])
    data = json.loads(result.output)
    assert data["fields"]["event_type"]["accuracy"] == 1.0
    assert data["confusion"] == {"Explosions/Remote violence": {"Explosions/Remote violence": 1}}


@pytest.mark.parametrize("command", ["extract", "eval"])
def test_help_has_an_example(app: typer.Typer, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
