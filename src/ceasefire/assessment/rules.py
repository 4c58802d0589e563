"""The violation rules: incident facts x agreement -> verdict, attributed party, rule trace.

The rules run in this order; the first that settles the question ends the run, and every step
taken is kept in the trace:

1. ``time``        in force on the incident's dates?  no -> no violation; partly -> undetermined
2. ``scope``       inside the agreement's area?       no -> no violation; unknown -> undetermined
3. ``allegation``  only an accusation?                -> undetermined: it opens a review, it is
                                                         never a violation by itself
4. ``act``         a prohibited act?                  no -> no violation; unknown -> undetermined
5. ``excluded``    by or against an excluded actor?   yes -> no violation
6. ``perpetrator`` who did it?                         unknown -> undetermined; a party, or an
                                                         actor affiliated with one -> violation;
                                                         two parties of opposite sides in a
                                                         clash -> violation, initiator not
                                                         established; a non-party -> no violation

Confidence (``CONFIDENCE``) depends on how the perpetrator was found and drops by
``SINGLE_SOURCE_PENALTY`` when one source alone reports the incident; undetermined verdicts
carry none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ceasefire.actors.registry import ActorRegistry
from ceasefire.agreements.schema import Agreement, Party

RULES_VERSION = "violation-rules/1"
VERDICTS = ("violation", "no_violation", "undetermined")
CONFIDENCE = {"direct": 0.9, "affiliated": 0.75, "clash": 0.7, "not_violation": 0.95}
SINGLE_SOURCE_PENALTY = 0.15
_UNIDENTIFIED = ("unidentified", "unknown")


@dataclass(frozen=True)
class IncidentFacts:
    """What the rules read of an incident."""

    date_from: date
    date_to: date
    event_type: str
    sub_event_type: str = ""
    actor1: str = ""
    actor2: str = ""
    country: str = ""
    admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    allegation: bool = False
    claimant: str = ""
    source_count: int = 1


@dataclass(frozen=True)
class Step:
    """One rule asked: its name, the answer (yes / no / unknown) and why."""

    rule: str
    answer: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "answer": self.answer, "detail": self.detail}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    party: str = ""
    side: str = ""
    confidence: float | None = None
    trace: tuple[Step, ...] = field(default_factory=tuple)


def _confidence(kind: str, facts: IncidentFacts) -> float:
    base = CONFIDENCE[kind]
    return round(base - (SINGLE_SOURCE_PENALTY if facts.source_count < 2 else 0.0), 2)


def _party_of(
    actor: str, agreement: Agreement, registry: ActorRegistry | None
) -> tuple[Party | None, str]:
    """The party ``actor`` belongs to and how: ``direct`` or ``affiliated`` (through the
    registry's affiliation chain, e.g. a militia backed by a party's force)."""
    party = agreement.is_party(actor)
    if party is not None:
        return party, "direct"
    seen: set[str] = set()
    found = registry.get(actor) or registry.resolve(actor) if registry else None
    while found is not None and found.affiliation and found.name not in seen:
        seen.add(found.name)
        party = agreement.is_party(found.affiliation)
        if party is not None:
            return party, "affiliated"
        found = registry.get(found.affiliation) if registry else None
    return None, ""


def _unidentified(actor: str, registry: ActorRegistry | None) -> bool:
    if not actor.strip() or actor.casefold().startswith(_UNIDENTIFIED):
        return True
    found = registry.resolve(actor) if registry else None
    return found is not None and found.kind == "unidentified"


def assess(
    facts: IncidentFacts, agreement: Agreement, registry: ActorRegistry | None = None
) -> Verdict:
    """Apply the rules in order (see the module docstring)."""
    trace: list[Step] = []

    def stop(verdict: str, kind: str = "", party: Party | None = None) -> Verdict:
        confidence = _confidence(kind, facts) if kind else None
        return Verdict(
            verdict, party.actor if party else "", party.side if party else "", confidence,
            tuple(trace),
        )  # fmt: skip

    first, last = agreement.covers_time(facts.date_from), agreement.covers_time(facts.date_to)
    if first is False and last is False:
        trace.append(Step("time", "no", f"{facts.date_from} is outside the agreement's term"))
        return stop("no_violation", "not_violation")
    if not (first and last):
        trace.append(Step("time", "unknown", "the agreement was in force for part of the dates"))
        return stop("undetermined")
    trace.append(Step("time", "yes", f"in force on {facts.date_from}"))

    where = agreement.covers_place(facts.country, facts.admin1, facts.latitude, facts.longitude)
    place = ", ".join(p for p in (facts.admin1, facts.country) if p) or "no place given"
    if where is None:
        trace.append(Step("scope", "unknown", f"cannot tell if {place} is in scope"))
        return stop("undetermined")
    if not where:
        trace.append(Step("scope", "no", f"{place} is outside the scope"))
        return stop("no_violation", "not_violation")
    trace.append(Step("scope", "yes", f"{place} is in scope"))

    if facts.allegation:
        accused, _ = _party_of(facts.actor2, agreement, registry)
        who = facts.claimant or facts.actor1 or "someone"
        trace.append(
            Step("allegation", "yes", f"{who} accuses {facts.actor2 or 'an unnamed actor'}; "
                 "an allegation opens a review and is not a violation by itself")
        )  # fmt: skip
        return stop("undetermined", party=accused)

    act = f"{facts.event_type}/{facts.sub_event_type}" if facts.sub_event_type else facts.event_type
    prohibited = agreement.prohibits(facts.event_type, facts.sub_event_type or None)
    if prohibited is None:
        trace.append(Step("act", "unknown", f"{act}: prohibited only for some sub-event types"))
        return stop("undetermined")
    if not prohibited:
        trace.append(Step("act", "no", f"{act or 'no event type'} is not a prohibited act"))
        return stop("no_violation", "not_violation")
    trace.append(Step("act", "yes", f"{act} is a prohibited act"))

    for role, actor in (("by", facts.actor1), ("against", facts.actor2)):
        if actor and agreement.is_excluded(actor):
            trace.append(Step("excluded", "yes", f"act {role} {actor}, excluded from the truce"))
            return stop("no_violation", "not_violation")
    trace.append(Step("excluded", "no", "no excluded actor involved"))

    if _unidentified(facts.actor1, registry):
        trace.append(Step("perpetrator", "unknown", "perpetrator not identified"))
        return stop("undetermined")
    party, how = _party_of(facts.actor1, agreement, registry)
    target, _ = _party_of(facts.actor2, agreement, registry) if facts.actor2 else (None, "")
    clash = facts.event_type == "Battles"
    if clash and party and target and party.side != target.side:
        trace.append(
            Step("perpetrator", "yes", f"clash between parties ({party.side} and "
                 f"{target.side}); who started it is not established")
        )  # fmt: skip
        return stop("violation", "clash")
    if clash and party is None and target is not None:
        trace.append(
            Step("perpetrator", "unknown", f"{facts.actor1} (not a party) fought "
                 f"{facts.actor2}; who attacked is not established")
        )  # fmt: skip
        return stop("undetermined")
    if party is None:
        trace.append(Step("perpetrator", "no", f"{facts.actor1} is not a party"))
        return stop("no_violation", "not_violation")
    via = "" if how == "direct" else " (affiliated)"
    trace.append(Step("perpetrator", "yes", f"{facts.actor1}: party {party.actor}{via}"))
    return stop("violation", how, party)
