"""``ceasefire status`` through CliRunner on the Astana scenario: a thin shell over the library."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from ceasefire.agreements.service import store_agreement
from ceasefire.analytics.status import holding_status
from ceasefire.assessment.service import assess_incidents
from ceasefire.cli.main import app
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.incidents import fuse
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

runner = CliRunner()


@pytest.fixture
def astana(engine: Engine, db_url: str) -> str:
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml")
    ingest_file(engine, folder / "reports.jsonl")
    with transaction(engine) as session:
        fuse(session)
        assess_incidents(session, agreement_id="astana-2017")
    return db_url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.output


def test_json_is_the_library_answer(astana: str, engine: Engine) -> None:
    code, out = run("status", "--agreement", "astana-2017", "--as-of", "2017-02-23",
                    "--days", "14", "--format", "json", "--db", astana)  # fmt: skip
    assert code == 0, out
    with session_factory(engine)() as session:
        expected = holding_status(
            session, agreement_id="astana-2017", as_of=date(2017, 2, 23), days=14
        ).to_json_dict()
    assert json.loads(out) == expected
    assert [z["zone"] for z in expected["zones"]][:3] == ["wadi-barada", "eastern-ghouta",
                                                          "damascus"]  # fmt: skip


def test_table_prints_every_status_with_its_thresholds(astana: str) -> None:
    code, out = run("status", "--agreement", "astana-2017", "--as-of", "2017-01-31", "--db",
                    astana)  # fmt: skip
    assert code == 0, out
    assert "astana-2017 as of 2017-01-31 (7 days 2017-01-25..2017-01-31" in out
    assert "thresholds: broken: ≥ 5 violations or ≥ 10 deaths; strained: ≥ 1 violation" in out
    assert "\nbaseline: 2016-12-23..2016-12-29 (before the ceasefire)" in out
    assert "wadi-barada" in out and "Opposition Rebels (Syria)" in out


def test_zone_narrows_the_party_table(astana: str, engine: Engine) -> None:
    args = ["status", "--agreement", "astana-2017", "--as-of", "2017-02-23", "--days", "14"]
    code, out = run(*args, "--zone", "eastern-ghouta", "--format", "json", "--db", astana)
    assert code == 0, out
    with session_factory(engine)() as session:
        expected = holding_status(
            session, agreement_id="astana-2017", as_of=date(2017, 2, 23), days=14,
            zone="eastern-ghouta",
        ).to_json_dict()  # fmt: skip
        whole = holding_status(
            session, agreement_id="astana-2017", as_of=date(2017, 2, 23), days=14
        ).to_json_dict()
    doc = json.loads(out)
    assert doc == expected
    assert [z["zone"] for z in doc["zones"]] == ["eastern-ghouta"]
    ghouta = doc["zones"][0]
    assert sum(p["violations"] for p in doc["parties"]) == ghouta["violations"]
    assert sum(p["violations"] for p in whole["parties"]) > ghouta["violations"]
    code, out = run(*args, "--zone", "eastern-ghouta", "--db", astana)
    assert code == 0, out
    assert "zone eastern-ghouta only" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agreement", "nope"], "no agreement with id 'nope'"),
        (["--agreement", "astana-2017", "--as-of", "31/01/2017"], "'31/01/2017' is not a date"),
        (["--agreement", "astana-2017", "--as-of", "2016-12-01"], "took effect on 2016-12-30"),
        (["--agreement", "astana-2017", "--days", "0"], "Invalid value for '--days'"),
        (["--agreement", "astana-2017", "--zone", "raqqa"], "has no zone 'raqqa'"),
    ],
)
def test_bad_input_is_one_clear_error(astana: str, args: list[str], message: str) -> None:
    code, out = run("status", *args, "--db", astana)
    assert code != 0
    assert message in out


def test_report_writes_html_and_refuses_bad_input(astana: str, tmp_path: Path) -> None:
    out = tmp_path / "jan.html"
    code, text = run("report", "--agreement", "astana-2017", "--from", "2017-01-01", "--to",
                     "2017-01-31", "-o", str(out), "--db", astana)  # fmt: skip
    assert code == 0, text
    assert f"to {out}" in text.replace("\n", "")
    assert "Situation report: Syria nationwide ceasefire" in out.read_text(encoding="utf-8")
    code, text = run("report", "--agreement", "astana-2017", "--from", "2017-01-31", "--to",
                     "2017-01-01", "-o", str(tmp_path / "x.html"), "--db", astana)  # fmt: skip
    assert (code, "--from 2017-01-31 is after --to 2017-01-01" in text) == (1, True)
    code, text = run("report", "--agreement", "astana-2017", "--from", "2017-01-01", "--to",
                     "2017-01-31", "-o", str(out), "--db", astana)  # fmt: skip
    assert (code, "already exists" in text) == (1, True)
