"""Actor ids stored beside the actor fields as written: resolved once, at ingest.

An event's ``actor1_id`` / ``actor2_id`` (and an incident's) hold the registry id of every
group its field names, in the field's order: the canonical name of the group *as it was named
on the event's date* (``actors.resolution``), or null for a group the registry did not know.
Stored as a JSON array (``["Hay'at Tahrir al-Sham", null]``); ``[]`` for an empty field; ``""``
for a row stored before ids were (assessment then resolves the text itself).

Assessment reads the stored ids (``stored_resolutions``): a known id decides, as stored; a
group unknown at ingest is looked up again, since the registry may have learned the name since;
an id the registry no longer has, or ids that do not fit the text, fall back to the text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from ceasefire.actors.registry import ActorRegistry
from ceasefire.actors.resolution import (
    Resolution,
    field_parts,
    resolve_actor_field,
    resolve_name,
)

#: Actor fields with their id columns, in ``events`` and ``incidents``.
ID_COLUMNS = {"actor1": "actor1_id", "actor2": "actor2_id"}
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_ids(resolutions: Sequence[Resolution]) -> str:
    """The stored form of a field's resolutions: a JSON array of ids (null where unknown)."""
    return _ENCODE([r.actor.name if r.actor is not None else None for r in resolutions])


def decode_ids(stored: str | None) -> list[str | None] | None:
    """The ids of a stored value; None when it holds none (a row stored before ids were)."""
    if not stored:
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(v is None or isinstance(v, str) for v in value):
        return None
    return value


class IdResolver:
    """Field -> stored ids for many rows: resolutions remembered per (text, country), the
    naming on a date per (id, date). Ingest makes one per batch."""

    def __init__(self, registry: ActorRegistry) -> None:
        self._registry = registry
        self._fields: dict[tuple[str, str], tuple[Resolution, ...]] = {}
        self._named: dict[tuple[str, date], str] = {}

    def ids(self, text: str, *, country: str, on: date | None) -> str:
        """The stored ids of one actor field of a row in ``country`` dated ``on``."""
        key = (text, country)
        found = self._fields.get(key)
        if found is None:
            found = self._fields[key] = resolve_actor_field(
                self._registry, text, country=country or None
            )
        names: list[str | None] = []
        for r in found:
            if r.actor is None or on is None:
                names.append(r.actor.name if r.actor is not None else None)
                continue
            named = self._named.get((r.actor.name, on))
            if named is None:
                named = self._named[(r.actor.name, on)] = self._registry.named_on(r.actor, on).name
            names.append(named)
        return _ENCODE(names)


def stored_resolutions(
    registry: ActorRegistry, text: str, stored: str | None, *, country: str | None, on: date
) -> tuple[Resolution, ...]:
    """The groups of an actor field, read through its stored ids (see the module docstring)."""
    ids = decode_ids(stored)
    parts = field_parts(text, len(ids)) if ids is not None else None
    if ids is None or parts is None:
        return resolve_actor_field(registry, text, country=country, on=on)
    out: list[Resolution] = []
    for part, actor_id in zip(parts, ids, strict=True):
        actor = registry.get(actor_id) if actor_id is not None else None
        if actor is None:
            out.append(resolve_name(registry, part, country=country, on=on))
        else:
            out.append(Resolution(part, registry.named_on(actor, on), actor, on))
    return tuple(out)
