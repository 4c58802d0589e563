"""The Place record and the vocabulary of its ``feature`` and ``geo_precision`` fields."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FEATURES",
    "FEATURE_RANK",
    "PLACE_COLUMNS",
    "Place",
    "feature_for_population",
    "precision_for",
]

# feature -> (rank in lookups: lower first, ACLED geo_precision)
_FEATURES: dict[str, tuple[int, int]] = {
    "city": (0, 1),
    "town": (0, 1),
    "village": (0, 1),
    "district": (0, 1),  # a neighbourhood or quarter of a city (Jobar, Al-Waer)
    "site": (0, 1),  # airport, base, dam, oil field, camp, prison, crossing
    "region": (1, 2),  # Eastern Ghouta, Jabal al-Zawiya, Sahl al-Ghab
    "valley": (1, 2),  # Wadi Barada
    "admin2": (2, 2),  # district (mintaqa) of a province
    "admin1": (3, 3),  # province, governorate
}
FEATURES = tuple(_FEATURES)
FEATURE_RANK = {name: rank for name, (rank, _precision) in _FEATURES.items()}

# Columns of the generated places/XX.tsv.gz files (the country is the file name).
PLACE_COLUMNS = [
    "id",
    "name",
    "alt_names",
    "latitude",
    "longitude",
    "admin1",
    "admin2",
    "feature",
    "population",
    "geo_precision",
    "keys",
]


@dataclass(frozen=True)
class Place:
    """One gazetteer entry.

    ``id`` is ``gn:<GeoNames id>``, ``ucdp:<slug>`` (a UCDP GED location), ``adm1:<CC>.<code>``
    (a first-level administrative area) or ``cf:<slug>`` (curated or added by an analyst).
    ``country`` is ACLED's country name, ``admin1`` ACLED's spelling where known.
    ``geo_precision`` follows ACLED: 1 town/village/point, 2 part of a region or district,
    3 province.
    """

    id: str
    name: str
    alt_names: tuple[str, ...]
    latitude: float
    longitude: float
    country: str
    country_code: str
    admin1: str
    admin2: str
    feature: str
    population: int
    geo_precision: int

    @property
    def point(self) -> tuple[float, float]:
        """``(latitude, longitude)``."""
        return (self.latitude, self.longitude)

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the alternate names."""
        return (self.name, *self.alt_names)


def feature_for_population(population: int) -> str:
    """Feature of a GeoNames populated place by its size."""
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def precision_for(feature: str) -> int:
    """ACLED geo_precision of a place of this feature."""
    return _FEATURES[feature][1]
