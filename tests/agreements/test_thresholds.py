"""The ``thresholds:`` block of an agreement file: defaults, scaling, line-numbered errors."""

from __future__ import annotations

import re

import pytest

from ceasefire.agreements.loader import agreement_from_json, parse_agreement
from ceasefire.agreements.thresholds import DEFAULT_THRESHOLDS, Level, Thresholds
from ceasefire.errors import InputError


def test_no_block_means_defaults_and_an_unchanged_canonical_json(base_yaml: str) -> None:
    a = parse_agreement(base_yaml, source="a.yaml")
    assert a.thresholds is None
    assert a.status_thresholds() == DEFAULT_THRESHOLDS
    assert "thresholds" not in a.to_json()


def test_block_is_read_and_round_trips(base_yaml: str) -> None:
    block = "thresholds:\n  counts: verified\n  broken: {fatalities: 20}\n  hotspots: 3\n"
    a = parse_agreement(base_yaml + block, source="a.yaml")
    t = a.status_thresholds()
    assert (t.counts, t.broken, t.strained, t.hotspots, t.per_days) == (
        "verified", Level(fatalities=20), Level(violations=1, fatalities=1), 3, 7
    )  # fmt: skip
    assert agreement_from_json(a.to_json()) == a
    assert a.content_hash() != parse_agreement(base_yaml, source="a.yaml").content_hash()


@pytest.mark.parametrize(
    ("block", "line", "field", "message"),
    [
        pytest.param("thresholds:\n  broken: {violations: 0}\n", 43,
                     "thresholds.broken.violations", "greater than or equal to 1", id="zero"),
        pytest.param("thresholds:\n  strained: {violations: 4}\n  broken: {violations: 2}\n",
                     44, "thresholds.broken.violations", "broken violations (2) is below "
                     "strained violations (4)", id="broken-below-strained"),
        pytest.param("thresholds:\n  counts: deaths\n", 43, "thresholds.counts",
                     "'violations' or 'verified'", id="unknown-count"),
        pytest.param("thresholds:\n  strained: {}\n", 43, "thresholds.strained",
                     "a level needs violations:, fatalities: or both", id="empty-level"),
        pytest.param("thresholds:\n  brokn: {violations: 3}\n", 43, "thresholds.brokn",
                     "xtra", id="misspelt-key"),
    ],
)  # fmt: skip
def test_bad_blocks_name_line_and_field(
    base_yaml: str, block: str, line: int, field: str, message: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        parse_agreement(base_yaml + block, source="a.yaml")
    assert (caught.value.line, caught.value.field) == (line, field)


@pytest.mark.parametrize(
    ("days", "strained", "broken"),
    [
        (7, Level(violations=1, fatalities=1), Level(violations=5, fatalities=10)),
        (1, Level(violations=1, fatalities=1), Level(violations=1, fatalities=2)),
        (14, Level(violations=2, fatalities=2), Level(violations=10, fatalities=20)),
        (30, Level(violations=5, fatalities=5), Level(violations=22, fatalities=43)),
    ],
)
def test_levels_scale_to_the_window_rounding_up(days: int, strained: Level, broken: Level) -> None:
    scaled = DEFAULT_THRESHOLDS.for_window(days)
    assert (scaled.per_days, scaled.strained, scaled.broken) == (days, strained, broken)


@pytest.mark.parametrize(
    ("violations", "deaths", "status"),
    [(0, 0, "holding"), (1, 0, "strained"), (0, 1, "strained"), (4, 9, "strained"),
     (5, 0, "broken"), (0, 10, "broken")],
)  # fmt: skip
def test_status_from_default_levels(violations: int, deaths: int, status: str) -> None:
    assert Thresholds().status(violations, deaths) == status
