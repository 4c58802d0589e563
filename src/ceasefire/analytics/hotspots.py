"""Where and when violations concentrate: hotspots on H3 cells, spikes against a rolling mean.

Hotspots bin the window's violations on H3 cells (Uber's hexagonal grid) at the resolution
the agreement's thresholds give; incidents without coordinates are binned by place name.
A spike is a day whose violations in a zone reach ``spike_factor`` x the mean of the
``rolling_days`` days before it and at least ``spike_min``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import h3

from ceasefire.agreements.thresholds import Thresholds
from ceasefire.analytics.window import DailyViolations, Group, Period


@dataclass(frozen=True)
class Hotspot:
    """A cell (or, without coordinates, a place) and the violations in it."""

    cell: str | None
    place: str
    zone: str
    latitude: float | None
    longitude: float | None
    violations: int
    fatalities: int


@dataclass(frozen=True)
class Spike:
    """A day far above the rolling mean of the days before it, in one zone."""

    zone: str
    date: date
    violations: int
    rolling_mean: float


def find_hotspots(rows: list[Group], thresholds: Thresholds) -> list[Hotspot]:
    """The ``thresholds.hotspots`` bins with the most violations among ``rows``."""
    counts: Counter[tuple[str | None, str]] = Counter()
    deaths: Counter[tuple[str | None, str]] = Counter()
    places: dict[tuple[str | None, str], Counter[str]] = defaultdict(Counter)
    zones: dict[tuple[str | None, str], Counter[str]] = defaultdict(Counter)
    cells: dict[tuple[float, float], str] = {}
    for r in rows:
        if not r.violation:
            continue
        if r.latitude is not None and r.longitude is not None:
            point = (r.latitude, r.longitude)
            cell = cells.get(point)
            if cell is None:
                cell = cells[point] = h3.latlng_to_cell(*point, thresholds.hotspot_resolution)
            key: tuple[str | None, str] = (cell, "")
        else:
            key = (None, r.location or "(no place)")
        counts[key] += r.incidents
        deaths[key] += r.fatalities
        places[key][r.location or "(no place)"] += r.incidents
        zones[key][r.zone] += r.incidents
    ranked = sorted(counts, key=lambda k: (-counts[k], -deaths[k], k[0] or "", k[1]))
    out = []
    for key in ranked[: thresholds.hotspots]:
        cell = key[0]
        lat, lon = h3.cell_to_latlng(cell) if cell else (None, None)
        place = min(places[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        zone = min(zones[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(
            Hotspot(
                cell, place, zone, None if lat is None else round(lat, 5),
                None if lon is None else round(lon, 5), counts[key], deaths[key],
            )
        )  # fmt: skip
    return out


def find_spikes(rows: list[DailyViolations], window: Period, thresholds: Thresholds) -> list[Spike]:
    """Days of ``window`` whose violations in a zone are a spike (see the module doc).

    ``rows`` must cover the ``rolling_days`` days before the window too.
    """
    daily: dict[str, Counter[date]] = defaultdict(Counter)
    for r in rows:
        daily[r.zone][r.day] += r.violations
    span = thresholds.rolling_days
    out = []
    for zone in sorted(daily):
        per_day = daily[zone]
        day = window.start
        while day <= window.end:
            n = per_day[day]
            if n >= thresholds.spike_min:
                before = sum(per_day[day - timedelta(days=i)] for i in range(1, span + 1))
                mean = before / span
                if n >= thresholds.spike_factor * mean:
                    out.append(Spike(zone, day, n, round(mean, 2)))
            day += timedelta(days=1)
    return sorted(out, key=lambda s: (s.date, s.zone))
