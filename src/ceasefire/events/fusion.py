"""Fusion: which events describe the same real-world happening. Pure functions, no store.

Two events are *compatible* (may be one incident) when every rule below holds; the first
rule that fails is the reason they are kept apart (``mismatch``):

==========  ==================================================================================
modality    both observed, or both allegations (``alleged``/``denied``): an allegation never
            merges into an observed event
source      not two events coded from the same document (structured rows count one each)
dataset     not two rows of one structured dataset (``DISTINCT_ROW_DATASETS``: ACLED, UCDP GED)
            with different event ids: each such row is a happening the dataset coded apart
days        event dates at most ``MAX_DAY_GAP`` (1) day apart
agreement   the same *period* under every stored agreement (``periods.day_periods``): never
            across an agreement's start or end or a guarantor's joining date
country     the same country, when both name one
place       with coordinates: at most ``NEAR_KM`` (2 km) apart, or at most ``MAX_DISTANCE_KM``
            (10 km) when both name the same location or either is located only to its
            district or province (geo precision 2-3); without: the same location name (and
            admin1, when both give it). Different named places 2-10 km apart are different
            villages or neighbourhoods: merging them was the main source of false merges on
            real data (``bench/fusion_eval.py``)
type        the same event type, or a pair in ``COMPATIBLE_TYPES`` (Battles ~ Explosions/Remote
            violence); an empty type contradicts nothing
actors      the known sides (registry side of actor1 and actor2; ``unknown`` and ``civilian``
            are not sides) do not contradict: when both events know two sides they are the
            same two; when both know at least one, they share one
==========  ==================================================================================

Clustering is union-find over compatible pairs, taken in a fixed order (smaller day gap, then
shorter distance, then the events' content hashes), with *complete linkage*: two groups join
only if every cross pair is compatible and no monitor asked to keep any cross pair apart. So
no chain of near neighbours drags distant events together, and the result depends on the
events, not on the order they were stored in. Groups that are already incidents (``fixed``)
never join each other: a re-run only places new events, and incident ids stay stable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

RULE = "rule:fusion/2"
MAX_DAY_GAP = 1
MAX_DISTANCE_KM = 10.0
NEAR_KM = 2.0
COMPATIBLE_TYPES = frozenset({frozenset({"Battles", "Explosions/Remote violence"})})
NOT_SIDES = frozenset({"", "unknown", "civilian"})
#: Structured datasets whose rows are each a distinct happening: ACLED codes one row per event
#: (its own duplicates merged), UCDP GED one row per event of one dyad on one day. Rows of one
#: of these with different ids are never fused; a dataset whose rows may repeat one happening
#: (one row per report) would not be listed here.
DISTINCT_ROW_DATASETS = frozenset({"acled", "ucdp"})
_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class FusionItem:
    """What fusion needs to know of one event. ``key`` (its content hash) orders ties."""

    event_id: int
    key: str
    day: date
    source_key: str
    allegation: bool = False
    event_type: str = ""
    country: str = ""
    admin1: str = ""
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    sides: frozenset[str] = frozenset()
    geo_precision: int | None = None
    dataset: str = ""
    dataset_id: str = ""
    period: tuple[object, ...] = ()

    @property
    def order(self) -> tuple[date, str]:
        return (self.day, self.key)


@dataclass(frozen=True)
class Group:
    """A fused group: the incident it already is (``incident_id``) or None, and its events."""

    incident_id: int | None
    members: tuple[FusionItem, ...]


def distance_km(a: FusionItem, b: FusionItem) -> float | None:
    """Great-circle distance between two located events, else None."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def types_compatible(a: str, b: str) -> bool:
    return not a or not b or a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def sides_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    a, b = a - NOT_SIDES, b - NOT_SIDES
    if len(a) >= 2 and len(b) >= 2:
        return a == b
    return not a or not b or bool(a & b)


def mismatch(a: FusionItem, b: FusionItem) -> str | None:
    """The first fusion rule two events fail (see the module table), or None if compatible."""
    if a.allegation != b.allegation:
        return "modality"
    if a.source_key == b.source_key:
        return "source"
    if a.dataset and a.dataset == b.dataset and a.dataset_id != b.dataset_id:
        return "dataset"
    if abs((a.day - b.day).days) > MAX_DAY_GAP:
        return "days"
    if a.period != b.period:
        return "agreement"
    if a.country and b.country and a.country != b.country:
        return "country"
    km = distance_km(a, b)
    if km is not None:
        same_name = bool(a.location) and a.location == b.location
        coarse = (a.geo_precision or 1) > 1 or (b.geo_precision or 1) > 1
        if km > (MAX_DISTANCE_KM if same_name or coarse else NEAR_KM):
            return "place"
    elif not (a.location and a.location == b.location) or (
        a.admin1 and b.admin1 and a.admin1 != b.admin1
    ):
        return "place"
    if not types_compatible(a.event_type, b.event_type):
        return "type"
    if not sides_compatible(a.sides, b.sides):
        return "actors"
    return None


def candidate_pairs(items: Iterable[FusionItem]) -> list[tuple[FusionItem, FusionItem]]:
    """Compatible pairs in merge order: day gap, distance, then content hashes."""
    by_day: dict[date, list[FusionItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i.order):
        by_day[item.day].append(item)
    scored: list[tuple[int, float, str, str, FusionItem, FusionItem]] = []
    for day, todays in by_day.items():
        for gap in range(MAX_DAY_GAP + 1):
            others = by_day.get(day + timedelta(days=gap), [])
            for i, a in enumerate(todays):
                for b in others[i + 1 :] if gap == 0 else others:
                    if mismatch(a, b) is None:
                        km = distance_km(a, b)
                        scored.append((gap, km if km is not None else 0.0, a.key, b.key, a, b))
    scored.sort(key=lambda s: s[:4])
    return [(s[4], s[5]) for s in scored]


def cluster(
    items: Iterable[FusionItem],
    *,
    fixed: Mapping[int, int] | None = None,
    apart: Iterable[tuple[int, int]] = (),
) -> list[Group]:
    """Group ``items`` into incidents.

    ``fixed`` maps event ids already in an incident to that incident's id; ``apart`` lists
    event-id pairs a monitor kept apart. Returns groups ordered by their first event.
    """
    items = sorted(items, key=lambda i: i.order)
    fixed = fixed or {}
    kept_apart = {frozenset(p) for p in apart}
    root: dict[int, int] = {i.event_id: i.event_id for i in items}
    members: dict[int, list[FusionItem]] = {i.event_id: [i] for i in items}
    incident: dict[int, int | None] = {i.event_id: None for i in items}
    by_incident: dict[int, int] = {}
    for item in items:
        inc = fixed.get(item.event_id)
        if inc is None:
            continue
        if inc in by_incident:
            _join(by_incident[inc], item.event_id, root, members)
        else:
            by_incident[inc] = item.event_id
        incident[by_incident[inc]] = inc

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for a, b in candidate_pairs(items):
        ra, rb = find(a.event_id), find(b.event_id)
        if ra == rb or (incident[ra] is not None and incident[rb] is not None):
            continue
        if all(
            mismatch(x, y) is None and frozenset((x.event_id, y.event_id)) not in kept_apart
            for x in members[ra]
            for y in members[rb]
        ):
            keep, drop = (ra, rb) if incident[rb] is None else (rb, ra)
            _join(keep, drop, root, members)
    groups = [
        Group(incident[r], tuple(sorted(members[r], key=lambda i: i.order)))
        for r in {find(i.event_id) for i in items}
    ]
    return sorted(groups, key=lambda g: g.members[0].order)


def _join(keep: int, drop: int, root: dict[int, int], members: dict[int, list[FusionItem]]) -> None:
    root[drop] = keep
    members[keep].extend(members.pop(drop))
