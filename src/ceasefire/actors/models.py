"""The schema of one actor data file under ``resources/actors/`` (see ``docs/actors.md``).

Only the loader imports this module, so ``import ceasefire.actors`` does not pay for pydantic.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ceasefire.actors.records import GenericKind, Kind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Side = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*$", max_length=40)]
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}-(\d{4})?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActorEntry(_Strict):
    """One actor as written in a data file."""

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    local_aliases: list[Text] = Field(default_factory=list)
    kind: Kind
    country: Text | None = None
    affiliation: Text | None = None
    side: Side | None = None
    inter: int | None = Field(default=None, ge=1, le=8)
    note: str | None = None
    source: str | None = None
    active_from: date | None = None
    active_until: date | None = None
    successor: Text | None = None


class CountryEntry(_Strict):
    """One row of the country table."""

    country: Text
    period: Period | None = None
    demonyms: list[Text] = Field(default_factory=list)
    the: bool = False
    military: Text | None = None
    police: Text | None = None
    government: Text | None = None


class ActorFile(_Strict):
    """A whole actor data file; every section is optional."""

    country: Text | None = None
    sides: dict[Side, str] = Field(default_factory=dict)
    countries: list[CountryEntry] = Field(default_factory=list)
    phrases: dict[GenericKind, list[Text]] = Field(default_factory=dict)
    actors: list[ActorEntry] = Field(default_factory=list)
