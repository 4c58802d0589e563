"""Places: the gazetteer shipped in the package and place lookup.

>>> from ceasefire.places import default_gazetteer
>>> default_gazetteer().best("Deraa", country="Syria").admin1
"Dar'a"
"""

from ceasefire.places.gazetteer import (
    ENV_FILES,
    Gazetteer,
    default_gazetteer,
    haversine_km,
    load_gazetteer,
)
from ceasefire.places.names import normalise_place_name, simplify_place_name
from ceasefire.places.records import FEATURES, Place

__all__ = [
    "ENV_FILES",
    "FEATURES",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "haversine_km",
    "load_gazetteer",
    "normalise_place_name",
    "simplify_place_name",
]
