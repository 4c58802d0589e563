"""Inline SVG for the situation report: the daily charts (plain bars) and the colours the
map (``reports.map_svg``) shares with them (no network, no JS)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape

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


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def verdict_key(verdict: str, status: str, allegation: bool) -> str:
    """The legend entry an incident is drawn as."""
    if allegation:
        return "allegation"
    if verdict == "violation" and status == "verified":
        return "verified"
    return verdict if verdict in VERDICT_FILL else ""


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
