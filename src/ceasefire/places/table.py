"""One country's places and its index of normalised keys, filled on first use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from ceasefire.places.geo import haversine_km
from ceasefire.places.names import normalise_place_name, simplify_place_name
from ceasefire.places.records import Place

__all__ = ["CountryTable", "light_match"]


def light_match(place: Place, light: str) -> bool:
    return any(simplify_place_name(n) == light for n in place.names)


class CountryTable:
    """Rows of the generated file are parsed into Place records only when returned."""

    def __init__(self, code: str, name: str, neighbours: tuple[str, ...]) -> None:
        self.code = code
        self.name = name
        self.neighbours = neighbours
        self._rows: list[str | Place] = []
        self._keys: dict[str, list[int]] = {}
        self._ids: dict[str, int] | None = None
        self._key_list: list[str] | None = None
        self._admin1: list[Place] = []

    @property
    def key_list(self) -> list[str]:
        if self._key_list is None:
            self._key_list = list(self._keys)
        return self._key_list

    def add_line(self, line: str, *, admin1: bool = False) -> None:
        index = len(self._rows)
        self._rows.append(line)
        for key in line.rsplit("\t", 1)[1].split("|"):
            if key:
                self._keys.setdefault(key, []).append(index)
        if admin1:
            self._admin1.append(self.place(index))

    def add_place(self, place: Place) -> None:
        index = len(self._rows)
        self._rows.append(place)
        self._index(place.names, index)
        if place.feature == "admin1":
            self._admin1.append(place)
        self._ids = None

    def _index(self, names: Iterable[str], index: int) -> None:
        for name in names:
            key = normalise_place_name(name)
            if key and index not in self._keys.setdefault(key, []):
                self._keys[key].append(index)
        self._key_list = None

    def place(self, index: int) -> Place:
        row = self._rows[index]
        if isinstance(row, Place):
            return row
        c = row.split("\t")
        place = Place(
            id=c[0],
            name=c[1],
            alt_names=tuple(a for a in c[2].split("|") if a),
            latitude=float(c[3]),
            longitude=float(c[4]),
            country=self.name,
            country_code=self.code,
            admin1=c[5],
            admin2=c[6],
            feature=c[7],
            population=int(c[8]),
            geo_precision=int(c[9]),
        )
        self._rows[index] = place
        return place

    def places_for_key(self, key: str) -> list[Place]:
        return [self.place(i) for i in self._keys.get(key, ())]

    def index_of(self, place_id: str) -> int | None:
        if self._ids is None:
            self._ids = {}
            for i, row in enumerate(self._rows):
                rid = row.id if isinstance(row, Place) else row.split("\t", 1)[0]
                self._ids.setdefault(rid, i)
        return self._ids.get(place_id)

    def add_names(self, index: int, names: Sequence[str]) -> None:
        place = self.place(index)
        known = {simplify_place_name(n) for n in place.names}
        extra = tuple(n for n in names if simplify_place_name(n) not in known)
        self._rows[index] = replace(place, alt_names=place.alt_names + extra)
        self._index(names, index)

    def all_places(self) -> Iterator[Place]:
        for i in range(len(self._rows)):
            yield self.place(i)

    def admin1_places(self) -> list[Place]:
        return self._admin1

    def nearest(self, point: tuple[float, float]) -> Place | None:
        best: tuple[float, Place] | None = None
        for place in self.all_places():
            if place.feature in ("admin1", "admin2", "region", "valley") or not place.admin1:
                continue
            d = haversine_km(point, place.point)
            if best is None or d < best[0]:
                best = (d, place)
        return best[1] if best else None
