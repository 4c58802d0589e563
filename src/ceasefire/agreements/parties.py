"""Which party, or which exclusion, a resolved actor falls under in one agreement.

The agreement file names parties and excluded actors as people write them; each name is read
through the actor registry once, so an incident actor matches whatever spelling either side
used. A match is one of, in this order:

party      ``direct``     the actor is listed (or is a sub-unit of a listed force)
           ``same state`` a state organ of the listed state force: "Government of Syria (2000-)"
                          or "Police Forces of Syria (2000-)" for "Military Forces of Syria (2000-)"
           ``affiliated`` through the registry's affiliation chain (a militia backed by a party)
excluded   ``listed``     the actor is listed
           ``renamed``    one group under another of its names (Jabhat al Nusra, JFS, HTS)
           ``affiliated`` the actor belongs to an excluded one
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasefire.actors.records import STATE_KINDS, Actor
from ceasefire.actors.registry import ActorRegistry
from ceasefire.actors.resolution import resolve_name
from ceasefire.agreements.schema import Agreement, ExcludedActor, Party

_STATE = re.compile(
    r"^(?:Military Forces|Police Forces|Government) of (?:the )?(?P<key>.+? \(\d{4}-(?:\d{4})?\))"
)


@dataclass(frozen=True)
class PartyMatch:
    party: Party
    how: str
    via: str


@dataclass(frozen=True)
class ExclusionMatch:
    entry: ExcludedActor
    how: str
    via: str

    def contest(self) -> str:
        """ " (exclusion contested by ...)" for the trace, or ""."""
        if not self.entry.contested_by:
            return ""
        return (
            f"; the exclusion was contested by {', '.join(self.entry.contested_by)}, "
            "the verdict follows the agreement text"
        )


def _state_key(actor: Actor) -> str | None:
    """ "Syria (2000-)" for any organ of the Syrian state of that period, else None."""
    if actor.kind not in STATE_KINDS:
        return None
    match = _STATE.match(actor.name)
    return match["key"].casefold() if match else None


class AgreementActors:
    """An agreement's parties and exclusions, indexed by the registry's canonical names."""

    def __init__(self, agreement: Agreement, registry: ActorRegistry) -> None:
        self.agreement = agreement
        self.registry = registry
        self._parties: dict[str, Party] = {}
        self._states: dict[str, Party] = {}
        self._excluded: dict[str, ExcludedActor] = {}
        for party in agreement.parties:
            for name in (party.actor, *party.includes):
                actor = resolve_name(registry, name).actor
                if actor is None:
                    continue
                self._parties.setdefault(actor.name, party)
                key = _state_key(actor)
                if key is not None and actor.affiliation is None:
                    self._states.setdefault(key, party)
        for entry in agreement.excluded_actors:
            actor = resolve_name(registry, entry.actor).actor
            if actor is not None:
                self._excluded.setdefault(actor.name, entry)

    def _listed_party(self, name: str) -> Party | None:
        return self._parties.get(name) or self.agreement.is_party(name)

    def party_of(self, actor: Actor, text: str = "") -> PartyMatch | None:
        """The party ``actor`` acts for, and how (see the module docstring)."""
        party = self._listed_party(actor.name) or (self.agreement.is_party(text) if text else None)
        if party is not None:
            return PartyMatch(party, "direct", actor.name)
        key = _state_key(actor)
        if key is not None and key in self._states:
            return PartyMatch(self._states[key], "same state", actor.name)
        for other in self.registry.affiliations(actor):
            party = self._listed_party(other.name)
            if party is not None:
                return PartyMatch(party, "affiliated", other.name)
        return None

    def exclusion_of(self, actor: Actor, text: str = "") -> ExclusionMatch | None:
        """The exclusion covering ``actor``, and how (see the module docstring)."""
        entry = (
            self._excluded.get(actor.name)
            or self.agreement.exclusion(actor.name)
            or (self.agreement.exclusion(text) if text else None)
        )
        if entry is not None:
            return ExclusionMatch(entry, "listed", actor.name)
        for other in self.registry.lineage(actor):
            if other.name != actor.name and other.name in self._excluded:
                return ExclusionMatch(self._excluded[other.name], "renamed", other.name)
        for other in self.registry.affiliations(actor):
            entry = self._excluded.get(other.name) or self.agreement.exclusion(other.name)
            if entry is not None:
                return ExclusionMatch(entry, "affiliated", other.name)
        return None
