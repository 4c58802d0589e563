"""The zone finder agrees with ``Agreement.zone_of``; the first full day of a ceasefire."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.agreements.loader import load_agreement
from ceasefire.analytics.window import NO_ZONE, ZoneFinder, first_full_day
from ceasefire.scenarios import scenario_dir

ASTANA = load_agreement(scenario_dir("astana-2017") / "agreement.yaml")


@pytest.mark.parametrize(
    ("admin1", "lat", "lon", "zone"),
    [
        ("Rural Damascus", 33.614, 36.175, "wadi-barada"),  # polygon inside its governorate
        ("Rural Damascus", 33.5715, 36.404, "eastern-ghouta"),
        ("Rural Damascus", 33.3, 36.9, "damascus"),
        ("rural-damascus", None, None, "damascus"),
        ("Deir ez Zor", 35.33, 40.14, "east"),
        ("Dar'a", None, None, "south"),
        ("Astana", 51.17, 71.45, NO_ZONE),
        ("", None, None, NO_ZONE),
        ("", 33.614, 36.175, "wadi-barada"),
    ],
)
def test_zone_finder_matches_zone_of(
    admin1: str, lat: float | None, lon: float | None, zone: str
) -> None:
    found = ASTANA.zone_of(admin1, None, lat, lon)
    assert (found.id if found else NO_ZONE) == zone
    assert ZoneFinder(ASTANA).zone(admin1, lat, lon) == zone


def test_first_full_day_is_the_first_local_day_in_force() -> None:
    # In force from 00:00 Damascus time on 30 December 2016.
    assert first_full_day(ASTANA) == date(2016, 12, 30)
    later = ASTANA.model_copy(update={"effective_from": ASTANA.effective_from.replace(hour=23)})
    assert first_full_day(later) == date(2016, 12, 31)
