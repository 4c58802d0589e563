"""The CLI as a user meets it: every command through CliRunner, on a real store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.cli.reference import render_reference
from ceasefire.scenarios import scenario_dir
from ceasefire.settings import Settings

ROOT = Path(__file__).parents[2]
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def store(db_url: str) -> str:
    code, out = run("init", "--db", db_url)
    assert code == 0, out
    return db_url


def test_init_ingest_export_verify(store: str, structured: Path, tmp_path: Path) -> None:
    agreement = str(scenario_dir("astana-2017") / "agreement.yaml")
    assert run("agreement", "load", agreement, "--db", store)[0] == 0
    code, out = run("agreement", "load", agreement, "--db", store)
    assert (code, "unchanged" in out) == (0, True)
    files = [str(structured / "acled_modern.csv"), str(structured / "ucdp_ged.csv")]
    code, out = run("ingest", *files, "--db", store)
    assert code == 0, out
    assert "acled_modern.csv" in out and "ucdp_ged.csv" in out
    out_file = tmp_path / "out.geojson"
    code, out = run("export", "--format", "geojson", "-o", str(out_file), "--country", "Syria",
                    "--db", store)  # fmt: skip
    assert (code, "Wrote 8 events" in out) == (0, True), out
    assert len(json.loads(out_file.read_text(encoding="utf-8"))["features"]) == 8
    code, out = run("audit", "verify", "--db", store)
    assert (code, "Audit log intact: 3 entries" in out) == (0, True), out


def test_audit_verify_exits_non_zero_after_tampering(store: str, structured: Path) -> None:
    run("ingest", str(structured / "acled_modern.csv"), "--db", store)
    engine = create_engine(store)
    with engine.begin() as conn:
        conn.execute(text("UPDATE events SET fatalities = fatalities + 1"))
    engine.dispose()
    code, out = run("audit", "verify", "--db", store)
    assert code == 1
    assert "audit entry 1" in out and "event 1 (batch 1, line 2)" in out


def test_agreement_show(store: str) -> None:
    run("agreement", "load", str(scenario_dir("astana-2017") / "agreement.yaml"), "--db", store)
    code, out = run("agreement", "show", "astana-2017", "--db", store)
    assert code == 0
    assert "2016-12-30T00:00:00+02:00" in out and "Iran" in out
    code, out = run("agreement", "show", "astana-2017", "--json", "--db", store)
    assert json.loads(out)["effective_from"] == "2016-12-29T22:00:00Z"
    code, out = run("agreement", "show", "nope", "--db", store)
    assert (code, "no agreement with id 'nope'" in out) == (1, True)


def test_bad_agreement_file_names_file_line_and_field(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text_ = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")
    bad.write_text(text_.replace("quorum: unanimous", "quorum: most"), encoding="utf-8")
    code, out = run("agreement", "load", str(bad), "--db", store)
    assert code == 1
    assert "bad.yaml:" in out and "verification.quorum" in out
    assert "Traceback" not in out


def test_yaml_bomb_is_refused(store: str, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a]\n'
                    'c: [*b,*b,*b,*b,*b,*b,*b,*b]\n', encoding="utf-8")  # fmt: skip
    code, out = run("agreement", "load", str(bomb), "--db", store)
    assert (code, "anchors and aliases" in out) == (1, True)


def test_ingest_bad_file_exits_1_with_location(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
                   "A,yesterday,Battles,X,Syria,33,36\n", encoding="utf-8")  # fmt: skip
    code, out = run("ingest", str(bad), "--db", store)
    assert code == 1
    assert "bad.csv:2" in out and "event_date" in out and "yesterday" in out


def test_skip_bad_reports_rejects(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "some.csv"
    bad.write_text("event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
                   "A,yesterday,Battles,X,Syria,33,36\nB,2017-01-02,Battles,X,Syria,33,36\n",
                   encoding="utf-8")  # fmt: skip
    code, out = run("ingest", str(bad), "--skip-bad", "--db", store)
    assert code == 0
    assert "1 rejected rows of some.csv written to" in out
    assert (tmp_path / "some.csv.rejects.csv").exists()


def test_unreachable_database(tmp_path: Path) -> None:
    code, out = run("init", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/db")
    assert code == 1
    assert "cannot connect to the database postgresql+psycopg://u:***@127.0.0.1:1/db" in out


def test_store_not_initialised(tmp_path: Path) -> None:
    code, out = run("audit", "verify", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert (code, "ceasefire init" in out) == (1, True)


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CEASEFIRE_DATABASE_URL", url)
    assert run("init")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    code, out = run("demo", "--workdir", str(tmp_path / "demo"))
    assert code == 0, out
    assert "astana-2017" in out
    assert "ingested reports.jsonl: 40 stored" in out
    assert "Incidents reviewed by the guarantors" in out
    assert "Iran not_verified" in out
    assert re.search(r"audit log: \d+ entries, intact", out)


def test_every_command_has_an_example() -> None:
    reference = render_reference(app)
    sections = reference.split("\n## ")[1:]
    commands = [s for s in sections if "- `" in s or "```console" in s]
    assert commands
    assert all("```console" in s for s in commands), [s.splitlines()[0] for s in commands
                                                      if "```console" not in s]  # fmt: skip


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render_reference(app), (
        "docs/cli.md is stale: run python -m ceasefire.cli.reference > docs/cli.md"
    )


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert Settings.model_fields[name].description
    assert f"CEASEFIRE_{name.upper()}" in (ROOT / "README.md").read_text(encoding="utf-8")
