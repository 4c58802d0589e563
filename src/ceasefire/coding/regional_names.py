"""ACLED's regional actor names: an actor named after the operation it fights under in one area
from one day ("Operation Peace Spring" for the Turkish-backed factions in north-east Syria
from 9 October 2019), read from ``resources/coding/regional_names.yaml``."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ceasefire.places.names import normalise_place_name
from ceasefire.yamlfile import parse_yaml, validation_error


class RegionalName(BaseModel):
    """One entry of the file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(min_length=1)
    actors: tuple[str, ...] = Field(min_length=1)
    country: str = Field(min_length=1)
    admin1: tuple[str, ...] = Field(min_length=1)
    start: date = Field(alias="from")
    until: date | None = None
    source: str = Field(min_length=1)

    def applies(self, actor: str, country: str, admin1: str, day: date | None) -> bool:
        """True when ``actor`` in ``admin1`` of ``country`` on ``day`` takes this name."""
        return (
            day is not None
            and actor in self.actors
            and country == self.country
            and normalise_place_name(admin1) in {normalise_place_name(a) for a in self.admin1}
            and self.start <= day
            and (self.until is None or day < self.until)
        )


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    regional_names: tuple[RegionalName, ...] = ()


def parse_regional_names(text: str, *, source: str) -> tuple[RegionalName, ...]:
    """The entries of a regional-names file (an InputError naming the line when invalid)."""
    doc = parse_yaml(text, source=source)
    try:
        return _File.model_validate(doc.data or {}).regional_names
    except ValidationError as exc:
        raise validation_error(doc, exc, what="regional name") from exc


@cache
def regional_names() -> tuple[RegionalName, ...]:
    """The packaged entries (read once)."""
    path = resources.files("ceasefire").joinpath("resources/coding/regional_names.yaml")
    return parse_regional_names(path.read_text(encoding="utf-8"), source=str(path))


def regional_name(actor: str, country: str, admin1: str, day: date | None) -> str | None:
    """The name ACLED gives ``actor`` in ``admin1`` of ``country`` on ``day``, if any."""
    for entry in regional_names():
        if entry.applies(actor, country, admin1, day):
            return entry.name
    return None
