"""The dashboard's view of one filter: map points, incidents in view, timeline, zone shapes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.agreements.service import get_agreement
from ceasefire.analytics.dashboard import (
    Marker,
    ViewFilter,
    daily_violations,
    incident_assessments,
    incidents_in_view,
    iter_incidents,
    map_points,
    zone_features,
    zone_states,
)
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.errors import InputError, NotFoundError

from ..web.seed import seed_store

A = "astana-2017"


@pytest.fixture
def seeded(db_url: str, tmp_path: Path) -> Engine:
    seed_store(db_url, tmp_path, with_text=False, with_claim=False)
    return open_store(db_url)


def places(engine: Engine, view: ViewFilter) -> list[str]:
    with session_factory(engine)() as session:
        return [i.incident.location for i in iter_incidents(session, view)]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewFilter(), ["Basima", "Ain al-Fijah", "Douma", "Aleppo", "Idleb", "Hama", "Dar'a",
                        "Al-Bab", "Homs", "Raqqa", "Deir-ez-Zor"]),
        (ViewFilter(agreement=A, verdict="no_violation"), ["Al-Bab", "Raqqa", "Deir-ez-Zor"]),
        (ViewFilter(agreement=A, verdict="violation", status="verified"),
         ["Douma", "Aleppo", "Idleb"]),
        (ViewFilter(agreement=A, zone="aleppo"), ["Aleppo", "Al-Bab"]),
        (ViewFilter(agreement=A, zone="wadi-barada"), ["Basima", "Ain al-Fijah"]),
        (ViewFilter(agreement=A, zone="damascus"), []),  # Douma is in the Eastern Ghouta polygon
        (ViewFilter(party="islamic state (syria)"), ["Al-Bab", "Raqqa", "Deir-ez-Zor"]),
        (ViewFilter(agreement=A, party="Opposition Rebels (Syria)", verdict="violation"),
         ["Basima", "Ain al-Fijah", "Douma", "Aleppo", "Idleb", "Hama", "Dar'a"]),
        (ViewFilter(event_type="battles"), ["Basima", "Hama", "Dar'a", "Al-Bab", "Deir-ez-Zor"]),
        (ViewFilter(date_from=date(2017, 1, 12), date_to=date(2017, 1, 16)),
         ["Aleppo", "Idleb", "Hama"]),
        (ViewFilter(bbox=(36.0, 35.0, 37.0, 36.0)), ["Idleb", "Hama"]),
        (ViewFilter(agreement=A, verdict="unassessed"), []),
    ],
)  # fmt: skip
def test_filters_select_exactly_these_incidents(
    seeded: Engine, view: ViewFilter, expected: list[str]
) -> None:
    assert places(seeded, view) == expected


def test_points_table_and_export_agree(seeded: Engine) -> None:
    view = ViewFilter(agreement=A, verdict="violation", bbox=(36.0, 33.0, 37.5, 36.5))
    with session_factory(seeded)() as session:
        points = map_points(session, view)
        page = incidents_in_view(session, view, limit=2, offset=1)
        exported = list(iter_incidents(session, view))
    assert [(p.verdict, p.status) for p in points] == [
        ("violation", "not_verified"), ("violation", "reported"), ("violation", "verified"),
        ("violation", "verified"), ("violation", "verified"), ("violation", "under_review"),
        ("violation", "under_review"),
    ]  # fmt: skip
    assert [p.id for p in points] == sorted(i.incident.id for i in exported)
    assert page.total == 7
    assert [(i.incident.location, i.zone) for i in page.items] == [
        ("Ain al-Fijah", "wadi-barada"),
        ("Douma", "eastern-ghouta"),
    ]


def test_timeline_counts_violations_per_day_and_side(seeded: Engine) -> None:
    with session_factory(seeded)() as session:
        done = daily_violations(session, ViewFilter(agreement=A))
        south = daily_violations(session, ViewFilter(agreement=A, zone="south"))
    assert done.sides == ["(unattributed)", "government", "opposition"]
    assert [(d.isoformat(), c) for d, c in done.days] == [
        ("2017-01-03", {"(unattributed)": 1}), ("2017-01-05", {"government": 1}),
        ("2017-01-09", {"government": 1}),
        ("2017-01-12", {"opposition": 1}), ("2017-01-14", {"government": 1}),
        ("2017-01-16", {"(unattributed)": 1}), ("2017-01-18", {"(unattributed)": 1}),
        ("2017-01-22", {"government": 1}),
    ]  # fmt: skip
    # The start in Damascus time (30 Dec), not the UTC instant's date (29 Dec).
    assert done.markers == [
        Marker(date(2016, 12, 30), "ceasefire starts"),
        Marker(date(2017, 1, 24), "Iran joins as guarantor"),
        Marker(date(2017, 5, 6), "agreement ends"),  # the Astana memorandum took its place
    ]
    assert [(d.isoformat(), c) for d, c in south.days] == [("2017-01-18", {"(unattributed)": 1})]


def test_assessments_of_one_incident_carry_their_trace(seeded: Engine) -> None:
    with session_factory(seeded)() as session:
        douma = next(i for i in iter_incidents(session, ViewFilter()) if i.incident.location
                     == "Douma")  # fmt: skip
        rows = incident_assessments(session, douma.incident.id)
    assert [(r.agreement_id, r.verdict, r.party, r.side) for r in rows] == [
        (A, "violation", "Military Forces of Syria (2000-)", "government")
    ]
    assert '"perpetrator"' in rows[0].trace


def test_zone_shapes_come_from_polygons_and_governorates(seeded: Engine) -> None:
    with session_factory(seeded)() as session:
        features = zone_features(get_agreement(session, A))
    zones = [(f["properties"]["zone"], f["geometry"]["type"]) for f in features]
    # admin1 zones first (one feature per governorate; Quneitra has the UNDOF zone too),
    # then the two polygon zones, drawn on top.
    assert [z for z, _ in zones] == [
        "damascus", "damascus", "idleb", "aleppo", "hama", "homs", "south", "south", "south",
        "south", "coast", "coast", "east", "east", "east", "wadi-barada", "eastern-ghouta",
    ]  # fmt: skip
    assert {t for _, t in zones} == {"Polygon"}


@pytest.mark.parametrize(
    ("view", "field"),
    [
        (ViewFilter(zone="aleppo"), "zone"),
        (ViewFilter(verdict="violation"), "verdict"),
        (ViewFilter(agreement=A, zone="atlantis"), "zone"),
        (ViewFilter(date_from=date(2017, 2, 1), date_to=date(2017, 1, 1)), "date_from"),
    ],
)
def test_bad_filters_name_the_field(seeded: Engine, view: ViewFilter, field: str) -> None:
    with session_factory(seeded)() as session, pytest.raises(InputError) as caught:
        map_points(session, view)
    assert caught.value.field == field


def test_unknown_agreement_is_not_found(seeded: Engine) -> None:
    with session_factory(seeded)() as session, pytest.raises(NotFoundError):
        daily_violations(session, ViewFilter(agreement="nope"))


@pytest.mark.parametrize(
    ("view", "days", "as_of", "statuses"),
    [
        # Default: the 7 days to the latest incident (27 Jan): only Homs had a violation.
        (ViewFilter(agreement=A), 7, date(2017, 1, 27), {"homs": ("strained", 1)}),
        (ViewFilter(agreement=A, date_to=date(2017, 1, 16)), 14, date(2017, 1, 16),
         {"wadi-barada": ("strained", 2), "eastern-ghouta": ("holding", 1),
          "idleb": ("strained", 1), "aleppo": ("strained", 1), "hama": ("strained", 1)}),
    ],
)  # fmt: skip
def test_zone_states_come_from_the_status_of_the_agreement(
    seeded: Engine, view: ViewFilter, days: int, as_of: date, statuses: dict[str, tuple[str, int]]
) -> None:
    with session_factory(seeded)() as session:
        done = zone_states(session, view, days=days)
    assert (done.as_of, done.days, done.note) == (as_of, days, "")
    assert len(done.zones) == 10
    for z in done.zones:
        assert (z.status, z.violations) == statuses.get(z.zone, ("holding", 0)), z.zone
        assert f"(in {days} days)" in z.why


def test_no_zone_state_before_the_agreement(seeded: Engine) -> None:
    with session_factory(seeded)() as session:
        done = zone_states(session, ViewFilter(agreement=A, date_to=date(2016, 12, 1)))
    assert (done.zones, done.note) == (
        [],
        "no incident since the agreement took effect on 2016-12-30",
    )
