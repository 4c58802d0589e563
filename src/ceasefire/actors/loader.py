"""Read actor data files and check them as a whole: each error names file, line and field.

A file is checked against the schema first (``models.ActorFile``), then all files together:
no canonical name twice, no alias claimed by two actors of one country, no affiliation to an
actor nobody declared, no side that no file declares, no country or demonym listed twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from pydantic import ValidationError

from ceasefire.actors.models import ActorEntry, ActorFile
from ceasefire.actors.names import parse_name
from ceasefire.actors.normalise import fold, normalise
from ceasefire.actors.records import (
    DEFAULT_INTER,
    GENERIC_KINDS,
    Actor,
    ActorTables,
    CountrySpec,
)
from ceasefire.errors import InputError
from ceasefire.yamlfile import YamlDocument, parse_yaml, read_yaml, validation_error

# Files load in this order (then any other *.yaml alphabetically). Order matters once: a mention
# shared by actors of several countries, resolved without a country, goes to the first loaded.
PACKAGE_ORDER = ("countries.yaml", "syria.yaml", "region.yaml", "world.yaml")

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class _Where:
    doc: YamlDocument
    path: KeyPath

    @property
    def line(self) -> int | None:
        return self.doc.line_of(self.path)

    def __str__(self) -> str:
        return f"{self.doc.source}:{self.line}" if self.line else self.doc.source

    def error(
        self, message: str, *, field: str | None = None, hint: str | None = None
    ) -> InputError:
        return InputError(message, source=self.doc.source, line=self.line, field=field, hint=hint)


def package_documents() -> list[YamlDocument]:
    """The actor files shipped in the package, parsed, in load order."""
    folder = files("ceasefire") / "resources" / "actors"
    names = [e.name for e in folder.iterdir() if e.name.endswith(".yaml")]
    rank = {name: i for i, name in enumerate(PACKAGE_ORDER)}
    names.sort(key=lambda n: (rank.get(n, len(rank)), n))
    return [
        parse_yaml(
            (folder / n).read_text(encoding="utf-8"),
            source=f"ceasefire/resources/actors/{n}",
        )
        for n in names
    ]


def read_documents(paths: Iterable[Path]) -> list[YamlDocument]:
    """Analyst files, parsed (syntax errors and YAML aliases are refused with their line)."""
    return [read_yaml(p) for p in paths]


def _parse(doc: YamlDocument) -> ActorFile:
    if doc.data is None:
        return ActorFile()
    if not isinstance(doc.data, dict):
        raise InputError(
            "an actor file must be a mapping with an 'actors' list",
            source=doc.source,
            line=doc.line_of(()),
            hint="Start the file with 'actors:' (see docs/actors.md).",
        )
    try:
        return ActorFile.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(doc, exc, what="actor") from exc


def load_tables(docs: Sequence[YamlDocument]) -> ActorTables:
    """Validate ``docs`` together and turn them into tables; the first problem is raised."""
    parsed = [(doc, _parse(doc)) for doc in docs]
    countries = _countries(parsed)
    phrases = _phrases(parsed)
    sides = {side: text for _, f in parsed for side, text in f.sides.items()}
    placed = [
        (entry, f.country, _Where(doc, ("actors", i)))
        for doc, f in parsed
        for i, entry in enumerate(f.actors)
    ]
    names = _check_names(placed)
    actors = [_build(entry, default, where, sides) for entry, default, where in placed]
    _check_aliases(actors, placed, names)
    _check_affiliations(actors, placed, names, countries)
    _check_successors(actors, placed)
    local = frozenset(
        (actor.name, normalise(alias))
        for actor, (entry, _, _) in zip(actors, placed, strict=True)
        for alias in entry.local_aliases
    )
    return ActorTables(tuple(actors), tuple(countries), phrases, sides, local)


def _countries(parsed: list[tuple[YamlDocument, ActorFile]]) -> list[CountrySpec]:
    seen: dict[str, _Where] = {}
    demonyms: dict[str, _Where] = {}
    out: list[CountrySpec] = []
    for doc, f in parsed:
        for i, row in enumerate(f.countries):
            where = _Where(doc, ("countries", i, "country"))
            key = row.country.casefold()
            if key in seen:
                raise where.error(
                    f"country '{row.country}' is already listed at {seen[key]}", field="country"
                )
            seen[key] = where
            for j, demonym in enumerate(row.demonyms):
                d_where = _Where(doc, ("countries", i, "demonyms", j))
                d_key = normalise(demonym)
                if d_key in demonyms:
                    raise d_where.error(
                        f"demonym '{demonym}' is already listed at {demonyms[d_key]}",
                        field="demonyms",
                    )
                demonyms[d_key] = d_where
            out.append(
                CountrySpec(
                    country=row.country,
                    period=row.period,
                    demonyms=tuple(row.demonyms),
                    the=row.the,
                    military=row.military,
                    police=row.police,
                    government=row.government,
                )
            )
    return out


def _phrases(parsed: list[tuple[YamlDocument, ActorFile]]) -> dict[str, tuple[str, ...]]:
    owner: dict[str, tuple[str, _Where]] = {}
    out: dict[str, list[str]] = {kind: [] for kind in GENERIC_KINDS}
    for doc, f in parsed:
        for kind, items in f.phrases.items():
            for j, phrase in enumerate(items):
                where = _Where(doc, ("phrases", kind, j))
                key = normalise(phrase)
                if key in owner:
                    first_kind, first = owner[key]
                    if first_kind != kind:
                        raise where.error(
                            f"phrase '{phrase}' is listed under both '{first_kind}' ({first}) "
                            f"and '{kind}'",
                            field=f"phrases.{kind}",
                            hint="A generic phrase must name one kind of actor; keep one.",
                        )
                    continue
                owner[key] = (kind, where)
                out[kind].append(phrase)
    return {kind: tuple(items) for kind, items in out.items()}


def _check_names(placed: list[tuple[ActorEntry, str | None, _Where]]) -> dict[str, int]:
    """Index of normalised canonical name -> position in ``placed``; duplicates are errors."""
    index: dict[str, int] = {}
    for n, (entry, _, where) in enumerate(placed):
        key = normalise(entry.name)
        if not key:
            raise _at(where, "name").error("actor name has no letters or digits", field="name")
        if key in index:
            first = placed[index[key]]
            raise _at(where, "name").error(
                f"actor '{entry.name}' is declared twice: first as '{first[0].name}' at "
                f"{_at(first[2], 'name')}",
                field="name",
                hint="Keep one entry and move the aliases of the other into it.",
            )
        index[key] = n
    return index


def _at(where: _Where, *path: str | int) -> _Where:
    return _Where(where.doc, where.path + path)


def _build(entry: ActorEntry, default: str | None, where: _Where, sides: dict[str, str]) -> Actor:
    country = entry.country or default
    if country is None:
        raise _at(where, "name").error(
            f"actor '{entry.name}' has no country",
            field="country",
            hint="Give the actor 'country:' or set 'country:' at the top of the file.",
        )
    if entry.side is not None and sides and entry.side not in sides:
        raise _at(where, "side").error(
            f"unknown side '{entry.side}'",
            field="side",
            hint=f"Known sides: {', '.join(sorted(sides))}; or declare it under 'sides:'.",
        )
    aliases = tuple(dict.fromkeys(fold(a) for a in (*entry.aliases, *entry.local_aliases)))
    inter = entry.inter if entry.inter is not None else DEFAULT_INTER.get(entry.kind)
    return Actor(
        name=fold(entry.name),
        aliases=aliases,
        kind=entry.kind,
        country=fold(country),
        affiliation=fold(entry.affiliation) if entry.affiliation else None,
        side=entry.side,
        inter=inter,
        active_from=entry.active_from,
        active_until=entry.active_until,
        successor=fold(entry.successor) if entry.successor else None,
    )


def _check_aliases(
    actors: list[Actor],
    placed: list[tuple[ActorEntry, str | None, _Where]],
    names: dict[str, int],
) -> None:
    claimed: dict[tuple[str, str], tuple[int, _Where]] = {}
    for n, (actor, (entry, _, where)) in enumerate(zip(actors, placed, strict=True)):
        own = normalise(actor.name)
        written = [("aliases", j, a) for j, a in enumerate(entry.aliases)]
        written += [("local_aliases", j, a) for j, a in enumerate(entry.local_aliases)]
        for section, j, alias in written:
            a_where = _at(where, section, j)
            key = normalise(alias)
            if not key:
                raise a_where.error(f"alias '{alias}' has no letters or digits", field=section)
            if key == own:
                continue
            if key in names and names[key] != n:
                other = placed[names[key]]
                raise a_where.error(
                    f"alias '{alias}' of '{actor.name}' is the name of actor "
                    f"'{other[0].name}' ({_at(other[2], 'name')})",
                    field=section,
                    hint="Remove the alias; the canonical name already resolves.",
                )
            slot = (actor.country.casefold(), key)
            first = claimed.get(slot)
            if first is not None and first[0] != n:
                raise a_where.error(
                    f"alias '{alias}' is claimed by two actors of {actor.country}: "
                    f"'{actors[first[0]].name}' ({first[1]}) and '{actor.name}' ({a_where})",
                    field=section,
                    hint="An alias must point at one actor per country; keep it on one of them.",
                )
            claimed.setdefault(slot, (n, a_where))


def _check_affiliations(
    actors: list[Actor],
    placed: list[tuple[ActorEntry, str | None, _Where]],
    names: dict[str, int],
    countries: list[CountrySpec],
) -> None:
    by_name = {a.name: a for a in actors}
    table = {spec.country.casefold(): spec for spec in countries}
    for actor, (_, _, where) in zip(actors, placed, strict=True):
        target = actor.affiliation
        if target is None or target in by_name:
            continue
        parts = parse_name(target, table)
        if parts is not None and parts.name == target:
            continue
        close = names.get(normalise(target))
        hint = (
            f"Did you mean '{actors[close].name}'?"
            if close is not None
            else "Use the canonical name of an actor declared in some actor file."
        )
        raise _at(where, "affiliation").error(
            f"affiliation '{target}' of '{actor.name}' is not a known actor",
            field="affiliation",
            hint=hint,
        )
    _check_no_circle(
        actors, placed, "affiliation", "affiliations",
        hint="An actor cannot be affiliated, directly or not, with itself.",
    )  # fmt: skip


def _check_successors(
    actors: list[Actor], placed: list[tuple[ActorEntry, str | None, _Where]]
) -> None:
    """A renamed group names a declared successor, with a date, that it hands over to once."""
    by_name = {a.name: a for a in actors}
    taken: dict[str, str] = {}
    for actor, (_, _, where) in zip(actors, placed, strict=True):
        if actor.active_from and actor.active_until and actor.active_until <= actor.active_from:
            raise _at(where, "active_until").error(
                f"'{actor.name}' stops bearing its name ({actor.active_until}) before it starts "
                f"({actor.active_from})",
                field="active_until",
                hint="active_until is the first day of the successor name; make it later.",
            )
        if actor.successor is None:
            continue
        target = by_name.get(actor.successor)
        if target is None or target is actor:
            raise _at(where, "successor").error(
                f"successor '{actor.successor}' of '{actor.name}' is not another declared actor",
                field="successor",
                hint="Use the canonical name of the actor the group became.",
            )
        if actor.active_until is None:
            raise _at(where, "successor").error(
                f"'{actor.name}' names a successor but not the day it took the new name",
                field="active_until",
                hint="Add active_until: YYYY-MM-DD (the first day of the new name).",
            )
        if actor.successor in taken:
            raise _at(where, "successor").error(
                f"'{actor.successor}' is already the successor of '{taken[actor.successor]}'",
                field="successor",
                hint="A group has one former name per period; chain the names instead.",
            )
        taken[actor.successor] = actor.name
    _check_no_circle(actors, placed, "successor", "successors")


def _check_no_circle(
    actors: list[Actor],
    placed: list[tuple[ActorEntry, str | None, _Where]],
    link: str,
    what: str,
    *,
    hint: str | None = None,
) -> None:
    """No actor reaches itself by following ``link`` (``affiliation``, ``successor``)."""
    by_name = {a.name: a for a in actors}
    for actor, (_, _, where) in zip(actors, placed, strict=True):
        seen = {actor.name}
        target = getattr(actor, link)
        current = by_name.get(target) if target else None
        while current is not None:
            if current.name in seen:
                raise _at(where, link).error(
                    f"{what} of '{actor.name}' go round in a circle through '{current.name}'",
                    field=link,
                    hint=hint,
                )
            seen.add(current.name)
            target = getattr(current, link)
            current = by_name.get(target) if target else None


def documents_for(paths: Sequence[Path] | None, extra_paths: Sequence[Path]) -> list[YamlDocument]:
    """The package files (or ``paths`` instead of them), then ``extra_paths``."""
    docs = package_documents() if paths is None else read_documents(paths)
    return docs + read_documents(extra_paths)
