"""Issue 8 and 12 through the CLI: agreements that follow each other, fusion inside their
boundaries, distinct dataset rows, recusal, late votes, reviews only under an agreement in
force. Runs on SQLite, and on PostgreSQL in CI (the ``db_url`` fixture marks it ``store``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
CLASH = EventRecord(
    event_date=date(2016, 12, 29), event_type="Battles", sub_event_type="Armed clash",
    actor1="Military Forces of Syria (2000-)", actor2="Opposition Rebels (Syria)",
    country="Syria", admin1="Rural Damascus", location="Basima", latitude=33.599,
    longitude=36.203, geo_precision=1, source="SOHR",
)  # fmt: skip
RECORDS = (
    CLASH,  # before the truce
    replace(CLASH, event_date=date(2016, 12, 30), source="Reuters"),  # under it
    replace(CLASH, event_date=date(2017, 2, 10), location="Harasta", latitude=33.5586,
            longitude=36.365, assoc_actor_1="Military Forces of Iran (1989-)"),
    replace(CLASH, event_date=date(2018, 1, 10), location="Douma", latitude=33.5715,
            longitude=36.404, admin1="Rural Damascus"),
)  # fmt: skip
ACLED = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\n"
) + "".join(
    f"{eid},{day},2017,1,Political violence,Battles,Armed clash,Military Forces of Syria "
    "(2000-),,State forces,Opposition Rebels (Syria),,Rebel group,State forces-Rebel group,,760,"
    "Middle East,Syria,Hama,Hama,,Kafr Zita,35.3736,36.6014,1,SOHR,National,Clashes.,1,,1\n"
    for eid, day in (("SYR1", "2017-01-12"), ("SYR2", "2017-01-13"))
)


def cli(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return " ".join(result.output.split())


def incident_at(url: str, location: str, day: date) -> str:
    engine = open_store(url)
    with session_factory(engine)() as session:
        found = session.scalar(
            select(IncidentRow.id).where(
                IncidentRow.location == location, IncidentRow.date_from == day
            )
        )
    engine.dispose()
    assert found is not None, (location, day)
    return str(found)


def test_agreements_fusion_and_verification_end_to_end(db_url: str, tmp_path: Path) -> None:
    db = ("--db", db_url)
    cli("init", *db)
    for name in ("astana-2017", "de-escalation-2017"):
        assert "stored" in cli("agreement", "load", str(scenario_dir(name) / "agreement.yaml"), *db)
    shown = cli("agreement", "show", "astana-2017", *db)
    assert "superseded by │ de-escalation-2017" in shown
    assert "│ quorum │ unanimous (an assumption: The joint statement of 24 Jan" in shown

    # A successor that starts before its predecessor ends: refused, nothing stored.
    bad = tmp_path / "bad.yaml"
    text = (scenario_dir("de-escalation-2017") / "agreement.yaml").read_text(encoding="utf-8")
    bad.write_text(
        text.replace("id: de-escalation-2017", "id: too-early").replace(
            "effective_from: 2017-05-06T00:00:00", "effective_from: 2017-04-01T00:00:00"
        ),
        encoding="utf-8",
    )
    out = cli("agreement", "load", str(bad), *db, code=1)
    assert "bad.yaml:33, field 'effective_from'" in out and "effective_from" in out
    assert "before its predecessor 'astana-2017' (stored) ends" in out
    assert "too-early" not in cli("agreement", "list", *db)

    reports = tmp_path / "reports.jsonl"
    reports.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in RECORDS))
    acled = tmp_path / "acled.csv"
    acled.write_text(ACLED, encoding="utf-8")
    cli("ingest", str(reports), str(acled), *db)
    # Basima 29 and 30 Dec: two incidents (the truce began between them); ACLED's two rows:
    # two incidents; Harasta; Douma 2018: 6 incidents from 6 events.
    assert cli("fuse", *db) == "6 new events: 6 incidents created, 0 extended."
    assert "6 assessed" in cli("assess", "--agreement", "astana-2017", *db)

    for name, org in (("ru", "Russia"), ("tr", "Turkey"), ("ir", "Iran")):
        cli("users", "add", name, "--role", "monitor", "--org", org, *db)
    harasta = incident_at(db_url, "Harasta", date(2017, 2, 10))
    cli("verify", "transition", harasta, "--to", "under_review", "--as", "ru", "--reason", "r",
        "--agreement", "astana-2017", *db)  # fmt: skip
    out = cli("verify", "vote", harasta, "--as", "ir", "--choice", "not_verified",
              "--rationale", "r", *db, code=1)  # fmt: skip
    assert f"Iran does not vote on incident {harasta}: recuses: its own forces" in out
    cli("verify", "vote", harasta, "--as", "ru", "--choice", "verified", "--rationale", "r", *db)
    out = cli("verify", "vote", harasta, "--as", "tr", "--choice", "verified", "--rationale", "r",
              *db)  # fmt: skip
    assert out.startswith(
        f"incident {harasta}: verified (Russia: verified, Turkey: verified; quorum unanimous "
        "(assumed): 2 of 2 voting members (Russia, Turkey); Iran recuses: its own forces"
    )

    douma = incident_at(db_url, "Douma", date(2018, 1, 10))
    out = cli("verify", "transition", douma, "--to", "under_review", "--as", "ru",
              "--reason", "r", "--agreement", "astana-2017", *db, code=1)  # fmt: skip
    assert "agreement astana-2017 was not in force on incident" in out
    assert "Review it under an agreement in force then: de-escalation-2017" in out
    out = cli("verify", "transition", douma, "--to", "under_review", "--as", "ru",
              "--reason", "r", "--agreement", "de-escalation-2017", *db)  # fmt: skip
    assert out == f"incident {douma}: under_review (round 1)"
    assert "Audit log intact" in cli("audit", "verify", *db)
