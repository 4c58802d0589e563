"""Actor records: what the rest of ceasefire sees of an actor, and the country table's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

Kind = Literal[
    "state_force",
    "police",
    "rebel_group",
    "militia",
    "jihadist_group",
    "external_state",
    "civilians",
    "protesters",
    "rioters",
    "international_body",
    "political_group",
    "unidentified",
    "other",
]
KINDS: tuple[str, ...] = get_args(Kind)

GenericKind = Literal[
    "military", "police", "government", "protesters", "rioters", "civilians", "unidentified"
]
GENERIC_KINDS: tuple[str, ...] = get_args(GenericKind)

# ACLED inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces. A file may override per actor.
DEFAULT_INTER: dict[str, int] = {
    "state_force": 1,
    "police": 1,
    "rebel_group": 2,
    "jihadist_group": 2,
    "militia": 3,
    "unidentified": 3,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external_state": 8,
    "international_body": 8,
}
STATE_KINDS = frozenset({"state_force", "police"})
INTERNATIONAL = "International"


@dataclass(frozen=True)
class Actor:
    """One actor under its ACLED-style canonical name."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    affiliation: str | None
    side: str | None
    inter: int | None
    active_from: date | None = None
    """First day the group bore this name (a renamed group: see ``successor``)."""
    active_until: date | None = None
    """First day it no longer did: from then on it is ``successor``."""
    successor: str | None = None
    """Canonical name the group took on ``active_until`` (Jabhat al Nusra -> JFS -> HTS)."""

    def inter_in(self, country: str) -> int | None:
        """ACLED inter code of this actor in an event in ``country``.

        ACLED codes state forces acting outside their own country as external forces (8).
        """
        if self.kind in STATE_KINDS and self.country.casefold() != country.casefold():
            return 8
        return self.inter


@dataclass(frozen=True)
class CountrySpec:
    """A country of the generic table: its ACLED name, current regime period and demonyms."""

    country: str
    period: str | None = None
    demonyms: tuple[str, ...] = ()
    the: bool = False
    military: str | None = None
    police: str | None = None
    government: str | None = None

    @property
    def in_name(self) -> str:
        """The country as written in "Military Forces of ...", with "the" where ACLED has it."""
        return f"the {self.country}" if self.the else self.country


@dataclass(frozen=True)
class ActorTables:
    """Everything the data files declare, checked and ready to index."""

    actors: tuple[Actor, ...]
    countries: tuple[CountrySpec, ...]
    phrases: dict[str, tuple[str, ...]]
    sides: dict[str, str]
    local: frozenset[tuple[str, str]] = frozenset()
    """(actor name, normalised alias) of aliases that hold only in reports about its country."""
