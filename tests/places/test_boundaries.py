"""The boundaries the dashboard draws: the packaged file and the functions that build it."""

from __future__ import annotations

import pytest

from ceasefire.agreements.names import normalise_place
from ceasefire.places.boundaries import (
    admin1_shapes,
    decode_arcs,
    load_boundaries,
    simplify,
    tidy_geometry,
    tidy_ring,
    topo_geometry,
)
from ceasefire.scenarios import scenario_dir
from ceasefire.yamlfile import read_yaml

QUANTIZED = {
    "transform": {"scale": [0.5, 0.25], "translate": [10.0, 20.0]},
    "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
}


def test_quantized_arcs_are_delta_decoded() -> None:
    assert decode_arcs(QUANTIZED) == [
        [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)],
        [(11.0, 21.0), (10.0, 21.0), (10.0, 20.0)],
    ]


def test_rings_join_arcs_and_reverse_negative_ones() -> None:
    arcs = decode_arcs(QUANTIZED)
    square = topo_geometry(arcs, {"type": "Polygon", "arcs": [[0, 1]]})
    assert square == {
        "type": "Polygon",
        "coordinates": [[(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]],
    }
    backwards = topo_geometry(arcs, {"type": "Polygon", "arcs": [[~1, ~0]]})
    assert backwards["coordinates"][0] == [
        (10.0, 20.0), (10.0, 21.0), (11.0, 21.0), (11.0, 20.0), (10.0, 20.0)
    ]  # fmt: skip
    with pytest.raises(ValueError, match="LineString"):
        topo_geometry(arcs, {"type": "LineString", "arcs": [0]})


@pytest.mark.parametrize(
    ("tolerance", "kept"),
    [
        (0.05, [(0, 0), (1, 0.1), (3, 0)]),  # the 0.1 bump stays; (2, 0) is 0.0499 off the chord
        (0.02, [(0, 0), (1, 0.1), (2, 0), (3, 0)]),
        (0.2, [(0, 0), (3, 0)]),
    ],
)
def test_douglas_peucker_keeps_what_the_tolerance_needs(
    tolerance: float, kept: list[tuple[float, float]]
) -> None:
    line = [(0, 0), (1, 0.1), (2, 0), (2.5, 0.01), (3, 0)]
    assert simplify(line, tolerance) == kept


def test_a_ring_too_small_to_survive_is_dropped() -> None:
    tiny = [(0.0, 0.0), (0.0001, 0.0), (0.0001, 0.0001), (0.0, 0.0)]
    assert tidy_ring(tiny, 0.01, 3) is None
    big = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    islands = {"type": "MultiPolygon", "coordinates": [[tiny], [big]]}
    assert tidy_geometry(islands, 0.01, 3) == {"type": "Polygon", "coordinates": [big]}


def test_package_file_has_every_governorate_an_agreement_names() -> None:
    data = load_boundaries()
    names = {f["properties"]["admin1"] for f in data["features"]
             if f["properties"]["kind"] == "admin1"}  # fmt: skip
    assert len(names) == 14
    terms = read_yaml(scenario_dir("astana-2017") / "agreement.yaml").data
    zoned = {normalise_place(a) for z in terms["zones"] for a in z.get("admin1", [])}
    assert zoned <= {normalise_place(n) for n in names}
    countries = {f["properties"]["name"] for f in data["features"]
                 if f["properties"]["kind"] == "country"}  # fmt: skip
    assert {"Syria", "Turkey", "Iraq", "Jordan", "Lebanon", "Israel"} <= countries


def test_shapes_are_found_by_acled_name() -> None:
    found = admin1_shapes(["Quneitra", "Idleb"])
    assert sorted(f["properties"]["iso"] for f in found) == ["SY-ID", "SY-QU", "SY-X01~"]
