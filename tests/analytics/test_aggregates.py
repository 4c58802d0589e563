"""Public aggregates: only violations the body verified, by day, zone and party."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.analytics.aggregates import CountRow, public_aggregates
from ceasefire.assessment.service import assess_incidents, list_incidents
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import NotFoundError
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.votes import vote
from ceasefire.verification.workflow import transition

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
SHELLING = "Explosions/Remote violence"


def event(
    day: int, place: str, admin1: str, actor1: str, actor2: str, **more: object
) -> EventRecord:
    return EventRecord(
        event_date=date(2017, 1, day), event_type=more.pop("event_type", SHELLING),  # type: ignore[arg-type]
        actor1=actor1, actor2=actor2, country="Syria", admin1=admin1, location=place,
        source=place, **more,  # type: ignore[arg-type]
    )  # fmt: skip


EVENTS = [
    event(5, "Basima", "Rural Damascus", "Hezbollah", REBELS, event_type="Battles",
          latitude=33.59, longitude=36.16),
    event(9, "Douma", "Rif Dimashq", GOV, REBELS, latitude=33.5715, longitude=36.404),
    event(12, "Aleppo", "Aleppo", REBELS, GOV, latitude=36.2021, longitude=37.1343, fatalities=2),
    event(15, "Zabadani", "rural damascus", GOV, "Civilians (Syria)", fatalities=1),
    event(16, "Hama", "Hama", GOV, REBELS, fatalities=9),
]  # fmt: skip
VERDICTS = {"Basima": "not_verified", "Douma": "verified", "Aleppo": "verified",
            "Zabadani": "verified", "Hama": None}  # fmt: skip


@pytest.fixture
def decided(engine: Engine, tmp_path: Path) -> Engine:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in EVENTS))
    ingest_file(engine, path)
    with transaction(engine) as session:
        fuse(session)
        assess_incidents(session, agreement_id="astana-2017")
        ru, _ = create_user(session=session, name="ru", role="monitor", organisation="Russia")
        tr, _ = create_user(session=session, name="tr", role="monitor", organisation="Turkey")
        for line in list_incidents(session, agreement_id="astana-2017"):
            outcome = VERDICTS[line.incident.location]
            if outcome is None:
                continue
            transition(session=session, incident_id=line.incident.id, to="under_review", user=ru,
                       reason="r", agreement_id="astana-2017")  # fmt: skip
            for member in (ru, tr):
                vote(session=session, incident_id=line.incident.id, user=member, choice=outcome,
                     rationale="seen")  # fmt: skip
    return engine


def test_only_verified_violations_are_counted(decided: Engine) -> None:
    with session_factory(decided)() as session:
        done = public_aggregates(session, agreement_id="astana-2017")
    assert (done.incidents, done.fatalities) == (3, 3)
    assert done.by_day == [
        CountRow("2017-01-09", 1, 0), CountRow("2017-01-12", 1, 2), CountRow("2017-01-15", 1, 1),
    ]  # fmt: skip
    assert done.by_zone == [
        CountRow("aleppo", 1, 2), CountRow("damascus", 1, 1), CountRow("eastern-ghouta", 1, 0),
    ]  # fmt: skip
    assert done.by_party == [CountRow(GOV, 2, 1), CountRow(REBELS, 1, 2)]


def test_zone_status_from_verified_violations_only(decided: Engine) -> None:
    with session_factory(decided)() as session:
        done = public_aggregates(session, agreement_id="astana-2017")
    assert (done.status_as_of, done.status_days) == (date(2017, 1, 15), 7)
    got = [(z.zone, z.status, z.verified, z.fatalities) for z in done.zone_status]
    assert got == [
        ("wadi-barada", "holding", 0, 0), ("eastern-ghouta", "strained", 1, 0),
        ("damascus", "strained", 1, 1), ("idleb", "holding", 0, 0),
        ("aleppo", "strained", 1, 2), ("hama", "holding", 0, 0), ("homs", "holding", 0, 0),
        ("south", "holding", 0, 0), ("coast", "holding", 0, 0), ("east", "holding", 0, 0),
    ]  # fmt: skip  # Hama's violation (9 deaths) is not verified: it does not count
    assert done.zone_status[4].why == (
        "1 verified violation and 2 deaths in 7 days to 2017-01-15; broken: ≥ 5 verified "
        "violations or ≥ 10 deaths; strained: ≥ 1 verified violation or ≥ 1 death (in 7 days)"
    )


def test_nothing_verified_publishes_zeros(engine: Engine) -> None:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    with session_factory(engine)() as session:
        done = public_aggregates(session, agreement_id="astana-2017")
    assert (done.incidents, done.fatalities, done.by_day, done.by_zone, done.by_party) == (
        0, 0, [], [], [],
    )  # fmt: skip
    assert (done.status_as_of, done.zone_status) == (None, [])


def test_unknown_agreement_is_not_found(engine: Engine) -> None:
    with session_factory(engine)() as session, pytest.raises(NotFoundError):
        public_aggregates(session, agreement_id="nope")
