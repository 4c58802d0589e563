"""Curated and analyst place files: YAML with a schema and line-numbered errors.

A file has two optional lists. ``places`` adds places (a neighbourhood, a valley, a village
GeoNames lacks); ``aliases`` adds spellings to a place already in the gazetteer::

    places:
      - id: cf:wadi-barada
        name: Wadi Barada
        alt_names: [Barada Valley, Wadi Barada valley]
        latitude: 33.62
        longitude: 36.16
        country: Syria
        admin1: Rural Damascus
        feature: valley
    aliases:
      - place: gn:170654
        country: Syria
        names: [Dimashq, Damas]

See docs/gazetteer.md for every field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ceasefire.errors import InputError
from ceasefire.places.names import simplify_place_name
from ceasefire.places.records import FEATURES, Place, precision_for
from ceasefire.yamlfile import YamlDocument, read_yaml, validation_error

__all__ = ["PlaceAlias", "PlaceFile", "read_place_file"]

RESERVED_PREFIXES = ("gn:", "ucdp:", "adm1:")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _PlaceModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: NonEmpty | None = None
    name: NonEmpty
    alt_names: list[NonEmpty] = Field(default_factory=list)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    country: NonEmpty
    admin1: str = ""
    admin2: str = ""
    feature: str = "village"
    population: int = Field(default=0, ge=0)
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    note: str = ""


class _AliasModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    place: NonEmpty
    country: NonEmpty
    names: list[NonEmpty] = Field(min_length=1)
    note: str = ""


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    places: list[_PlaceModel] = Field(default_factory=list)
    aliases: list[_AliasModel] = Field(default_factory=list)


@dataclass(frozen=True)
class PlaceAlias:
    """More names for a place already in the gazetteer."""

    place_id: str
    country_code: str
    names: tuple[str, ...]
    source: str
    line: int | None


@dataclass(frozen=True)
class PlaceFile:
    """The places and aliases of one file, validated."""

    source: str
    places: tuple[Place, ...]
    aliases: tuple[PlaceAlias, ...]


def _error(doc: YamlDocument, path: tuple[str | int, ...], message: str, hint: str) -> InputError:
    field = ".".join(str(p) for p in path)
    return InputError(message, source=doc.source, line=doc.line_of(path), field=field, hint=hint)


def read_place_file(
    path: Path,
    *,
    country_code_of: Callable[[str], str | None],
    country_name_of: Callable[[str], str | None],
    seen_ids: dict[str, str] | None = None,
) -> PlaceFile:
    """Read and validate a curated/analyst place file.

    ``country_code_of`` resolves a country name or code to ISO2 (None when unknown);
    ``seen_ids`` maps ids already taken (by earlier files) to where they were defined and
    is updated with this file's ids.
    """
    doc = read_yaml(path)
    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise InputError(
            "a place file is a mapping with 'places' and/or 'aliases' lists",
            source=doc.source,
            line=1,
            hint="Start the file with 'places:' followed by '- name: ...' items.",
        )
    try:
        model = _FileModel.model_validate(data)
    except ValidationError as exc:
        raise validation_error(doc, exc, what="place file") from exc
    seen = seen_ids if seen_ids is not None else {}
    places = [
        _place(doc, i, item, country_code_of, country_name_of, seen)
        for i, item in enumerate(model.places)
    ]
    aliases = []
    for i, alias in enumerate(model.aliases):
        code = country_code_of(alias.country)
        if code is None:
            raise _unknown_country(doc, ("aliases", i, "country"), alias.country)
        aliases.append(
            PlaceAlias(
                place_id=alias.place,
                country_code=code,
                names=tuple(alias.names),
                source=doc.source,
                line=doc.line_of(("aliases", i, "place")),
            )
        )
    return PlaceFile(source=doc.source, places=tuple(places), aliases=tuple(aliases))


def _unknown_country(doc: YamlDocument, path: tuple[str | int, ...], value: str) -> InputError:
    return _error(
        doc,
        path,
        f"unknown country '{value}'",
        "Use ACLED's country name (e.g. 'Syria', 'Democratic Republic of Congo') "
        "or the ISO 3166 two-letter code.",
    )


def _place(
    doc: YamlDocument,
    index: int,
    item: _PlaceModel,
    country_code_of: Callable[[str], str | None],
    country_name_of: Callable[[str], str | None],
    seen: dict[str, str],
) -> Place:
    where: tuple[str | int, ...] = ("places", index)
    code = country_code_of(item.country)
    if code is None:
        raise _unknown_country(doc, (*where, "country"), item.country)
    if item.feature not in FEATURES:
        raise _error(
            doc,
            (*where, "feature"),
            f"unknown feature '{item.feature}'",
            f"Use one of: {', '.join(FEATURES)}.",
        )
    place_id = item.id or "cf:" + simplify_place_name(item.name).replace(" ", "-")
    if place_id.startswith(RESERVED_PREFIXES):
        raise _error(
            doc,
            (*where, "id"),
            f"id '{place_id}' uses a prefix reserved for generated places",
            "Curated ids start with 'cf:'; to add names to a GeoNames place use 'aliases'.",
        )
    here = f"{doc.source}:{doc.line_of(where)}"
    if place_id in seen:
        raise _error(
            doc,
            (*where, "id") if item.id else (*where, "name"),
            f"duplicate id '{place_id}' (first defined at {seen[place_id]})",
            "Give each place its own 'id'.",
        )
    seen[place_id] = here
    alts: list[str] = []
    keys = {simplify_place_name(item.name)}
    for alt in item.alt_names:
        key = simplify_place_name(alt)
        if key not in keys:
            keys.add(key)
            alts.append(alt)
    return Place(
        id=place_id,
        name=item.name,
        alt_names=tuple(alts),
        latitude=item.latitude,
        longitude=item.longitude,
        country=country_name_of(code) or item.country,
        country_code=code,
        admin1=item.admin1.strip(),
        admin2=item.admin2.strip(),
        feature=item.feature,
        population=item.population,
        geo_precision=item.geo_precision or precision_for(item.feature),
    )


def merge_files(files: Sequence[PlaceFile]) -> tuple[list[Place], list[PlaceAlias]]:
    """All places and aliases of several files, in file order."""
    places = [p for f in files for p in f.places]
    aliases = [a for f in files for a in f.aliases]
    return places, aliases
