"""The zone index answers exactly as a plain walk over the zones in file order would, and its
memo of answers stays bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.agreements import zones as zones_module
from ceasefire.agreements.loader import load_agreement
from ceasefire.agreements.names import normalise_place
from ceasefire.agreements.schema import Agreement, Zone
from ceasefire.agreements.zones import ZoneIndex

SCENARIOS = Path(__file__).parents[2] / "scenarios"
ADMIN1 = (None, "Idlib", "Idleb", "Rural-Damascus", "Rural Damascus", "Daraa", "Homs", "Aleppo")


def walk(
    agreement: Agreement, admin1: str | None, admin2: str | None, lat: float | None,
    lon: float | None,
) -> Zone | None:  # fmt: skip
    """The rule as the file states it: polygon, then admin2, then admin1; first zone wins."""
    if lat is not None and lon is not None:
        for zone in agreement.zones:
            if zone.polygon is not None and zone.polygon.contains(lon, lat):
                return zone
    for key, level in ((admin2, "admin2"), (admin1, "admin1")):
        for zone in agreement.zones:
            if key and normalise_place(key) in {normalise_place(n) for n in getattr(zone, level)}:
                return zone
    return None


@pytest.mark.parametrize("scenario", ["astana-2017", "de-escalation-2017", "idlib-2020"])
def test_index_agrees_with_the_plain_walk_over_a_grid_of_syria(scenario: str) -> None:
    agreement = load_agreement(SCENARIOS / scenario / "agreement.yaml")
    index = ZoneIndex(agreement.zones)
    points = [(32.3 + i * 0.1, 35.6 + j * 0.1) for i in range(50) for j in range(65)]
    found = disagree = 0
    for n, (lat, lon) in enumerate(points):
        admin1 = ADMIN1[n % len(ADMIN1)]
        for place in ((admin1, None, lat, lon), (admin1, None, None, None)):
            expected = walk(agreement, *place)
            disagree += index.zone_of(*place) is not expected
            disagree += agreement.zone_of(*place) is not expected  # the memo, asked again
            found += expected is not None
    assert disagree == 0
    assert found > 100  # the grid does reach the zones


def test_memo_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zones_module, "MEMO_SIZE", 3)
    agreement = load_agreement(SCENARIOS / "de-escalation-2017" / "agreement.yaml")
    index = ZoneIndex(agreement.zones)
    sizes = []
    for lat in (35.0, 35.1, 35.2, 35.3, 35.4):
        index.zone_of(None, None, lat, 36.6)
        sizes.append(len(index._memo))
    assert sizes == [1, 2, 3, 1, 2]
