"""Keeping incidents inside agreement periods when an agreement comes after fusion.

Fusion never joins events of different agreement periods (``events.periods``), but it can only
respect the agreements stored when it runs. Storing (or replacing) an agreement therefore
re-splits, in the same transaction, every incident whose member events now fall in different
periods: the incident keeps the members of its first period (and its id, status and review),
the members of each later period become a new incident, ``reported``, of their own. Each
change is audited (``incident.split`` / ``incident.create``, naming the agreement), claims are
re-attached, and every agreement a split incident was assessed under assesses again (so no
verdict of the whole stays on its first part). No incident spans an agreement boundary,
whatever the order of commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.service import assess_incidents
from ceasefire.events.claims import attach_claims
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.incidents import (
    member_events,
    now_utc,
    refresh_incident,
    stored_agreements,
    summarise,
)
from ceasefire.events.models import EventRow
from ceasefire.events.periods import Period, day_periods
from ceasefire.events.provenance import source_records

#: Who moved an event into its new incident (``incident_events.added_by``).
RULE = "rule:agreement-boundary/1"


@dataclass(frozen=True)
class Resplit:
    """One incident split at a boundary: the incident kept and those made of its later parts."""

    incident_id: int
    new_ids: tuple[int, ...]


def resplit_incidents(session: Session, *, actor: str, cause: str) -> list[Resplit]:
    """Split every incident whose members fall in different periods under the stored
    agreements (see the module docstring); ``cause`` says why, for the audit log."""
    period = day_periods(stored_agreements(session))
    spanning = session.scalars(
        select(IncidentRow)
        .where(IncidentRow.date_from != IncidentRow.date_to)
        .order_by(IncidentRow.id)
    ).all()
    done: list[Resplit] = []
    for incident in spanning:
        parts: dict[Period, list[EventRow]] = {}
        for event in sorted(
            member_events(session, incident.id), key=lambda e: (e.event_date, e.id)
        ):
            parts.setdefault(period(event.event_date), []).append(event)
        if len(parts) < 2:
            continue
        kept, *later = parts.values()
        stamp = now_utc()
        new: list[tuple[IncidentRow, list[EventRow]]] = []
        for members in later:
            part = IncidentRow(status="reported", created_at=stamp, updated_at=stamp)
            for name, value in summarise(members, source_records(session, members)).items():
                setattr(part, name, value)
            session.add(part)
            new.append((part, members))
        session.flush()
        for part, members in new:
            session.execute(
                update(IncidentEventRow)
                .where(IncidentEventRow.event_id.in_([e.id for e in members]))
                .values(incident_id=part.id, added_by=RULE, added_at=stamp)
            )
        detail = {"reason": cause, "rule": RULE, "from": incident.id, "to": [p.id for p, _ in new]}
        refresh_incident(session, incident, actor=actor, action="incident.split", detail=detail,
                         events=kept)  # fmt: skip
        for part, members in new:
            refresh_incident(session, part, actor=actor, action="incident.create", detail=detail,
                             events=members)  # fmt: skip
        done.append(Resplit(incident.id, tuple(p.id for p, _ in new)))
    if done:
        attach_claims(session, actor=actor)
        split = [r.incident_id for r in done]
        for agreement_id in session.scalars(
            select(AssessmentRow.agreement_id)
            .where(AssessmentRow.incident_id.in_(split))
            .distinct()
            .order_by(AssessmentRow.agreement_id)
        ).all():
            assess_incidents(session, agreement_id=agreement_id, actor=actor)
    return done
