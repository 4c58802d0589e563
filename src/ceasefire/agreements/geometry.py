"""Polygons in agreement files (GeoJSON-like lon/lat rings) and a pure-Python point test.

A polygon is its outer ring followed by optional holes, each ring a closed list of
``[longitude, latitude]`` positions, as in GeoJSON. Point-in-polygon uses ray casting,
which is exact enough for ceasefire zones drawn at kilometre scale.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Position = tuple[float, float]
Ring = list[Position]


def _check_ring(ring: Ring, index: int) -> None:
    name = "outer ring" if index == 0 else f"hole {index}"
    for k, (lon, lat) in enumerate(ring):
        if not -180.0 <= lon <= 180.0:
            raise ValueError(
                f"{name}, point {k}: longitude {lon} is outside -180..180 "
                "(positions are [longitude, latitude])"
            )
        if not -90.0 <= lat <= 90.0:
            raise ValueError(
                f"{name}, point {k}: latitude {lat} is outside -90..90 "
                "(positions are [longitude, latitude]; are they swapped?)"
            )
    if len(ring) < 4:
        raise ValueError(
            f"{name} has {len(ring)} points; a closed ring needs at least 4 "
            "(three corners and the first point repeated at the end)"
        )
    if ring[0] != ring[-1]:
        raise ValueError(
            f"{name} is not closed: the first point {list(ring[0])} and the last point "
            f"{list(ring[-1])} must be the same"
        )
    if len(set(ring)) < 3:
        raise ValueError(f"{name} has fewer than 3 distinct points and encloses no area")
    crossing = self_intersection(ring)
    if crossing is not None:
        i, j = crossing
        raise ValueError(
            f"{name} crosses itself: the edge from point {i} to {i + 1} meets the edge from "
            f"point {j} to {j + 1}; order the points around the outline without crossing"
        )


def _orient(p: Position, q: Position, r: Position) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _on_segment(p: Position, q: Position, r: Position) -> bool:
    """Is r (collinear with p-q) within the bounding box of p-q?"""
    return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])


def segments_meet(a: Position, b: Position, c: Position, d: Position) -> bool:
    """Do the closed segments a-b and c-d share a point?"""
    d1, d2 = _orient(c, d, a), _orient(c, d, b)
    d3, d4 = _orient(a, b, c), _orient(a, b, d)
    if ((d1 > 0) != (d2 > 0) and d1 != 0 and d2 != 0) and (
        (d3 > 0) != (d4 > 0) and d3 != 0 and d4 != 0
    ):
        return True
    return (
        (d1 == 0 and _on_segment(c, d, a))
        or (d2 == 0 and _on_segment(c, d, b))
        or (d3 == 0 and _on_segment(a, b, c))
        or (d4 == 0 and _on_segment(a, b, d))
    )


def self_intersection(ring: Ring) -> tuple[int, int] | None:
    """The first pair of edges (by start point index) of a closed ring that meet anywhere but
    at the corner they share, or None for a simple ring."""
    edges = list(pairwise(ring))
    n = len(edges)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                (a, b), (c, d) = edges[i], edges[j]
                shared = b if j == i + 1 else a
                other_i, other_j = (a, d) if j == i + 1 else (b, c)
                # Neighbours share one corner; they overlap only if collinear and folding back.
                if _orient(other_i, shared, other_j) == 0 and (
                    _on_segment(shared, other_i, other_j) or _on_segment(shared, other_j, other_i)
                ):
                    return i, j
                continue
            if segments_meet(*edges[i], *edges[j]):
                return i, j
    return None


def ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    """True when (lon, lat) lies inside ``ring`` (even-odd rule, ray cast towards +lon)."""
    inside = False
    x, y = lon, lat
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return inside


class Polygon(BaseModel):
    """A GeoJSON-like polygon: ``coordinates`` is the outer ring, then any holes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["Polygon"] = "Polygon"
    coordinates: list[Ring]

    @field_validator("coordinates")
    @classmethod
    def _rings_are_closed_and_on_earth(cls, rings: list[Ring]) -> list[Ring]:
        if not rings:
            raise ValueError("a polygon needs at least its outer ring")
        for index, ring in enumerate(rings):
            _check_ring(ring, index)
        return rings

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point is inside the outer ring and outside every hole."""
        outer, *holes = self.coordinates
        if not ring_contains(outer, lon, lat):
            return False
        return not any(ring_contains(hole, lon, lat) for hole in holes)

    def bounds(self) -> tuple[float, float, float, float]:
        """(min_lon, min_lat, max_lon, max_lat) of the outer ring."""
        lons = [p[0] for p in self.coordinates[0]]
        lats = [p[1] for p in self.coordinates[0]]
        return min(lons), min(lats), max(lons), max(lats)
