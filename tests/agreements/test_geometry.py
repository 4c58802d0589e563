"""Polygons: validation of rings and the ray-casting point test."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from ceasefire.agreements.geometry import Polygon, ring_contains

SQUARE = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
HOLE = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0)]
# A "C" open to the east: the notch x in 5..10, y in 4..6 is outside.
C_SHAPE = [
    (0.0, 0.0), (10.0, 0.0), (10.0, 4.0), (5.0, 4.0), (5.0, 6.0),
    (10.0, 6.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [
        (5.0, 5.0, True),
        (0.5, 9.5, True),
        (-0.1, 5.0, False),
        (10.1, 5.0, False),
        (5.0, 10.5, False),
    ],
)
def test_ring_contains_square(lon: float, lat: float, inside: bool) -> None:
    assert ring_contains(SQUARE, lon, lat) is inside


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [(2.0, 5.0, True), (7.0, 5.0, False), (7.0, 2.0, True), (7.0, 8.0, True)],
)
def test_ring_contains_concave(lon: float, lat: float, inside: bool) -> None:
    assert ring_contains(C_SHAPE, lon, lat) is inside


@pytest.mark.parametrize(
    ("lon", "lat", "inside"),
    [(5.0, 5.0, False), (2.0, 2.0, True), (11.0, 5.0, False)],
)
def test_polygon_with_hole(lon: float, lat: float, inside: bool) -> None:
    polygon = Polygon(coordinates=[SQUARE, HOLE])
    assert polygon.contains(lon, lat) is inside


def test_bounds() -> None:
    assert Polygon(coordinates=[C_SHAPE]).bounds() == (0.0, 0.0, 10.0, 10.0)


@pytest.mark.parametrize(
    ("rings", "message"),
    [
        ([], "a polygon needs at least its outer ring"),
        ([SQUARE[:-1]], "outer ring is not closed"),
        ([[(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)]], "outer ring has 3 points"),
        ([[(0.0, 0.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]], "fewer than 3 distinct points"),
        ([[(200.0, 0.0), *SQUARE[1:-1], (200.0, 0.0)]], "longitude 200.0 is outside -180..180"),
        ([SQUARE, HOLE[:-1]], "hole 1 is not closed"),
    ],
)
def test_invalid_rings(rings: list[list[tuple[float, float]]], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Polygon(coordinates=rings)


def test_positions_are_pairs() -> None:
    with pytest.raises(ValidationError):
        Polygon.model_validate({"coordinates": [[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 0, 5]]]})
