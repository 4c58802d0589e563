"""List queries: filters, counts and pages computed by the database, exactly as the rules say."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ceasefire.agreements.service import get_agreement, store_agreement
from ceasefire.assessment.service import assess_incidents
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import InputError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.queries import (
    query_assessments,
    query_audit,
    query_events,
    query_incidents,
)
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
EVENTS = [
    EventRecord(
        event_date=date(2017, 1, 9), event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", actor1=GOV, actor2=REBELS, country="Syria",
        admin1="Rif Dimashq", location="Douma", latitude=33.5715, longitude=36.404, source="A",
    ),
    EventRecord(
        event_date=date(2017, 1, 12), event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", actor1=REBELS, actor2=GOV,
        country="Syria", admin1="Aleppo", location="Aleppo", latitude=36.2021,
        longitude=37.1343, source="B", fatalities=2,
    ),
    EventRecord(
        event_date=date(2017, 1, 15), event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="military forces of  syria (2000-)", actor2="Civilians (Syria)", country="Syria",
        admin1="rural damascus", location="Zabadani",
        source="C", fatalities=1,
    ),
    EventRecord(
        event_date=date(2017, 1, 5), event_type="Battles", sub_event_type="Armed clash",
        actor1="Hezbollah", actor2=REBELS, country="Syria", admin1="Rural Damascus",
        location="Basima", latitude=33.59, longitude=36.16, source="D",
    ),
]  # fmt: skip


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in EVENTS))
    ingest_file(engine, path)
    with transaction(engine) as session:
        fuse(session)
        assess_incidents(session, agreement_id="astana-2017")
    return engine


@pytest.fixture
def session(store: Engine) -> Iterator[Session]:
    with session_factory(store)() as s:
        yield s


def places(session: Session, **filters: object) -> list[str]:
    found = query_incidents(session, **filters)  # type: ignore[arg-type]
    assert found.total >= len(found.items)
    return [item.incident.location for item in found.items]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Basima", "Douma", "Aleppo", "Zabadani"]),
        ({"bbox": (36.0, 33.3, 36.6, 33.8)}, ["Basima", "Douma"]),
        ({"date_from": date(2017, 1, 10)}, ["Aleppo", "Zabadani"]),
        ({"date_to": date(2017, 1, 9)}, ["Basima", "Douma"]),
        ({"event_type": "battles"}, ["Basima"]),
        ({"event_type": "Riots"}, []),
        ({"party": "MILITARY FORCES OF SYRIA (2000-)"}, ["Douma", "Aleppo", "Zabadani"]),
        ({"party": "hezbollah", "date_from": date(2017, 1, 6)}, []),
        ({"status": "reported", "limit": 2, "offset": 1}, ["Douma", "Aleppo"]),
        ({"status": "verified"}, []),
        ({"agreement": "astana-2017", "zone": "eastern-ghouta"}, ["Douma"]),
        ({"agreement": "astana-2017", "zone": "wadi-barada"}, ["Basima"]),
        ({"agreement": "astana-2017", "zone": "damascus"}, ["Zabadani"]),
        ({"agreement": "astana-2017", "zone": "aleppo"}, ["Aleppo"]),
        ({"agreement": "astana-2017", "zone": "idleb"}, []),
        ({"agreement": "astana-2017", "zone": "damascus", "bbox": (35, 33, 37, 34)}, []),
    ],
)  # fmt: skip
def test_incident_filters(
    session: Session, filters: dict[str, object], expected: list[str]
) -> None:
    assert places(session, **filters) == expected


def test_page_counts_every_match(session: Session) -> None:
    page = query_incidents(session, limit=1, offset=3)
    assert (page.total, page.limit, page.offset, len(page.items)) == (4, 1, 3, 1)
    assert query_incidents(session, limit=5, offset=10).items == []


def test_zone_filter_agrees_with_zone_of_for_every_zone(session: Session) -> None:
    terms = get_agreement(session, "astana-2017")
    incidents = list(session.scalars(select(IncidentRow).order_by(IncidentRow.date_from)))
    for zone in terms.zones:
        expected = [
            i.location
            for i in incidents
            if (z := terms.zone_of(i.admin1, None, i.latitude, i.longitude)) and z.id == zone.id
        ]
        assert places(session, agreement="astana-2017", zone=zone.id) == expected, zone.id


def test_items_carry_verdict_and_zone(session: Session) -> None:
    items = query_incidents(session, agreement="astana-2017").items
    assert [i.zone for i in items] == ["wadi-barada", "eastern-ghouta", "aleppo", "damascus"]
    assert all(i.assessment is not None for i in items)
    assert query_incidents(session).items[0].assessment is None


def test_party_matches_the_attributed_party(session: Session) -> None:
    items = query_incidents(session, agreement="astana-2017").items
    attributed = {i.assessment.party for i in items if i.assessment and i.assessment.party}
    for party in attributed:
        found = places(session, agreement="astana-2017", party=party.upper())
        assert found, party


def test_zone_needs_an_agreement(session: Session) -> None:
    with pytest.raises(InputError) as err:
        query_incidents(session, zone="damascus")
    assert err.value.field == "zone"


def test_events_filters_and_pages(session: Session) -> None:
    page = query_events(session, countries=["Syria"], date_from=date(2017, 1, 9), limit=2)
    assert (page.total, [e.location for e in page.items]) == (3, ["Douma", "Aleppo"])
    assert query_events(session, countries=["Iraq"]).total == 0
    assert query_events(session, date_to=date(2017, 1, 5)).items[0].location == "Basima"


def test_assessments_and_audit_pages(session: Session) -> None:
    verdicts = query_assessments(session, agreement="astana-2017")
    assert verdicts.total == 4
    by_verdict = {
        v: query_assessments(session, agreement="astana-2017", verdict=v).total
        for v in ("violation", "no_violation", "undetermined")
    }
    assert sum(by_verdict.values()) == 4
    audit = query_audit(session, limit=2, offset=1)
    assert (audit.total, [e.seq for e in audit.items]) == (4, [2, 3])
    assert [e.action for e in query_audit(session).items] == [
        "agreement.load", "ingest", "fusion.run", "assessment.run",
    ]  # fmt: skip
