"""Fusion rules and clustering, on hand-built items (no store)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from ceasefire.events.fusion import FusionItem, cluster, distance_km, mismatch

DOUMA = (33.5715, 36.404)
HARASTA = (33.5586, 36.365)  # 3.89 km from Douma
DARAA = (32.6189, 36.1021)


def item(event_id: int, **changes: object) -> FusionItem:
    base = FusionItem(
        event_id=event_id,
        key=f"{event_id:04d}",
        day=date(2017, 1, 9),
        source_key=f"doc-{event_id}",
        event_type="Explosions/Remote violence",
        country="syria",
        location="douma",
        lat=DOUMA[0],
        lon=DOUMA[1],
        sides=frozenset({"government", "opposition"}),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, None),
        ({"day": date(2017, 1, 10)}, None),
        ({"day": date(2017, 1, 11)}, "days"),
        ({"allegation": True}, "modality"),
        ({"source_key": "doc-1"}, "source"),
        # Two ACLED rows with different ids are two happenings ACLED coded apart.
        ({"dataset": "acled", "dataset_id": "SYR2"}, None),
        ({"day": date(2017, 1, 10), "period": ("in force",)}, "agreement"),
        ({"country": "lebanon"}, "country"),
        ({"lat": HARASTA[0], "lon": HARASTA[1]}, None),
        ({"lat": DARAA[0], "lon": DARAA[1]}, "place"),
        ({"event_type": "Battles"}, None),
        ({"event_type": "Violence against civilians"}, "type"),
        ({"event_type": ""}, None),
        ({"sides": frozenset({"government"})}, None),
        ({"sides": frozenset({"government", "civilian"})}, None),
        ({"sides": frozenset()}, None),
        ({"sides": frozenset({"jihadist", "kurdish"})}, "actors"),
        ({"sides": frozenset({"government", "kurdish"})}, "actors"),
        ({"sides": frozenset({"kurdish"})}, "actors"),
    ],
)
def test_mismatch_names_the_first_rule_that_fails(
    changes: dict[str, object], reason: str | None
) -> None:
    assert mismatch(item(1), item(2, **changes)) == reason


@pytest.mark.parametrize(
    ("first", "second", "reason", "why"),
    [
        (("acled", "SYR1"), ("acled", "SYR2"), "dataset", "ACLED coded two events"),
        (("ucdp", "UCDP-1"), ("ucdp", "UCDP-2"), "dataset", "UCDP GED coded two events"),
        (("acled", "SYR1"), ("ucdp", "UCDP-2"), None, "two datasets may report one happening"),
        (("acled", "SYR1"), ("", ""), None, "a dataset row and a news report may be one"),
        (("", ""), ("", ""), None, "two news reports may be one"),
    ],
)  # fmt: skip
def test_rows_of_one_dataset_are_distinct_happenings(
    first: tuple[str, str], second: tuple[str, str], reason: str | None, why: str
) -> None:
    a = item(1, dataset=first[0], dataset_id=first[1])
    b = item(2, dataset=second[0], dataset_id=second[1], day=date(2017, 1, 10))
    assert mismatch(a, b) == reason, why


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ({"lat": None, "lon": None}, {"lat": None, "lon": None}, None),
        ({"lat": None, "lon": None}, {"lat": None, "lon": None, "location": "harasta"}, "place"),
        ({"lat": None, "admin1": "rural damascus"}, {"lat": None, "admin1": "idleb"}, "place"),
        ({"lat": None}, {}, None),
    ],
)
def test_without_coordinates_the_location_name_decides(
    first: dict[str, object], second: dict[str, object], reason: str | None
) -> None:
    assert mismatch(item(1, **first), item(2, **second)) == reason


def test_distance_km_is_great_circle() -> None:
    assert round(distance_km(item(1), item(2, lat=HARASTA[0], lon=HARASTA[1])) or 0, 2) == 3.89
    assert distance_km(item(1), item(2, lat=None)) is None


def groups_of(items: list[FusionItem], **kwargs: object) -> list[list[int]]:
    return [[m.event_id for m in g.members] for g in cluster(items, **kwargs)]  # type: ignore[arg-type]


def test_same_events_give_same_groups_in_any_order() -> None:
    items = [
        item(1), item(2), item(3, day=date(2017, 1, 10)), item(4, lat=DARAA[0], lon=DARAA[1]),
        item(5, allegation=True), item(6, allegation=True, day=date(2017, 1, 10)),
    ]  # fmt: skip
    expected = [[1, 2, 3], [4], [5, 6]]
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert groups_of(shuffled) == expected


def test_complete_linkage_does_not_chain_across_days() -> None:
    chain = [item(1), item(2, day=date(2017, 1, 10)), item(3, day=date(2017, 1, 11))]
    assert groups_of(chain) == [[1, 2], [3]]


def test_two_events_of_one_document_stay_apart_and_keep_a_third_out_of_both() -> None:
    same_doc = [item(1, source_key="doc-x"), item(2, source_key="doc-x"), item(3)]
    assert groups_of(same_doc) == [[1, 3], [2]]


def test_existing_incidents_keep_their_ids_and_never_merge() -> None:
    items = [item(1), item(2), item(3)]
    groups = cluster(items, fixed={1: 10, 2: 20})
    assert [(g.incident_id, [m.event_id for m in g.members]) for g in groups] == [
        (10, [1, 3]),
        (20, [2]),
    ]


def test_kept_apart_pairs_are_respected() -> None:
    assert groups_of([item(1), item(2), item(3)], apart=[(1, 2)]) == [[1, 3], [2]]
