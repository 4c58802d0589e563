"""How agreement files compare names: actors, places and organisations.

Names are folded (Unicode NFKC, case, curly apostrophes, runs of spaces) before comparing;
place names also treat hyphens as spaces. ACLED sub-units belong to their force.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


def normalise_name(name: str) -> str:
    """Fold a name for comparison: Unicode NFKC, case, apostrophes, runs of spaces."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = re.sub(r"[\u2018\u2019\u02bc\u02bb`\u00b4]", "'", folded)
    return " ".join(folded.split())


def normalise_place(name: str) -> str:
    """Like :func:`normalise_name`, and hyphens count as spaces ("Deir-ez-Zor")."""
    return normalise_name(name.replace("-", " "))


def index_of(names: list[str], normalise: Callable[[str], str] = normalise_name) -> set[str]:
    """The folded forms of ``names``."""
    return {normalise(n) for n in names}


def lookup_actor(index: Mapping[str, T], actor: str) -> T | None:
    """Exact match, else the longest listed name that ``actor`` extends by whole words.

    ACLED names sub-units after their force, e.g. "Military Forces of Syria (2000-) Prison
    Guards" belongs to "Military Forces of Syria (2000-)".
    """
    key = normalise_name(actor)
    while key:
        if key in index:
            return index[key]
        cut = key.rfind(" ")
        if cut <= 0:
            return None
        key = key[:cut]
    return None
