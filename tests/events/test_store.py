"""Writing events: each row is stored with the registry ids of its actor fields, resolved on
its date; fusion gives an incident the ids of the member whose actor it shows; assessment and
the incident objects read them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select, update

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.models import EventRow
from ceasefire.events.record import EventRecord
from ceasefire.reports.incidents import incident_record
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

HTS, JFS = "HTS: Hayat Tahrir al Sham", "JFS: Jabhat Fateh al Sham"
STRIKE = EventRecord(
    event_date=date(2017, 2, 5), event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike", actor1="Syrian Arab Army",
    actor2="Nusra Front, Ahrar al-Sham", country="Syria", admin1="Idleb", location="Saraqib",
    latitude=35.8625, longitude=36.8053, geo_precision=1, source="SOHR",
)  # fmt: skip


def ingest(engine: Engine, path: Path, *records: EventRecord) -> None:
    path.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    ingest_file(engine, path, actor="test")


def test_rows_are_stored_with_the_ids_of_their_actors(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, tmp_path / "a.jsonl", STRIKE,
           replace(STRIKE, event_date=date(2017, 1, 5), location="Ariha", latitude=35.81,
                   longitude=36.61),
           replace(STRIKE, actor1="Liwa Foo", actor2="", location="Binnish", latitude=35.95,
                   longitude=36.71))  # fmt: skip
    with session_factory(engine)() as session:
        rows = session.execute(
            select(
                EventRow.actor1, EventRow.actor1_id, EventRow.actor2, EventRow.actor2_id
            ).order_by(EventRow.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Syrian Arab Army", '["Military Forces of Syria (2000-)"]',
         "Nusra Front, Ahrar al-Sham", f'["{HTS}","Ahrar al Sham"]'),
        ("Syrian Arab Army", '["Military Forces of Syria (2000-)"]',
         "Nusra Front, Ahrar al-Sham", f'["{JFS}","Ahrar al Sham"]'),
        ("Liwa Foo", "[null]", "", "[]"),
    ]  # fmt: skip


def test_incidents_carry_the_ids_and_assessment_decides_on_them(
    engine: Engine, tmp_path: Path
) -> None:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
    ingest(engine, tmp_path / "a.jsonl", STRIKE, replace(STRIKE, source="Reuters"))
    with transaction(engine) as session:
        fuse(session, actor="test")
        assess_incidents(session, agreement_id="astana-2017", actor="test")
    with session_factory(engine)() as session:
        record = incident_record(session, 1, agreement="astana-2017")
    assert (record["actor1_id"], record["actor2_id"], record["event_count"]) == (
        ["Military Forces of Syria (2000-)"], [HTS, "Ahrar al Sham"], 2,
    )  # fmt: skip
    assert [e["actor2_id"] for e in record["events"]] == [[HTS, "Ahrar al Sham"]] * 2
    excluded = next(s for s in record["trace"] if s["rule"] == "excluded")
    assert (record["verdict"], excluded["answer"]) == ("undetermined", "unknown")
    assert excluded["detail"].startswith(f"the target includes 'Nusra Front' = {HTS} (excluded)")
    # The stored ids decide, not the text: read as two parties, the strike is a violation
    with transaction(engine) as session:
        session.execute(update(IncidentRow).values(actor2_id='["Southern Front","Ahrar al Sham"]'))
        assess_incidents(session, agreement_id="astana-2017", actor="test")
    with session_factory(engine)() as session:
        again = incident_record(session, 1, agreement="astana-2017")
    actors = next(s for s in again["trace"] if s["rule"] == "actors")
    assert (again["verdict"], again["party"]) == ("violation", "Military Forces of Syria (2000-)")
    assert actors["detail"].endswith("actor2 'Nusra Front' = Southern Front; Ahrar al Sham")
