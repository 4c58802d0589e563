"""Spreadsheet formulas in cells (CSV injection): datasets round-trip exactly, cells from
untrusted submitters are flagged at ingest and escaped in ACLED CSV exports by default."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.api.conftest import World, seed
from tests.api.live_server import serve
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.sources.formulas import escape_cell, is_formula

runner = CliRunner()


@pytest.mark.parametrize(
    ("cell", "formula"),
    [
        ("=1+1", True),
        ('=HYPERLINK("http://x","y")', True),
        ("+33 1 23", True),
        ("-cmd|' /C calc'!A0", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("-36.2", False),
        ("+5", False),
        ("-1e3", False),
        ("", False),
        ("Douma", False),
        ("a=b", False),
    ],
)
def test_is_formula(cell: str, formula: bool) -> None:
    assert is_formula(cell) is formula
    assert escape_cell(cell) == ("'" + cell if formula else cell)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


HEADER = ["event_id_cnty", "event_date", "year", "event_type", "actor1", "country", "latitude",
          "longitude", "notes", "fatalities", "source"]  # fmt: skip


def _file(event_id: str, notes: str, source: str) -> bytes:
    row = [event_id, "2017-01-02", "2017", "Battles", "X", "Syria", "-33.5", "36.4", notes, "1",
           source]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, row])
    return out.getvalue().encode()


def _exported(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["event_id_cnty"]: r for r in csv.DictReader(fh)}


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, World]]:
    world = seed(db_url, tmp_path)
    with serve(world.url) as base:
        yield base, world


# --escape-formulas -> (the dataset row's notes, the liaison row's notes) in the export
EXPORTS = [
    ([], "=1+1", '\'=HYPERLINK("http://x","y")'),
    (["--escape-formulas", "untrusted"], "=1+1", '\'=HYPERLINK("http://x","y")'),
    (["--escape-formulas", "all"], "'=1+1", '\'=HYPERLINK("http://x","y")'),
    (["--escape-formulas", "none"], "=1+1", '=HYPERLINK("http://x","y")'),
]


@pytest.mark.parametrize(("option", "dataset_notes", "liaison_notes"), EXPORTS)
def test_formulas_flagged_from_untrusted_and_escaped_in_exports(
    server: tuple[str, World], tmp_path: Path, option: list[str], dataset_notes: str,
    liaison_notes: str,
) -> None:  # fmt: skip
    base, world = server
    dataset = tmp_path / "acled.csv"
    dataset.write_bytes(_file("SYR1", "=1+1", "@wire"))
    code, out = run("ingest", str(dataset), "--db", world.url)
    assert code == 0, out
    with httpx.Client(base_url=base, headers=world.headers("party_liaison"), timeout=30) as http:
        sent = http.post(
            "/documents/file",
            files={"file": ("r.csv", _file("SYR2", '=HYPERLINK("http://x","y")', "@me"))},
        )
    assert sent.status_code == 200, sent.text
    assert (sent.json()["formula_cells"], sent.json()["flagged"]) == (
        2, ["line 2, field 'source'", "line 2, field 'notes'"]
    )  # fmt: skip
    out_file = tmp_path / "out.csv"
    code, out = run("export", "-o", str(out_file), *option, "--db", world.url)
    assert code == 0, out
    rows = _exported(out_file)
    assert (rows["SYR1"]["notes"], rows["SYR2"]["notes"]) == (dataset_notes, liaison_notes)
    assert (rows["SYR1"]["latitude"], rows["SYR2"]["latitude"]) == ("-33.5", "-33.5")
    if option[-1:] != ["none"] and option[-1:] != ["all"]:
        assert rows["SYR1"]["source"] == "@wire"  # a dataset's cell, exactly as ingested


def test_curators_are_not_flagged(server: tuple[str, World]) -> None:
    base, world = server
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        sent = http.post("/documents/file", files={"file": ("r.csv", _file("SYR3", "=1", "x"))})
    assert (sent.json()["formula_cells"], sent.json()["id_space"]) == (0, "")


def test_unknown_escape_option_is_refused(db_url: str, tmp_path: Path) -> None:
    assert run("init", "--db", db_url)[0] == 0
    code, out = run("export", "-o", str(tmp_path / "o.csv"), "--escape-formulas", "some",
                    "--db", db_url)  # fmt: skip
    assert (code, "unknown --escape-formulas 'some'" in out) == (1, True), out
    assert not (tmp_path / "o.csv").exists()
