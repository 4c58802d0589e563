"""Holding status on a hand-built case: exact counts, statuses from the file's thresholds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from ceasefire.analytics.status import Counts, Trend, holding_status, status_periods
from ceasefire.analytics.window import Period
from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError, NotFoundError

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
THRESHOLDS = "thresholds:\n  strained: {violations: 1}\n  broken: {violations: 3, fatalities: 10}\n"


def jan(day: int) -> date:
    return date(2017, 1, day)


def test_counts_per_zone_and_party_are_exact(truce_world: Callable[[str], Engine]) -> None:
    engine = truce_world(THRESHOLDS)
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
    truce_world: Callable[[str], Engine], block: str, statuses: list[str]
) -> None:
    engine = truce_world(block)
    with session_factory(engine)() as session:
        report = holding_status(session, agreement_id="test-truce", as_of=jan(14))
    assert [z.status for z in report.zones] == statuses


def test_json_shape(truce_world: Callable[[str], Engine]) -> None:
    engine = truce_world(THRESHOLDS)
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
    truce_world: Callable[[str], Engine], as_of: date, days: int, error: type, message: str
) -> None:
    engine = truce_world("")
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


@pytest.mark.parametrize(
    ("zone", "zones", "parties", "hotspots"),
    [
        pytest.param(
            "damascus", ["damascus"],
            {GOV: (2, 2, 1, 0, 11, 1, 4, Trend(1, 1, "up")),
             REBELS: (0, 0, 0, 0, 0, 0, 0, Trend(0, 0, "flat"))},
            ["Jobar", "Douma"], id="damascus",
        ),
        pytest.param(
            "aleppo", ["aleppo"],
            {GOV: (1, 0, 0, 1, 0, 0, 0, Trend(1, -1, "down")),
             REBELS: (0, 0, 0, 0, 0, 0, 0, Trend(0, 0, "flat")),
             "(unattributed)": (1, 1, 0, 0, 1, 0, 0, Trend(0, 1, "up"))},
            ["Aleppo"], id="aleppo-with-an-allegation",
        ),
        pytest.param(
            "(no zone)", ["(no zone)"],
            {GOV: (1, 1, 0, 0, 0, 0, 0, Trend(0, 1, "up")),
             REBELS: (0, 0, 0, 0, 0, 0, 0, Trend(0, 0, "flat"))},
            ["Ar-Raqqa"], id="outside-every-zone",
        ),
    ],
)  # fmt: skip
def test_one_zone_narrows_every_table(
    truce_world: Callable[[str], Engine],
    zone: str,
    zones: list[str],
    parties: dict[str, tuple[object, ...]],
    hotspots: list[str],
) -> None:
    engine = truce_world(THRESHOLDS)
    with session_factory(engine)() as session:
        report = holding_status(session, agreement_id="test-truce", as_of=jan(14), zone=zone)
        whole = holding_status(session, agreement_id="test-truce", as_of=jan(14))
    assert [z.zone for z in report.zones] == zones
    assert report.zones == [z for z in whole.zones if z.zone == zone]
    got = {
        p.party: (p.incidents, p.violations, p.verified, p.allegations, p.fatalities,
                  p.baseline.violations, p.baseline.fatalities, p.trend)
        for p in report.parties
    }  # fmt: skip
    assert got == parties
    assert [h.place for h in report.hotspots] == hotspots
    assert report.to_json_dict()["zone"] == zone


def test_an_unknown_zone_is_a_clear_error(truce_world: Callable[[str], Engine]) -> None:
    engine = truce_world("")
    with (
        session_factory(engine)() as session,
        pytest.raises(NotFoundError, match="no zone 'homs'") as caught,
    ):
        holding_status(session, agreement_id="test-truce", as_of=jan(14), zone="homs")
    assert caught.value.hint == "Its zones: damascus, aleppo, idleb."
