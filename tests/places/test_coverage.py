"""Coverage of gold-coded places: how often best() lands within 25 km of the gold point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ceasefire.places import Gazetteer
from ceasefire.places.coverage import GoldPlace, measure_coverage, read_gold_places


def test_measure_coverage_counts_hits_misses_and_unknowns(gazetteer: Gazetteer) -> None:
    rows = [
        GoldPlace("Deraa", "Syria", 32.62, 36.10),
        GoldPlace("Deraa", "Syria", 35.0, 40.0),  # far from Daraa
        GoldPlace("Nowhere-on-Earth", "Syria", 33.0, 36.0),
    ]
    report = measure_coverage(gazetteer, rows, label="hand-made")
    assert (report.rows, report.found, report.within) == (3, 2, 1)
    assert report.share == pytest.approx(1 / 3)
    assert [m[1] for m in report.misses] == ["gn:170905", None]
    assert report.summary().startswith("hand-made: 3 rows")


# Floors a little under the measured figures (docs/gazetteer.md): a drop means a regression.
@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("dev_acled_syria_2020-04-27_2020-04-30.csv", 0.70),
        ("dev_acled_global_2020-04_2020-05.csv", 0.55),
        ("dev_ucdp_ged_syria_other_periods.csv", 0.90),
    ],
)
def test_coverage_of_gold_places(
    gazetteer: Gazetteer, shared_csv: Callable[[str], Path], name: str, floor: float
) -> None:
    report = measure_coverage(gazetteer, read_gold_places(shared_csv(name)))
    assert report.share >= floor, report.summary()
