"""Holding status on a hand-built case: exact counts, statuses from the file's thresholds."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.analytics.status import Counts, Trend, holding_status, status_periods
from ceasefire.analytics.window import Period
from ceasefire.assessment.service import assess_incidents, list_incidents
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import InputError, NotFoundError
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.votes import vote
from ceasefire.verification.workflow import transition

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
SHELLING = "Explosions/Remote violence"
AGREEMENT = """\
id: test-truce
name: Test truce
timezone: Asia/Damascus
effective_from: 2017-01-01T00:00:00
parties:
  - actor: Military Forces of Syria (2000-)
    side: government
    includes: [Hezbollah]
  - actor: Opposition Rebels (Syria)
    side: opposition
guarantors: [Russia, Turkey]
scope:
  countries: [Syria]
excluded_actors: [Islamic State (Syria)]
prohibited_acts: [Battles, Explosions/Remote violence]
zones:
  - id: damascus
    name: Damascus
    admin1: [Damascus, Rural Damascus]
  - id: aleppo
    name: Aleppo
    admin1: [Aleppo]
  - id: idleb
    name: Idleb
    admin1: [Idleb]
verification:
  members: [Russia, Turkey]
"""
THRESHOLDS = """\
thresholds:
  strained: {violations: 1}
  broken: {violations: 3, fatalities: 10}
"""
PLACES = {
    "Douma": ("Rural Damascus", 33.5715, 36.404),
    "Jobar": ("Damascus", 33.531, 36.331),
    "Aleppo": ("Aleppo", 36.2021, 37.1343),
    "Al Bab": ("Aleppo", 36.3705, 37.517),
    "Atarib": ("Aleppo", 36.1386, 36.8297),
    "Idleb": ("Idleb", 35.9306, 36.6339),
    "Ar-Raqqa": ("Ar-Raqqa", 35.9528, 39.0079),
}


def event(
    day: date, place: str, actor1: str, actor2: str, deaths: int = 0, **more: str
) -> EventRecord:
    admin1, lat, lon = PLACES[place]
    return EventRecord(
        event_date=day, event_type=more.pop("event_type", SHELLING), actor1=actor1,
        actor2=actor2, country="Syria", admin1=admin1, location=place, latitude=lat,
        longitude=lon, fatalities=deaths, source=f"{place} {day}", **more,  # type: ignore[arg-type]
    )  # fmt: skip


def jan(day: int) -> date:
    return date(2017, 1, day)


EVENTS = [
    # window: 2017-01-08 .. 2017-01-14
    event(jan(9), "Douma", GOV, REBELS, 2),
    event(jan(11), "Jobar", GOV, "Civilians (Syria)", 9),  # verified below
    event(jan(13), "Aleppo", REBELS, GOV, 1, event_type="Battles"),  # clash: unattributed
    event(jan(12), "Al Bab", "Islamic State (Syria)", GOV, 5),  # excluded: no violation
    event(jan(10), "Atarib", REBELS, GOV, event_type="Strategic developments",
          sub_event_type="Other", modality="alleged", claimant=REBELS, plover_code="ACCUSE"),
    event(jan(12), "Idleb", "Unidentified Armed Group (Syria)", REBELS),  # undetermined
    event(jan(12), "Ar-Raqqa", GOV, REBELS),  # outside every zone
    # previous period: 2017-01-01 .. 2017-01-07
    event(jan(3), "Douma", GOV, REBELS),
    event(jan(5), "Aleppo", "Hezbollah", REBELS),
    # baseline, before the ceasefire: 2016-12-25 .. 2016-12-31
    event(date(2016, 12, 28), "Douma", GOV, REBELS, 4),
    event(date(2016, 12, 27), "Idleb", REBELS, GOV, event_type="Battles"),
]  # fmt: skip


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> Callable[[str], Engine]:
    """The events above, fused, assessed and one verified, under the agreement plus
    ``block`` (its thresholds)."""

    def build(block: str) -> Engine:
        path = tmp_path / "agreement.yaml"
        path.write_text(AGREEMENT + block, encoding="utf-8")
        store_agreement(engine, path)
        events = tmp_path / "events.jsonl"
        events.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in EVENTS))
        ingest_file(engine, events)
        with transaction(engine) as session:
            fuse(session)
            assess_incidents(session, agreement_id="test-truce")
            ru, _ = create_user(session=session, name="ru", role="monitor", organisation="Russia")
            tr, _ = create_user(session=session, name="tr", role="monitor", organisation="Turkey")
            (jobar,) = [
                line.incident.id
                for line in list_incidents(session, agreement_id="test-truce")
                if line.incident.location == "Jobar"
            ]
            transition(session=session, incident_id=jobar, to="under_review", user=ru,
                       reason="r", agreement_id="test-truce")  # fmt: skip
            for member in (ru, tr):
                vote(session=session, incident_id=jobar, user=member, choice="verified",
                     rationale="seen")  # fmt: skip
        return engine

    return build


def test_counts_per_zone_and_party_are_exact(world: Callable[[str], Engine]) -> None:
    engine = world(THRESHOLDS)
    with session_factory(engine)() as session:
        report = holding_status(session, agreement_id="test-truce", as_of=jan(14))
    assert (report.window, report.previous, report.baseline) == (
        Period(jan(8), jan(14), "window"),
        Period(jan(1), jan(7), "previous_period"),
        Period(date(2016, 12, 25), date(2016, 12, 31), "before_ceasefire"),
    )
    zones = {z.zone: z for z in report.zones}
    assert list(zones) == ["damascus", "aleppo", "idleb", "(no zone)"]
    got = {
        k: (Counts(z.incidents, z.violations, z.verified, z.allegations, z.fatalities,
                   z.undetermined, z.unassessed), z.status, z.baseline, z.trend)
        for k, z in zones.items()
    }  # fmt: skip
    assert got == {
        "damascus": (Counts(2, 2, 1, 0, 11, 0, 0), "broken", Counts(1, 1, 0, 0, 4, 0, 0),
                     Trend(1, 1, "up")),
        "aleppo": (Counts(3, 1, 0, 1, 1, 0, 0), "strained", Counts(0, 0, 0, 0, 0, 0, 0),
                   Trend(1, 0, "flat")),
        "idleb": (Counts(1, 0, 0, 0, 0, 1, 0), "holding", Counts(1, 1, 0, 0, 0, 0, 0),
                  Trend(0, 0, "flat")),
        "(no zone)": (Counts(1, 1, 0, 0, 0, 0, 0), "strained", Counts(0, 0, 0, 0, 0, 0, 0),
                      Trend(0, 1, "up")),
    }  # fmt: skip
    assert zones["damascus"].why == (
        "2 violations and 11 deaths in 7 days; broken: ≥ 3 violations or ≥ 10 deaths; "
        "strained: ≥ 1 violation (in 7 days)"
    )
    parties = {
        p.party: (p.side, p.incidents, p.violations, p.verified, p.allegations, p.fatalities,
                  p.baseline.violations, p.baseline.fatalities, p.trend)
        for p in report.parties
    }  # fmt: skip
    assert parties == {
        GOV: ("government", 4, 3, 1, 1, 11, 1, 4, Trend(2, 1, "up")),
        REBELS: ("opposition", 0, 0, 0, 0, 0, 0, 0, Trend(0, 0, "flat")),
        "(unattributed)": ("", 1, 1, 0, 0, 1, 1, 0, Trend(0, 1, "up")),
    }
    assert report.totals == Counts(7, 4, 1, 1, 12, 1, 0)
    assert [(h.place, h.zone, h.violations, h.fatalities) for h in report.hotspots] == [
        ("Jobar", "damascus", 1, 9), ("Douma", "damascus", 1, 2), ("Aleppo", "aleppo", 1, 1),
        ("Ar-Raqqa", "(no zone)", 1, 0),
    ]  # fmt: skip
    assert report.spikes == []


@pytest.mark.parametrize(
    ("block", "statuses"),
    [
        pytest.param(THRESHOLDS, ["broken", "strained", "holding", "strained"], id="from-file"),
        pytest.param("", ["broken", "strained", "holding", "strained"], id="defaults"),
        pytest.param(
            "thresholds:\n  counts: verified\n  strained: {violations: 1}\n"
            "  broken: {violations: 2}\n",
            ["strained", "holding", "holding", "holding"],
            id="verified-only",
        ),
        pytest.param(
            "thresholds:\n  per_days: 1\n  strained: {violations: 1}\n"
            "  broken: {violations: 3, fatalities: 10}\n",
            ["holding", "holding", "holding", "holding"],
            id="per-day-levels-scaled-to-the-week",
        ),
    ],
)
def test_status_follows_the_thresholds_in_the_file(
    world: Callable[[str], Engine], block: str, statuses: list[str]
) -> None:
    engine = world(block)
    with session_factory(engine)() as session:
        report = holding_status(session, agreement_id="test-truce", as_of=jan(14))
    assert [z.status for z in report.zones] == statuses


def test_json_shape(world: Callable[[str], Engine]) -> None:
    engine = world(THRESHOLDS)
    with session_factory(engine)() as session:
        doc = holding_status(session, agreement_id="test-truce", as_of=jan(14)).to_json_dict()
    assert list(doc)[:6] == ["agreement", "as_of", "cutoff", "days", "window", "previous"]
    assert (doc["agreement"], doc["as_of"], doc["days"]) == ("test-truce", "2017-01-14", 7)
    assert doc["cutoff"] == "2017-01-14T22:00:00+00:00"
    assert doc["thresholds"]["broken"] == {"violations": 3, "fatalities": 10}
    assert doc["thresholds"]["strained"] == {"violations": 1, "fatalities": None}
    assert doc["zones"][0] == {
        "zone": "damascus", "name": "Damascus", "status": "broken",
        "why": "2 violations and 11 deaths in 7 days; broken: ≥ 3 violations or ≥ 10 deaths; "
        "strained: ≥ 1 violation (in 7 days)",
        "incidents": 2, "violations": 2, "verified": 1, "allegations": 0, "fatalities": 11,
        "undetermined": 0, "unassessed": 0,
        "baseline": {"incidents": 1, "violations": 1, "verified": 0, "allegations": 0,
                     "fatalities": 4, "undetermined": 0, "unassessed": 0},
        "trend": {"previous": 1, "change": 1, "direction": "up"},
    }  # fmt: skip
    assert set(doc) >= {"agreement", "as_of", "days", "thresholds", "zones", "parties",
                        "hotspots"}  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "days", "error", "message"),
    [
        (date(2016, 12, 31), 7, InputError, "took effect on 2017-01-01"),
        (jan(14), 0, InputError, "--days must be 1 or more"),
    ],
)
def test_bad_questions_get_clear_errors(
    world: Callable[[str], Engine], as_of: date, days: int, error: type, message: str
) -> None:
    engine = world("")
    with session_factory(engine)() as session, pytest.raises(error, match=message):
        holding_status(session, agreement_id="test-truce", as_of=as_of, days=days)


def test_unknown_agreement(engine: Engine) -> None:
    with session_factory(engine)() as session, pytest.raises(NotFoundError, match="no agreement"):
        holding_status(session, agreement_id="nope", as_of=jan(14))


@pytest.mark.parametrize(
    ("as_of", "days", "kinds"),
    [
        (jan(14), 7, ("2017-01-08", "2017-01-01", "2016-12-25", "before_ceasefire")),
        (date(2017, 3, 31), 7, ("2017-03-25", "2017-03-18", "2016-12-25", "before_ceasefire")),
        (date(2017, 4, 7), 7, ("2017-04-01", "2017-03-25", "2017-03-25", "previous_period")),
        (jan(28), 28, ("2017-01-01", "2016-12-04", "2016-12-04", "before_ceasefire")),
    ],
)
def test_periods(as_of: date, days: int, kinds: tuple[str, str, str, str]) -> None:
    window, previous, baseline = status_periods(as_of, days, jan(1), 90)
    got = (window.start.isoformat(), previous.start.isoformat(), baseline.start.isoformat(),
           baseline.kind)  # fmt: skip
    assert got == kinds
    assert window.days == previous.days == baseline.days == days
