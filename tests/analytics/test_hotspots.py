"""Hotspots on H3 cells and spikes against the rolling mean, on hand-built rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ceasefire.agreements.thresholds import Thresholds
from ceasefire.analytics.hotspots import Spike, find_hotspots, find_spikes
from ceasefire.analytics.window import DailyViolations, Group, Period


def row(zone: str = "z", verdict: str = "violation", **more: object) -> Group:
    values: dict[str, object] = {
        "period": "window", "zone": zone, "party": "", "side": "", "verdict": verdict,
        "status": "reported", "allegation": False, "fatalities": 0, "location": "Douma",
        "latitude": 33.5715, "longitude": 36.404, "hypothetical": False,
    }  # fmt: skip
    values.update(more)
    return Group(**values)  # type: ignore[arg-type]


D = date(2017, 2, 1)


def test_hotspots_bin_nearby_points_into_one_cell_and_rank_by_violations() -> None:
    rows = [
        row(fatalities=2),
        row(location="Douma east", latitude=33.575, longitude=36.41, fatalities=1),
        row(location="Aleppo", latitude=36.2021, longitude=37.1343, zone="a", fatalities=7),
        row(location="Somewhere", latitude=None, longitude=None, zone="a"),
        row(verdict="no_violation", location="Hama", latitude=35.13, longitude=36.75),
        row(allegation=True, verdict="undetermined"),
    ]
    spots = find_hotspots(rows, Thresholds(hotspot_resolution=6))
    got = [(h.cell, h.place, h.zone, h.violations, h.fatalities) for h in spots]
    assert got == [
        ("862db1247ffffff", "Douma", "z", 2, 3),
        ("862dae047ffffff", "Aleppo", "a", 1, 7),
        (None, "Somewhere", "a", 1, 0),
    ]
    assert find_hotspots(rows, Thresholds(hotspots=1))[0].place == "Douma"


def test_a_group_counts_as_many_incidents_as_it_holds() -> None:
    rows = [
        row(incidents=3, fatalities=4),
        row(location="Aleppo", latitude=36.2021, longitude=37.1343, zone="a", fatalities=7),
        row(location="Douma east", latitude=33.575, longitude=36.41, incidents=2),
    ]
    got = [(h.place, h.violations, h.fatalities) for h in find_hotspots(rows, Thresholds())]
    assert got == [("Douma", 5, 4), ("Aleppo", 1, 7)]


def days(start: date, counts: list[int], zone: str = "z") -> list[DailyViolations]:
    return [DailyViolations(zone, start + timedelta(days=i), n) for i, n in enumerate(counts)]


@pytest.mark.parametrize(
    ("history", "today", "spike"),
    [
        pytest.param([1] * 28, 3, Spike("z", D, 3, 1.0), id="three-times-the-mean"),
        pytest.param([1] * 28, 2, None, id="below-spike-min"),
        pytest.param([2] * 28, 5, None, id="below-factor"),
        pytest.param([0] * 28, 3, Spike("z", D, 3, 0.0), id="after-quiet-weeks"),
        pytest.param([0] * 27 + [28], 3, Spike("z", D, 3, 1.0), id="mean-over-28-days"),
    ],
)
def test_spikes(history: list[int], today: int, spike: Spike | None) -> None:
    rows = days(D - timedelta(days=28), [*history, today])
    found = find_spikes(rows, Period(D, D), Thresholds())
    assert found == ([spike] if spike else [])
