"""The violation rules: incident facts x agreement -> verdict, attributed party, rule trace.

The rules run in this order; the first that settles the question ends the run, and every step
taken is kept in the trace:

1. ``time``        in force on the incident's dates?  no -> no violation; partly -> undetermined
2. ``scope``       inside the agreement's area?       no -> no violation; unknown -> undetermined
3. ``allegation``  only an accusation?                -> undetermined: it opens a review, it is
                                                         never a violation by itself
4. ``act``         a prohibited act?                  no -> no violation; unknown -> undetermined
5. ``actors``      every actor field read through the registry on the incident's date (former
                   names, spellings, several groups); the step says how each name was read
6. ``excluded``    by or against an excluded actor?   yes -> no violation (a contested exclusion
                                                         too, named in the trace); a target
                                                         mixing it with a party -> undetermined
7. ``perpetrator`` who did it?                         a name the registry does not know ->
                                                         undetermined ("unknown actor 'X'");
                                                         unidentified -> undetermined; a party,
                                                         an organ of its state or an actor
                                                         affiliated with one -> violation; two
                                                         parties of opposite sides in a clash ->
                                                         violation, initiator not established; a
                                                         party and a non-party in a battle ->
                                                         undetermined; a non-party -> no violation

Confidence (``CONFIDENCE``) depends on how the perpetrator was found and drops by
``SINGLE_SOURCE_PENALTY`` when one source alone reports the incident; undetermined verdicts
carry none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ceasefire.actors.ids import stored_resolutions
from ceasefire.actors.registry import ActorRegistry, default_registry
from ceasefire.actors.resolution import Resolution
from ceasefire.agreements.parties import AgreementActors, ExclusionMatch, PartyMatch
from ceasefire.agreements.schema import Agreement, Party, approximate_point

RULES_VERSION = "violation-rules/2"
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
    #: ACLED's geo_precision of the point (3: it stands for a province or wider).
    geo_precision: int | None = None
    allegation: bool = False
    claimant: str = ""
    source_count: int = 1
    #: Registry ids stored with actor1 / actor2 at ingest (``actors/ids.py``); "" for none.
    actor1_id: str = ""
    actor2_id: str = ""


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


@dataclass(frozen=True)
class _Named:
    """One group of an actor field: ``excluded``, ``party``, ``unidentified``, ``other`` (a
    known non-party) or ``unknown`` (not in the registry)."""

    resolution: Resolution
    kind: str
    party: PartyMatch | None = None
    exclusion: ExclusionMatch | None = None


def _classify(found: tuple[Resolution, ...], actors: AgreementActors) -> list[_Named]:
    out: list[_Named] = []
    for r in found:
        if r.actor is None:
            unnamed = r.text.casefold().startswith(_UNIDENTIFIED)
            out.append(_Named(r, "unidentified" if unnamed else "unknown"))
            continue
        excluded = actors.exclusion_of(r.actor, r.text)
        if excluded is not None:
            out.append(_Named(r, "excluded", exclusion=excluded))
            continue
        party = actors.party_of(r.actor, r.text)
        if party is not None:
            out.append(_Named(r, "party", party=party))
        else:
            out.append(_Named(r, "unidentified" if r.actor.kind == "unidentified" else "other"))
    return out


def _exclusion_detail(role: str, named: _Named) -> str:
    r, match = named.resolution, named.exclusion
    assert match is not None
    how = {
        "listed": "",
        "renamed": f" (the same group as {match.via})",
        "affiliated": f" (affiliated with {match.via})",
    }[match.how]
    return f"act {role} {r.describe()}{how}, excluded from the truce{match.contest()}"


def _party_detail(r: Resolution, match: PartyMatch) -> str:
    how = {
        "direct": "",
        "same state": f" (an organ of the same state as {match.party.actor})",
        "affiliated": f" (affiliated, through {match.via})",
    }[match.how]
    return f"{r.describe()}: party {match.party.actor}{how}"


def assess(
    facts: IncidentFacts,
    agreement: Agreement,
    registry: ActorRegistry | None = None,
    actors: AgreementActors | None = None,
) -> Verdict:
    """Apply the rules in order (see the module docstring).

    ``actors`` is the agreement's parties and exclusions read through the registry; pass one
    built once when assessing many incidents under one agreement.
    """
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

    where = agreement.covers_place(facts.country, facts.admin1, facts.latitude, facts.longitude,
                                   precision=facts.geo_precision)  # fmt: skip
    place = ", ".join(p for p in (facts.admin1, facts.country) if p) or "no place given"
    if where is None:
        located = (
            " (located only to the province or wider, and the scope is drawn as areas)"
            if approximate_point(facts.geo_precision) and agreement.scope.polygons
            else ""
        )  # fmt: skip
        trace.append(Step("scope", "unknown", f"cannot tell if {place} is in scope{located}"))
        return stop("undetermined")
    if not where:
        trace.append(Step("scope", "no", f"{place} is outside the scope"))
        return stop("no_violation", "not_violation")
    trace.append(Step("scope", "yes", f"{place} is in scope"))

    if actors is None or actors.agreement is not agreement:
        actors = AgreementActors(agreement, registry or default_registry())
    country, on = facts.country or None, facts.date_from

    def field(text: str, ids: str) -> tuple[Resolution, ...]:
        return stored_resolutions(actors.registry, text, ids, country=country, on=on)

    if facts.allegation:
        # the coded act is the alleged one: its actor1 is the accused, unless the event is the
        # accusation itself (actor1 is then the claimant and actor2 the accused)
        claimant = facts.claimant or ""
        accused_text, accused_ids = facts.actor1, facts.actor1_id
        if not accused_text or (claimant and claimant == facts.actor1):
            accused_text, accused_ids = facts.actor2, facts.actor2_id
        accused = field(accused_text, accused_ids)
        named = "; ".join(r.describe() for r in accused) or "no one named"
        party = next(
            (m for r in accused if r.actor and (m := actors.party_of(r.actor, r.text))), None
        )
        trace.append(
            Step("allegation", "yes", f"{claimant or 'an unnamed claimant'} accuses {named}; "
                 "an allegation opens a review and is not a violation by itself")
        )  # fmt: skip
        return stop("undetermined", party=party.party if party else None)

    act = f"{facts.event_type}/{facts.sub_event_type}" if facts.sub_event_type else facts.event_type
    prohibited = agreement.prohibits(facts.event_type, facts.sub_event_type or None)
    if prohibited is None:
        trace.append(Step("act", "unknown", f"{act}: prohibited only for some sub-event types"))
        return stop("undetermined")
    if not prohibited:
        trace.append(Step("act", "no", f"{act or 'no event type'} is not a prohibited act"))
        return stop("no_violation", "not_violation")
    trace.append(Step("act", "yes", f"{act} is a prohibited act"))

    by = _classify(field(facts.actor1, facts.actor1_id), actors)
    against = _classify(field(facts.actor2, facts.actor2_id), actors)
    read = [
        f"{role} {'; '.join(n.resolution.describe() for n in group)}"
        for role, group in (("actor1", by), ("actor2", against))
        if group
    ]
    unknown = [n.resolution for n in (*by, *against) if n.kind == "unknown"]
    trace.append(Step("actors", "unknown" if unknown else "yes", "; ".join(read) or "none named"))

    kinds_by = {n.kind for n in by}
    kinds_against = {n.kind for n in against}
    excluded_by = [n for n in by if n.exclusion is not None]
    excluded_against = [n for n in against if n.exclusion is not None]
    if excluded_by and not kinds_by & {"party", "unknown"}:
        trace.append(Step("excluded", "yes", _exclusion_detail("by", excluded_by[0])))
        return stop("no_violation", "not_violation")
    if excluded_against and not kinds_against & {"party", "unknown"}:
        trace.append(Step("excluded", "yes", _exclusion_detail("against", excluded_against[0])))
        return stop("no_violation", "not_violation")
    if excluded_against and "party" in kinds_against:
        hit, match = excluded_against[0], excluded_against[0].exclusion
        mixed = next(n.resolution for n in against if n.kind == "party")
        trace.append(
            Step("excluded", "unknown", f"the target includes {hit.resolution.describe()} "
                 f"(excluded{match.contest() if match else ''}) and {mixed.describe()} (a party);"
                 " whether the act was aimed at the excluded group is not established")
        )  # fmt: skip
        return stop("undetermined")
    if excluded_by:
        hit, match = excluded_by[0], excluded_by[0].exclusion
        trace.append(
            Step("excluded", "no", f"{hit.resolution.describe()} is excluded"
                 f"{match.contest() if match else ''}, but acted with others: their part is "
                 "judged below")
        )  # fmt: skip
    else:
        trace.append(Step("excluded", "no", "no excluded actor involved"))

    if unknown:
        names = ", ".join(f"unknown actor '{r.text}'" for r in unknown)
        trace.append(
            Step("perpetrator", "unknown", f"{names}: not in the actor registry, so whether "
                 "it is a party or excluded cannot be told")
        )  # fmt: skip
        return stop("undetermined")
    parties_by = [(n.resolution, n.party) for n in by if n.party is not None]
    parties_against = [n.party for n in against if n.party is not None]
    if not parties_by and (not by or kinds_by <= {"unidentified"}):
        trace.append(Step("perpetrator", "unknown", "perpetrator not identified"))
        return stop("undetermined")
    clash = facts.event_type == "Battles"
    party = parties_by[0][1] if parties_by else None
    target = parties_against[0] if parties_against else None
    if clash and party and target and party.party.side != target.party.side:
        trace.append(
            Step("perpetrator", "yes", f"clash between parties ({party.party.side} and "
                 f"{target.party.side}); who started it is not established")
        )  # fmt: skip
        return stop("violation", "clash")
    if clash and (party is None) != (target is None) and kinds_by | kinds_against != {"party"}:
        # a battle names two sides, not an attacker (UCDP's dyads never do); with a party on
        # one side only, whether the party broke the truce or defended itself is open
        one, other = (facts.actor1, facts.actor2) if party else (facts.actor2, facts.actor1)
        trace.append(
            Step("perpetrator", "unknown", f"{one} (a party) fought {other or 'an unnamed side'}"
                 " (not a party); who attacked is not established")
        )  # fmt: skip
        return stop("undetermined")
    if party is None:
        names = "; ".join(n.resolution.describe() for n in by)
        trace.append(Step("perpetrator", "no", f"{names}: not a party"))
        return stop("no_violation", "not_violation")
    trace.append(Step("perpetrator", "yes", _party_detail(parties_by[0][0], party)))
    return stop("violation", "affiliated" if party.how == "affiliated" else "direct", party.party)
