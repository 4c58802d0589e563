"""Actor fields as sources write them, resolved to registry actors on the event's date.

One function for every face: an ACLED ``actor1``, a UCDP GED dyad side ("Government of Syria",
"Syrian insurgents"), a news spelling ("Daesh", "Jabhat Fatah al Sham") or a field naming several
groups ("Ahrar al-Sham, HTS, Southern Front") gives one ``Resolution`` per group, each keeping the
string as written. A group known under a former or later name is taken as it was named on the
date ("Nusra Front" on 5 Jan 2017 is Jabhat Fateh al Sham). A name the registry does not know
stays a ``Resolution`` without an actor, so whoever reads it can say so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ceasefire.actors.normalise import normalise
from ceasefire.actors.records import Actor

__all__ = ["Resolution", "field_parts", "resolve_actor_field", "resolve_name"]

# Multi-group fields: ACLED joins associated actors with ";", analysts and news with "," or
# "and". The whole string is tried first, so a name containing "and" is never cut.
_PARENTHESIS = re.compile(r"^(.+?)\s*\(([^()]*)\)$")
_FORMERLY = re.compile(r"^(?:formerly|previously|ex-|aka|also known as)\s*", re.IGNORECASE)
_SPLIT = re.compile(r"\s*;\s*|\s*,\s*|\s+and\s+|\s+&\s+|\s*/\s*")


class _Registry(Protocol):
    def resolve(self, mention: str, *, country: str | None = None) -> Actor | None: ...

    def named_on(self, actor: Actor, on: date) -> Actor: ...


@dataclass(frozen=True)
class Resolution:
    """One group named in an actor field: the text as written and the actor it stands for.

    ``actor`` is the group as named on the date asked (None: unknown to the registry);
    ``written`` the actor the text itself names, which differs for a former or later name.
    """

    text: str
    actor: Actor | None
    written: Actor | None = None
    on: date | None = None

    @property
    def known(self) -> bool:
        return self.actor is not None

    def describe(self) -> str:
        """How the name was read, for a rule trace."""
        if self.actor is None:
            return f"unknown actor '{self.text}'"
        written = self.written or self.actor
        if written.name != self.actor.name:
            when = f" on {self.on}" if self.on else ""
            return (
                f"'{self.text}' = {self.actor.name} (the group's name{when}; "
                f"{_span(written)} it was {written.name})"
            )
        if normalise(self.text) == normalise(self.actor.name):
            return self.actor.name
        return f"'{self.text}' = {self.actor.name}"


def _span(actor: Actor) -> str:
    if actor.active_from and actor.active_until:
        return f"from {actor.active_from} to {actor.active_until}"
    if actor.active_until:
        return f"until {actor.active_until}"
    return f"from {actor.active_from}" if actor.active_from else "under another name"


def resolve_name(
    registry: _Registry, text: str, *, country: str | None = None, on: date | None = None
) -> Resolution:
    """One name: the registry's actor, tried as written and then by the parts of an
    ACLED "ABBR: Full Name" ("NDF: National Defense Forces"), as named on ``on``."""
    text = " ".join(text.split())
    actor = registry.resolve(text, country=country)
    head, colon, tail = text.partition(": ")
    if actor is None and colon and head and " " not in head and not _SPLIT.search(tail):
        actor = registry.resolve(tail, country=country) or registry.resolve(head, country=country)
    bracketed = _PARENTHESIS.match(text) if actor is None else None
    if bracketed is not None:
        bare, paren = bracketed.groups()
        # "Syrian Democratic Forces (SDF)", "HTS (formerly Jabhat al-Nusra)": the name outside
        # the brackets, else the one inside (without a leading "formerly"/"ex-")
        inside = _FORMERLY.sub("", paren)
        actor = registry.resolve(bare, country=country) or (
            registry.resolve(inside, country=country) if inside else None
        )
    if actor is None:
        return Resolution(text, None, None)
    named = registry.named_on(actor, on) if on is not None else actor
    return Resolution(text, named, actor, on)


def _parts(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text) if p.strip()]


def field_parts(text: str, count: int) -> list[str] | None:
    """The texts of the ``count`` groups :func:`resolve_actor_field` found in ``text`` (the
    whole field, or its parts), as their ``Resolution.text``; None when no split gives
    ``count`` (the text is not the one the groups were found in)."""
    text = text.strip()
    if count == 0:
        return [] if not text else None
    parts = [text] if count == 1 else _parts(text)
    return [" ".join(p.split()) for p in parts] if len(parts) == count else None


def resolve_actor_field(
    registry: _Registry, text: str, *, country: str | None = None, on: date | None = None
) -> tuple[Resolution, ...]:
    """Every group an actor field names (none for an empty field), each resolved."""
    text = text.strip()
    if not text:
        return ()
    whole = resolve_name(registry, text, country=country, on=on)
    if whole.known:
        return (whole,)
    parts = _parts(text)
    if len(parts) < 2:
        return (whole,)
    return tuple(resolve_name(registry, p, country=country, on=on) for p in parts)
