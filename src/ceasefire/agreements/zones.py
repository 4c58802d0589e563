"""Finding the zone of a place quickly: the lookup behind ``Agreement.zone_of``.

Events are placed one by one (fusion, reports, the dashboard), so the lookup is asked the same
questions many times. The index folds every zone's admin names once, skips a polygon whose
bounding box does not hold the point, and remembers recent answers (a bounded memo: a run over
a million distinct points keeps at most ``MEMO_SIZE`` of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ceasefire.agreements.names import normalise_place

if TYPE_CHECKING:
    from ceasefire.agreements.schema import Zone

#: Answers remembered per agreement; the memo is emptied when full (cheap, and the answers are
#: a pure function of the agreement, so forgetting one only costs a recomputation).
MEMO_SIZE = 65_536

Key = tuple[str | None, str | None, float | None, float | None]


class ZoneIndex:
    """The zones of one agreement, ready for :meth:`zone_of`."""

    def __init__(self, zones: Sequence[Zone]) -> None:
        self._polygons = [(z, z.polygon.bounds(), z.polygon) for z in zones if z.polygon]
        self._by_level: list[dict[str, Zone]] = []
        for level in ("admin2", "admin1"):
            names: dict[str, Zone] = {}
            for zone in zones:
                for name in getattr(zone, level):
                    names.setdefault(normalise_place(name), zone)  # first zone in the file wins
            self._by_level.append(names)
        self._memo: dict[Key, Zone | None] = {}

    def zone_of(
        self, admin1: str | None, admin2: str | None, lat: float | None, lon: float | None
    ) -> Zone | None:
        """The most specific zone holding the place: polygon, then admin2, then admin1."""
        key = (admin1, admin2, lat, lon)
        try:
            return self._memo[key]
        except KeyError:
            pass
        found = self._find(admin1, admin2, lat, lon)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = found
        return found

    def _find(
        self, admin1: str | None, admin2: str | None, lat: float | None, lon: float | None
    ) -> Zone | None:
        if lat is not None and lon is not None:
            for zone, (west, south, east, north), polygon in self._polygons:
                if west <= lon <= east and south <= lat <= north and polygon.contains(lon, lat):
                    return zone
        for name, names in ((admin2, self._by_level[0]), (admin1, self._by_level[1])):
            if name and (named := names.get(normalise_place(name))) is not None:
                return named
        return None
