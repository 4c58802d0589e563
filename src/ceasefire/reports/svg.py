"""Inline SVG for the situation report: the map and the daily charts (no network, no JS).

The map is an equirectangular projection (longitude scaled by the cosine of the middle
latitude) of the zone polygons and the incidents' coordinates, with a graticule; zones are
shaded by status, incidents coloured by verdict. Charts are plain bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

from ceasefire.agreements.schema import Zone

STATUS_FILL = {"holding": "#1a9850", "strained": "#f0a202", "broken": "#d73027"}
VERDICT_FILL = {
    "verified": "#8b0000",
    "violation": "#e34a33",
    "undetermined": "#f0a202",
    "no_violation": "#8c8c8c",
    "": "#8c8c8c",
}
SIDE_COLOURS = ("#2166ac", "#b2182b", "#5aae61", "#9970ab", "#e08214", "#666666")
FONT = 'font-family="DejaVu Sans, sans-serif"'

Point = tuple[float, float]


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def verdict_key(verdict: str, status: str, allegation: bool) -> str:
    """The legend entry an incident is drawn as."""
    if allegation:
        return "allegation"
    if verdict == "violation" and status == "verified":
        return "verified"
    return verdict if verdict in VERDICT_FILL else ""


def render_map(
    zones: Sequence[tuple[Zone, str]],
    points: Sequence[tuple[float, float, str, str]],
    *,
    width: int = 680,
    height: int = 440,
) -> str:
    """An SVG map: ``zones`` as (zone, status), ``points`` as (lat, lon, legend key, label);
    empty string when there is nothing with coordinates to draw."""
    rings = [(z, s, ring) for z, s in zones if z.polygon for ring in z.polygon.coordinates[:1]]
    lons = [p[1] for p in points] + [x for _, _, r in rings for x, _ in r]
    lats = [p[0] for p in points] + [y for _, _, r in rings for _, y in r]
    if not lons:
        return ""
    pad = 0.15
    west, east = min(lons) - pad, max(lons) + pad
    south, north = min(lats) - pad, max(lats) + pad
    k = math.cos(math.radians((north + south) / 2))
    margin, left = 24, 58
    scale = min(
        (width - left - margin) / ((east - west) * k), (height - 2 * margin) / (north - south)
    )

    def xy(lat: float, lon: float) -> Point:
        return left + (lon - west) * k * scale, margin + (north - lat) * scale

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Map of incidents and zones">',
        f'<rect width="{width}" height="{height}" fill="#f4f7fa" stroke="#c8d0d8"/>',
    ]
    span = max(east - west, north - south)
    step = next(s for s in (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0) if span / s <= 8)
    digits = 2 if step < 0.5 else 1
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = xy(north, lon)
        out.append(f'<line x1="{_fmt(x)}" y1="{margin}" x2="{_fmt(x)}" '
                   f'y2="{height - margin}" stroke="#dde3e9"/>')  # fmt: skip
        out.append(f'<text x="{_fmt(x)}" y="{height - margin + 14}" font-size="10" '
                   f'text-anchor="middle" fill="#5b6670" {FONT}>'
                   f"{lon:.{digits}f}°E</text>")  # fmt: skip
        lon += step
    lat = math.ceil(south / step) * step
    # Zone names are drawn before the points and their labels, so these stay on top.
    while lat <= north:
        _, y = xy(lat, west)
        out.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - margin}" '
                   f'y2="{_fmt(y)}" stroke="#dde3e9"/>')  # fmt: skip
        out.append(f'<text x="{left - 4}" y="{_fmt(y + 3)}" font-size="10" '
                   f'text-anchor="end" fill="#5b6670" {FONT}>'
                   f"{lat:.{digits}f}°N</text>")  # fmt: skip
        lat += step
    placed: list[Point] = []
    for zone, status, ring in rings:
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (xy(la, lo) for lo, la in ring))
        fill = STATUS_FILL.get(status, "#cccccc")
        out.append(f'<polygon points="{pts}" fill="{fill}" fill-opacity="0.28" '
                   f'stroke="{fill}" stroke-width="1.5"/>')  # fmt: skip
        cx = sum(lo for lo, _ in ring[:-1]) / max(1, len(ring) - 1)
        cy = max(la for _, la in ring)
        x, y = xy(cy, cx)
        if any(abs(x - px) < 150 and abs(y - py) < 14 for px, py in placed):
            continue
        placed.append((x, y))
        text = f"{zone.name} ({status})"
        half = 3.2 * len(text)
        x = min(max(x, half + 4), width - half - 4)
        out.append(f'<text x="{_fmt(x)}" y="{_fmt(y - 4)}" font-size="11" text-anchor="middle" '
                   f'fill="#333" {FONT}>{escape(text)}</text>')  # fmt: skip
    labelled: set[str] = set()
    for lat, lon, key, label in points:
        x, y = xy(lat, lon)
        if key == "allegation":
            out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="5" fill="none" '
                       'stroke="#762a83" stroke-width="2"/>')  # fmt: skip
        else:
            out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="5" fill="{VERDICT_FILL[key]}" '
                       'stroke="#fff" stroke-width="1"/>')  # fmt: skip
        crowded = any(abs(x - px) < 60 and abs(y - py) < 12 for px, py in placed)
        if label and label not in labelled and not crowded and len(labelled) < 14:
            labelled.add(label)
            placed.append((x, y))
            out.append(f'<text x="{_fmt(x + 7)}" y="{_fmt(y + 4)}" font-size="10" fill="#222" '
                       f'{FONT}>{escape(label)}</text>')  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)


def _axis(values_max: int) -> tuple[int, int]:
    """A round top for the y axis and its tick step."""
    top = max(1, values_max)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top / s <= 5)
    return math.ceil(top / step) * step, step


def render_bars(
    days: Sequence[date],
    stacks: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    colours: Sequence[str] = SIDE_COLOURS,
    width: int = 680,
    height: int = 190,
) -> str:
    """Daily bars, stacked by series (``(name, per-day values)``), with a legend."""
    left, right, top_pad, bottom = 38, 10, 26, 30
    totals = [sum(s[1][i] for s in stacks) for i in range(len(days))]
    top, step = _axis(max(totals, default=0))
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    bar = plot_w / max(1, len(days))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="14" font-size="12" font-weight="bold" fill="#222" {FONT}>'
        f"{escape(title)}</text>",
    ]
    for tick in range(0, top + 1, step):
        y = top_pad + plot_h - tick / top * plot_h
        out.append(f'<line x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}" '
                   'stroke="#e3e3e3"/>')  # fmt: skip
        out.append(f'<text x="{left - 5}" y="{_fmt(y + 3)}" font-size="10" text-anchor="end" '
                   f'fill="#555" {FONT}>{tick}</text>')  # fmt: skip
    label_every = max(1, math.ceil(len(days) / 10))
    for i, day in enumerate(days):
        x = left + i * bar
        base = float(top_pad + plot_h)
        for j, (_, values) in enumerate(stacks):
            if values[i]:
                h = values[i] / top * plot_h
                base -= h
                out.append(f'<rect x="{_fmt(x + bar * 0.12)}" y="{_fmt(base)}" '
                           f'width="{_fmt(bar * 0.76)}" height="{_fmt(h)}" '
                           f'fill="{colours[j % len(colours)]}"/>')  # fmt: skip
        if i % label_every == 0:
            out.append(f'<text x="{_fmt(x + bar / 2)}" y="{height - bottom + 14}" font-size="10" '
                       f'text-anchor="middle" fill="#555" {FONT}>{day:%d %b}</text>')  # fmt: skip
    x = width - right
    for j, (name, _) in reversed(list(enumerate(stacks))):
        label = escape(name)
        x -= 14 + 6.2 * len(name)
        out.append(f'<rect x="{_fmt(x)}" y="5" width="10" height="10" '
                   f'fill="{colours[j % len(colours)]}"/>')  # fmt: skip
        out.append(f'<text x="{_fmt(x + 13)}" y="14" font-size="10" fill="#333" {FONT}>'
                   f"{label}</text>")  # fmt: skip
    out.append(f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" '
               f'y2="{top_pad + plot_h}" stroke="#888"/>')  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)
