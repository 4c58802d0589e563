"""Small hand-made actor registry and gazetteer, and a coder built on them.

The real registry and gazetteer are tested in their own packages; here they are replaced by
fakes with just the entries our sentences name, so each test says exactly what it relies on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from ceasefire.coding.pipeline import Coder


@dataclass(frozen=True)
class FakeActor:
    name: str
    kind: str
    country: str
    inter: int | None
    aliases: tuple[str, ...] = ()


GENERIC = {
    "military": ("Military Forces of {c} (2000-)", "state_force", 1),
    "police": ("Police Forces of {c} (2000-)", "police", 1),
    "protesters": ("Protesters ({c})", "protesters", 6),
    "rioters": ("Rioters ({c})", "rioters", 5),
    "civilians": ("Civilians ({c})", "civilians", 7),
    "unidentified": ("Unidentified Armed Group ({c})", "unidentified", 3),
}


@dataclass
class FakeRegistry:
    actors: list[FakeActor] = field(
        default_factory=lambda: [
            FakeActor(
                "Military Forces of Syria (2000-)",
                "state_force",
                "Syria",
                1,
                ("regime forces", "Syrian regime", "Syrian army", "the government"),
            ),
            FakeActor(
                "Military Forces of Turkey (2016-)",
                "state_force",
                "Turkey",
                8,
                ("Turkish forces", "Turkish army"),
            ),
            FakeActor(
                "Military Forces of Russia (2000-)",
                "state_force",
                "Russia",
                8,
                ("Russian forces", "Russian military", "Russia"),
            ),
            FakeActor("Military Forces of Iran (1989-)", "state_force", "Iran", 8, ("Iran",)),
            FakeActor("Military Forces of Turkey (2016-)", "state_force", "Turkey", 8, ("Turkey",)),
            FakeActor("HTS: Hayat Tahrir al Sham", "jihadist_group", "Syria", 2, ("HTS",)),
            FakeActor("Shiite Muslim Militia (Syria)", "militia", "Syria", 4, ("Shia militias",)),
            FakeActor("QSD: Syrian Democratic Forces", "rebel_group", "Syria", 2, ("QSD", "SDF")),
        ]
    )

    def _by_alias(self) -> dict[str, FakeActor]:
        return {a.lower(): actor for actor in self.actors for a in (actor.name, *actor.aliases)}

    def resolve(self, mention: str, *, country: str | None = None) -> FakeActor | None:
        return self._by_alias().get(mention.lower().removeprefix("the ").strip()) or (
            self._by_alias().get(mention.lower().strip())
        )

    def generic(self, kind: str, *, country: str) -> FakeActor | None:
        if kind not in GENERIC:
            return None
        name, k, inter = GENERIC[kind]
        return FakeActor(name.format(c=country), k, country, inter)

    def patterns(self) -> list[tuple[str, str]]:
        return [(a, actor.name) for actor in self.actors for a in (actor.name, *actor.aliases)]

    def get(self, name: str, /) -> FakeActor | None:
        return next((a for a in self.actors if a.name == name), None)


@dataclass(frozen=True)
class FakePlace:
    id: str
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    feature: str = "town"
    population: int = 1000
    admin2: str = ""
    alt_names: tuple[str, ...] = ()
    geo_precision: int = 1
    country_code: str = ""


PLACES = [
    FakePlace("t:douma", "Douma", 33.5711, 36.4023, "Syria", "Rural Damascus", "city", 110000),
    FakePlace("t:damascus", "Damascus", 33.5102, 36.2913, "Syria", "Damascus", "city", 1700000),
    FakePlace("t:afrin", "Afrin", 36.5119, 36.8697, "Syria", "Aleppo", "city", 50000),
    FakePlace("t:kafrnabl", "Kafr Nabl", 35.6136, 36.5614, "Syria", "Idleb", "town", 20000),
    FakePlace(
        "t:wadibarada",
        "Wadi Barada",
        33.6370,
        36.1480,
        "Syria",
        "Rural Damascus",
        "valley",
        0,
        geo_precision=2,
    ),
    FakePlace("t:idleb", "Idleb", 35.9306, 36.6339, "Syria", "Idleb", "city", 160000),
    FakePlace("a:idleb", "Idleb", 35.8, 36.6, "Syria", "Idleb", "admin1", 0, geo_precision=3),
    FakePlace("a:aleppo", "Aleppo", 36.2, 37.1, "Syria", "Aleppo", "admin1", 0, geo_precision=3),
    FakePlace("t:aleppo", "Aleppo", 36.2021, 37.1343, "Syria", "Aleppo", "city", 2000000),
    FakePlace("t:astana", "Astana", 51.1801, 71.4460, "Kazakhstan", "Astana", "city", 1000000),
    FakePlace("t:moscow", "Moscow", 55.7522, 37.6156, "Russia", "Moscow", "city", 10000000),
    FakePlace("t:geneva", "Geneva", 46.2022, 6.1457, "Switzerland", "Geneva", "city", 180000),
    FakePlace("t:kabul", "Kabul", 34.5281, 69.1723, "Afghanistan", "Kabul", "city", 3000000),
]


class FakeGazetteer:
    def __init__(self, places: Iterable[FakePlace] = PLACES) -> None:
        self.places = list(places)

    def lookup(self, name: str, *, country: str | None = None) -> list[FakePlace]:
        return [
            p for p in self.places
            if p.name.lower() == name.lower() and p.feature != "admin1"
            and (country is None or p.country == country)
        ]  # fmt: skip

    def fuzzy(
        self, name: str, *, country: str, min_score: float = 88, limit: int = 5
    ) -> list[tuple[FakePlace, float]]:
        return []

    def best(
        self, name: str, *, country: str | None = None, near: Sequence[tuple[float, float]] = ()
    ) -> FakePlace | None:
        hits = self.lookup(name, country=country)
        return max(hits, key=lambda p: p.population) if hits else None

    def admin1(self, name: str, *, country: str | None = None) -> FakePlace | None:
        return next(
            (p for p in self.places if p.feature == "admin1" and p.name.lower() == name.lower()
             and (country is None or p.country == country)),
            None,
        )  # fmt: skip

    def surface_forms(self, *, countries: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        wanted = set(countries) if countries else None
        for p in self.places:
            if p.feature != "admin1" and (wanted is None or p.country in wanted):
                yield p.name, p.id

    def get(self, place_id: str, /) -> FakePlace | None:
        return next((p for p in self.places if p.id == place_id), None)

    def countries(self) -> list[str]:
        return sorted({p.country for p in self.places})


@pytest.fixture(scope="session")
def fake_registry() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture(scope="session")
def fake_gazetteer() -> FakeGazetteer:
    return FakeGazetteer()


@pytest.fixture(scope="session")
def coder(fake_registry: FakeRegistry, fake_gazetteer: FakeGazetteer) -> Coder:
    """The real pipeline and spaCy model over the fake registry and gazetteer (loaded once)."""
    return Coder(registry_override=fake_registry, gazetteer_override=fake_gazetteer)
