"""Who may vote on an incident: members at its date, minus those who recuse, and why.

The rule is the agreement's (``agreements/verification_terms.py``). The accused are read off
the incident's member events: the acting actor and its associated actors of an observed event,
the accused (``actor2`` and its associates) of an allegation. The attributed party is the one
the current assessment under the review's agreement names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.actors.records import STATE_KINDS
from ceasefire.actors.registry import ActorRegistry, default_registry
from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.schema import Agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import member_events
from ceasefire.events.models import EventRow

ALLEGED = frozenset({"alleged", "denied"})


def incident_moment(incident: IncidentRow, agreement: Agreement) -> datetime:
    """Start of the incident's first day in the agreement's time zone, in UTC."""
    start = datetime.combine(incident.date_from, time(0), tzinfo=agreement.local_zone())
    return start.astimezone(UTC)


def _names(*cells: str) -> list[str]:
    return [n.strip() for cell in cells for n in cell.split(";") if n.strip()]


def accused_actors(events: Iterable[EventRow]) -> list[str]:
    """Every actor a member event names as acting (observed) or as accused (allegation)."""
    out: dict[str, None] = {}
    for e in events:
        if e.modality in ALLEGED:
            names = _names(e.actor2, e.assoc_actor_2)
        else:
            names = _names(e.actor1, e.assoc_actor_1)
        out.update(dict.fromkeys(names))
    return list(out)


def own_actor(
    member: str, actor: str, agreement: Agreement, registry: ActorRegistry | None
) -> bool:
    """Is ``actor`` one of ``member``'s own forces or listed affiliates?"""
    listed = {normalise_name(n) for n in agreement.verification.recusal.listed(member)}
    found = registry.resolve(actor) if registry is not None else None
    names = {normalise_name(actor)} | ({normalise_name(found.name)} if found else set())
    if names & listed:
        return True
    return (
        found is not None
        and found.kind in STATE_KINDS
        and normalise_name(found.country) == normalise_name(member)
    )


def recusals(
    agreement: Agreement,
    *,
    accused: Iterable[str],
    attributed: str = "",
    registry: ActorRegistry | None = None,
) -> dict[str, str]:
    """Members who recuse, each with the reason, under the agreement's rule."""
    if agreement.verification.recusal.rule == "none":
        return {}
    accused = list(accused)
    out: dict[str, str] = {}
    for member in agreement.verification.members:
        hit = next((a for a in accused if own_actor(member, a, agreement, registry)), None)
        if hit is not None:
            out[member] = f"its own forces or a listed affiliate ({hit}) are the accused"
        elif attributed and own_actor(member, attributed, agreement, registry):
            out[member] = f"its own forces ({attributed}) are the attributed party"
    return out


def incident_recusals(
    session: Session, incident: IncidentRow, agreement: Agreement
) -> dict[str, str]:
    """Who recuses on a stored incident under ``agreement`` (see the module docstring)."""
    attributed = session.scalar(
        select(AssessmentRow.party).where(
            AssessmentRow.incident_id == incident.id,
            AssessmentRow.agreement_id == agreement.id,
            AssessmentRow.rules_version == RULES_VERSION,
        )
    )
    return recusals(
        agreement,
        accused=accused_actors(member_events(session, incident.id)),
        attributed=attributed or "",
        registry=default_registry(),
    )


def absent_members(session: Session, incident: IncidentRow, agreement: Agreement) -> dict[str, str]:
    """Members who do not vote on the incident, each with why: not yet a member on its date,
    or recused."""
    when = incident_moment(incident, agreement)
    eligible = set(agreement.voting_members(when))
    out: dict[str, str] = {}
    day = incident.date_from.isoformat()
    for member in agreement.verification.members:
        if member not in eligible:
            joined = next(
                (g.joined for g in agreement.guarantors
                 if normalise_name(g.name) == normalise_name(member) and g.joined),
                None,
            )  # fmt: skip
            since = (
                f"; it joined on {joined.astimezone(agreement.local_zone()).date()}"
                if joined
                else ""
            )
            out[member] = f"not a member of the verification body on {day}{since}"
    for member, why in incident_recusals(session, incident, agreement).items():
        out.setdefault(member, f"recuses: {why}")
    return out
