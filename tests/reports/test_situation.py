"""The situation report's content on the hand-built case of tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError, NotFoundError
from ceasefire.reports.situation import Source, build_situation

THRESHOLDS = "thresholds:\n  strained: {violations: 1}\n  broken: {violations: 3, fatalities: 10}\n"
GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"


def jan(day: int) -> date:
    return date(2017, 1, day)


def test_week_report_content(truce_world: Callable[[str], Engine]) -> None:
    engine = truce_world(THRESHOLDS)
    with session_factory(engine)() as session:
        s = build_situation(session, agreement_id="test-truce", date_from=jan(8), date_to=jan(14))
    assert not s.empty
    assert s.series.days == [jan(d) for d in range(8, 15)]
    assert s.series.by_side == {
        "(unattributed)": [0, 0, 0, 0, 0, 1, 0],
        "government": [0, 1, 0, 1, 1, 0, 0],
    }
    assert s.series.fatalities == [0, 2, 0, 9, 0, 1, 0]
    assert [it.location for it in s.top] == [
        "Jobar", "Douma", "Aleppo", "Ar-Raqqa", "Al Bab", "Atarib", "Idleb"
    ]  # fmt: skip
    jobar = s.top[0]
    assert (jobar.verdict, jobar.party, jobar.status) == ("violation", GOV, "verified")
    assert jobar.votes == [("Russia", "verified", "seen"), ("Turkey", "verified", "seen")]
    assert jobar.sources == [Source("Jobar 2017-01-11", "2017-01-11", "")]
    assert [(c.location, c.claimant, c.actor2, c.status) for c in s.claims] == [
        ("Atarib", REBELS, GOV, "under_review")
    ]
    assert [it.location for it in s.undetermined] == ["Idleb"]
    assert sorted(it.location for it in s.unverified) == ["Aleppo", "Ar-Raqqa", "Douma"]
    assert s.previous is not None and s.previous.window.end == jan(7)
    assert [(c.zone, c.before, c.now, c.violations_before, c.violations_now)
            for c in s.changes] == [
        ("damascus", "strained", "broken", 1, 2), ("aleppo", "strained", "strained", 1, 1),
        ("idleb", "holding", "holding", 0, 0), ("(no zone)", "holding", "strained", 0, 1),
    ]  # fmt: skip


def test_one_zone(truce_world: Callable[[str], Engine]) -> None:
    engine = truce_world("")
    with session_factory(engine)() as session:
        s = build_situation(
            session, agreement_id="test-truce", date_from=jan(8), date_to=jan(14), zone="aleppo"
        )
    assert [z.zone for z in s.zones] == ["aleppo"]
    assert sorted(it.location for it in s.items) == ["Al Bab", "Aleppo", "Atarib"]


def test_a_period_without_data_is_a_report_that_says_so(
    truce_world: Callable[[str], Engine],
) -> None:
    engine = truce_world("")
    with session_factory(engine)() as session:
        s = build_situation(
            session, agreement_id="test-truce", date_from=date(2017, 3, 1),
            date_to=date(2017, 3, 7),
        )  # fmt: skip
    assert s.empty and s.top == [] and s.series.fatalities == [0] * 7
    assert {z.status for z in s.zones} == {"holding"}


@pytest.mark.parametrize(
    ("agreement", "start", "end", "zone", "error", "message"),
    [
        ("test-truce", jan(14), jan(8), None, InputError, "--from 2017-01-14 is after --to"),
        ("nope", jan(8), jan(14), None, NotFoundError, "no agreement with id 'nope'"),
        ("test-truce", jan(8), jan(14), "gaza", NotFoundError, "has no zone 'gaza'"),
        ("test-truce", date(2016, 12, 1), date(2016, 12, 7), None, InputError, "took effect"),
    ],
)
def test_bad_requests(
    truce_world: Callable[[str], Engine], agreement: str, start: date, end: date,
    zone: str | None, error: type, message: str,
) -> None:  # fmt: skip
    engine = truce_world("")
    with session_factory(engine)() as session, pytest.raises(error, match=message):
        build_situation(session, agreement_id=agreement, date_from=start, date_to=end, zone=zone)
