"""Measure the gazetteer against gold-coded events: does ``best()`` land near the gold point?"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ceasefire.places.gazetteer import Gazetteer
from ceasefire.places.geo import haversine_km

__all__ = ["CoverageReport", "GoldPlace", "measure_coverage", "read_gold_places"]


@dataclass(frozen=True)
class GoldPlace:
    """A place as a human coder wrote it: name, country and coordinates."""

    location: str
    country: str
    latitude: float
    longitude: float
    admin1: str = ""


@dataclass
class CoverageReport:
    """How many gold places ``best(location, country=country)`` puts within ``radius_km``."""

    label: str
    radius_km: float
    rows: int = 0
    found: int = 0
    within: int = 0
    by_country: Counter[str] = field(default_factory=Counter)
    within_by_country: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[GoldPlace, str | None, float | None]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of rows resolved within the radius."""
        return self.within / self.rows if self.rows else 0.0

    def summary(self) -> str:
        """One line: label, rows, share found, share within the radius."""
        found = self.found / self.rows if self.rows else 0.0
        return (
            f"{self.label}: {self.rows} rows, found {found:.1%}, "
            f"within {self.radius_km:g} km {self.share:.1%}"
        )


def read_gold_places(path: Path) -> list[GoldPlace]:
    """Rows of an ACLED/UCDP-format CSV that have a location and coordinates."""
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (KeyError, ValueError):
                continue
            location = (row.get("location") or "").strip()
            if location:
                country = (row.get("country") or "").strip()
                admin1 = (row.get("admin1") or "").strip()
                out.append(GoldPlace(location, country, lat, lon, admin1))
    return out


def measure_coverage(
    gazetteer: Gazetteer,
    rows: Iterable[GoldPlace],
    *,
    radius_km: float = 25.0,
    label: str = "",
    admin1_hint: bool = False,
) -> CoverageReport:
    """Resolve every gold place by name and country; count those within ``radius_km``.

    With ``admin1_hint`` the centre of the row's admin1 is passed as a ``near`` point, as a
    coder does with the province a report names ("in Idleb countryside").
    """
    report = CoverageReport(label=label, radius_km=radius_km)
    for row in rows:
        report.rows += 1
        report.by_country[row.country] += 1
        country = row.country or None
        near: list[tuple[float, float]] = []
        if admin1_hint and row.admin1:
            area = gazetteer.admin1(row.admin1, country=country)
            if area is not None:
                near.append(area.point)
        place = gazetteer.best(row.location, country=country, near=near)
        if place is None:
            report.misses.append((row, None, None))
            continue
        report.found += 1
        distance = haversine_km(place.point, (row.latitude, row.longitude))
        if distance <= radius_km:
            report.within += 1
            report.within_by_country[row.country] += 1
        else:
            report.misses.append((row, place.id, round(distance, 1)))
    return report
