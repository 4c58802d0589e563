"""The situation report's map as inline SVG (no network, no script).

Drawn in an equirectangular projection (longitude scaled by the cosine of the middle
latitude), bottom to top: the outlines of Syria and its neighbours and Syria's 14
governorates (the packaged Natural Earth boundaries, ``places.boundaries``), the agreement's
zones shaded by their holding status (an admin1 zone as its governorates, a polygon zone as
its polygon), a graticule, zone names, then the incidents coloured by verdict with the names
of their places. Everything inside the frame is clipped to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ceasefire.agreements.schema import Zone
from ceasefire.places.boundaries import admin1_shapes, load_boundaries
from ceasefire.reports.svg import FONT, STATUS_FILL, VERDICT_FILL

Point = tuple[float, float]
Ring = Sequence[Sequence[float]]
LAND, SYRIA, BORDER, GOVERNORATE, SEA = "#ecebe4", "#fbfaf6", "#8d9296", "#b4b7ae", "#e6eef4"
ALLEGATION = "#762a83"


@dataclass(frozen=True)
class _Frame:
    """The projection of the map's extent onto the drawing."""

    west: float
    north: float
    k: float
    scale: float
    left: int
    top: int
    width: int
    height: int

    def xy(self, lat: float, lon: float) -> Point:
        return self.left + (lon - self.west) * self.k * self.scale, self.top + (
            self.north - lat
        ) * self.scale


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _path(frame: _Frame, polygons: Iterable[Sequence[Ring]]) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = [frame.xy(p[1], p[0]) for p in ring]
            parts.append("M" + "L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in pts) + "Z")
    return "".join(parts)


def _zone_shapes(zone: Zone) -> list[list[Ring]]:
    if zone.polygon is not None:
        return [list(zone.polygon.coordinates)]
    return [p for shape in admin1_shapes(zone.admin1) for p in _polygons(shape["geometry"])]


def _extent(points: Sequence[Point], shapes: Sequence[list[Ring]]) -> tuple[float, ...]:
    """West, south, east, north around Syria, the points and the zones, padded."""
    syria = [f for f in load_boundaries()["features"] if f["properties"]["name"] == "Syria"]
    lons = [p[0] for f in syria for poly in _polygons(f["geometry"]) for p in poly[0]]
    lats = [p[1] for f in syria for poly in _polygons(f["geometry"]) for p in poly[0]]
    lons += [lon for _, lon in points] + [p[0] for s in shapes for p in s[0]]
    lats += [lat for lat, _ in points] + [p[1] for s in shapes for p in s[0]]
    pad = 0.2
    return min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad


def _label(out: list[str], x: float, y: float, text: str, size: int, anchor: str = "start",
           colour: str = "#222", weight: str = "normal") -> None:  # fmt: skip
    """Text with a white halo (drawn twice: PDF renderers differ on paint-order)."""
    common = (f'x="{_fmt(x)}" y="{_fmt(y)}" font-size="{size}" text-anchor="{anchor}" '
              f'font-weight="{weight}" {FONT}')  # fmt: skip
    out.append(f'<text {common} fill="#fff" stroke="#fff" stroke-width="3" '
               f'stroke-linejoin="round">{escape(text)}</text>')  # fmt: skip
    out.append(f'<text {common} fill="{colour}">{escape(text)}</text>')


class _Placed:
    """Boxes of the labels drawn so far: a label that would overlap one is left off."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []

    def take(self, x: float, y: float, text: str, size: int, anchor: str) -> bool:
        w = 0.58 * size * len(text)  # DejaVu Sans: about 0.58 em a character
        x0 = x - w / 2 if anchor == "middle" else x
        box = (x0 - 2, y - size, x0 + w + 2, y + 3)
        if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]
               for b in self.boxes):  # fmt: skip
            return False
        self.boxes.append(box)
        return True


def render_map(
    zones: Sequence[tuple[Zone, str]],
    points: Sequence[tuple[float, float, str, str]],
    *,
    width: int = 680,
) -> str:
    """An SVG map: ``zones`` as (zone, status), ``points`` as (lat, lon, legend key, label)."""
    shaped = [(z, s, _zone_shapes(z)) for z, s in zones]
    west, south, east, north = _extent([(p[0], p[1]) for p in points],
                                       [p for _, _, ps in shaped for p in ps])  # fmt: skip
    k = math.cos(math.radians((north + south) / 2))
    left, top, right, bottom = 46, 10, 10, 22
    scale = (width - left - right) / ((east - west) * k)
    height = min(640, round(top + bottom + (north - south) * scale))
    scale = min(scale, (height - top - bottom) / (north - south))
    frame = _Frame(west, north, k, scale, left, top, width, height)
    inner_w, inner_h = width - left - right, height - top - bottom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Map of incidents and zones">',
        f'<defs><clipPath id="frame"><rect x="{left}" y="{top}" width="{inner_w}" '
        f'height="{inner_h}"/></clipPath></defs>',
        f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="{SEA}"/>',
        '<g clip-path="url(#frame)">',
    ]
    features = load_boundaries()["features"]
    for f in features:
        if f["properties"]["kind"] == "country":
            fill = SYRIA if f["properties"]["name"] == "Syria" else LAND
            out.append(f'<path d="{_path(frame, _polygons(f["geometry"]))}" fill="{fill}" '
                       f'stroke="{BORDER}" stroke-width="0.8" fill-rule="evenodd"/>')  # fmt: skip
    for _, status, shapes in sorted(shaped, key=lambda t: t[0].polygon is not None):
        fill = STATUS_FILL.get(status, "#cccccc")
        out.append(f'<path d="{_path(frame, shapes)}" fill="{fill}" fill-opacity="0.22" '
                   f'stroke="{fill}" stroke-width="1.2" fill-rule="evenodd"/>')  # fmt: skip
    governorates = [p for f in features if f["properties"]["kind"] == "admin1"
                    for p in _polygons(f["geometry"])]  # fmt: skip
    out.append(f'<path d="{_path(frame, governorates)}" fill="none" stroke="{GOVERNORATE}" '
               'stroke-width="0.6"/>')  # fmt: skip
    syria = [p for f in features if f["properties"]["name"] == "Syria"
             for p in _polygons(f["geometry"])]  # fmt: skip
    out.append(f'<path d="{_path(frame, syria)}" fill="none" stroke="#6b7075" '
               'stroke-width="1.2"/>')  # fmt: skip
    out.append("</g>")
    _graticule(out, frame, (west, south, east, north))
    placed = _Placed()
    # Points first: their circles must stay free of zone names.
    circles: list[str] = []
    for lat, lon, key, _ in points:
        x, y = frame.xy(lat, lon)
        placed.boxes.append((x - 5, y - 5, x + 5, y + 5))
        if key == "allegation":
            circles.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="5" fill="#fff" '
                           f'stroke="{ALLEGATION}" stroke-width="2"/>')  # fmt: skip
        else:
            fill = VERDICT_FILL[key]
            circles.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="5" fill="{fill}" '
                           'stroke="#fff" stroke-width="1"/>')  # fmt: skip
    for zone, status, shapes in shaped:
        if not shapes:
            continue
        ring = max((s[0] for s in shapes), key=len)
        cx = (min(p[0] for p in ring) + max(p[0] for p in ring)) / 2
        cy = (min(p[1] for p in ring) + max(p[1] for p in ring)) / 2
        x, y = frame.xy(cy, cx)
        text = f"{zone.name}: {status}"
        half = 0.29 * 9 * len(text) + 4
        x = min(max(x, frame.left + half), frame.width - 10 - half)
        y = min(max(y, frame.top + 12), frame.height - 26)
        if placed.take(x, y, text, 9, "middle"):
            _label(out, x, y, text, 9, "middle", "#333", "bold")
    out.extend(circles)
    labelled: set[str] = set()
    for lat, lon, _, label in points:
        x, y = frame.xy(lat, lon)
        fresh = label and label not in labelled and len(labelled) < 16
        if fresh and placed.take(x + 7, y + 4, label, 9, "start"):
            labelled.add(label)
            _label(out, x + 7, y + 4, label, 9)
    out.append(f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" '
               'stroke="#c8d0d8"/>')  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)


def _graticule(out: list[str], frame: _Frame, bounds: tuple[float, ...]) -> None:
    """Whole-degree lines (or finer for a small extent), labelled in the margins."""
    west, south, east, north = bounds
    span = max(east - west, north - south)
    step = next(s for s in (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0) if span / s <= 9)
    digits = 2 if step < 0.5 else 0 if step >= 1 else 1
    bottom = frame.height - 22
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = frame.xy(north, lon)
        out.append(f'<line x1="{_fmt(x)}" y1="{frame.top}" x2="{_fmt(x)}" y2="{bottom}" '
                   'stroke="#7a8a99" stroke-opacity="0.25" stroke-width="0.6"/>')  # fmt: skip
        out.append(f'<text x="{_fmt(x)}" y="{bottom + 14}" font-size="9" text-anchor="middle" '
                   f'fill="#5b6670" {FONT}>{lon:.{digits}f}°E</text>')  # fmt: skip
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = frame.xy(lat, west)
        out.append(f'<line x1="{frame.left}" y1="{_fmt(y)}" x2="{frame.width - 10}" '
                   f'y2="{_fmt(y)}" stroke="#7a8a99" stroke-opacity="0.25" '
                   'stroke-width="0.6"/>')  # fmt: skip
        out.append(f'<text x="{frame.left - 4}" y="{_fmt(y + 3)}" font-size="9" '
                   f'text-anchor="end" fill="#5b6670" {FONT}>'
                   f"{lat:.{digits}f}°N</text>")  # fmt: skip
        lat += step
