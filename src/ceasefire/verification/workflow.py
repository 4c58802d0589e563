"""The review workflow of an incident: states, the transition table and ``transition()``.

::

    reported ──▶ under_review ──▶ verified | not_verified | disputed
                      ▲                 │           │          │
                      └─────────────────┴───────────┴──────────┘  (re-open: a new round)

``TRANSITIONS`` is the whole state machine: each allowed (from, to) pair and who may make it.
``system`` is the workflow itself (a quorum reached, an allegation opening a review); it is
the only one that decides. Every change goes through ``transition()``, which writes the audit
entry in the caller's transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement, list_agreements
from ceasefire.audit import log as audit
from ceasefire.errors import ConflictError, InputError, PermissionDeniedError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import get_incident
from ceasefire.events.record import hash_content

STATES = ("reported", "under_review", "verified", "not_verified", "disputed")
DECIDED = frozenset({"verified", "not_verified", "disputed"})
SYSTEM = "system"

#: (from, to) -> who may make that move. A pair not listed is not allowed for anyone.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("reported", "under_review"): frozenset({"admin", "monitor", SYSTEM}),
    ("under_review", "reported"): frozenset({"admin"}),  # withdraw a review opened by mistake
    ("under_review", "verified"): frozenset({SYSTEM}),  # quorum of "verified" votes
    ("under_review", "not_verified"): frozenset({SYSTEM}),  # quorum of "not_verified" votes
    ("under_review", "disputed"): frozenset({SYSTEM}),  # the votes can no longer reach quorum
    ("disputed", "under_review"): frozenset({"admin", "monitor"}),  # a new round
    ("verified", "under_review"): frozenset({"admin"}),  # new evidence
    ("not_verified", "under_review"): frozenset({"admin"}),  # new evidence
}


def in_force_problem(incident: IncidentRow, agreement: Agreement) -> str | None:
    """Why ``agreement`` cannot review the incident (it was not in force on any of its
    dates), or None."""
    if agreement.covers_time(incident.date_from) is not False:
        return None
    if agreement.covers_time(incident.date_to) is not False:
        return None
    zone = agreement.local_zone()
    until = agreement.effective_until
    term = f"from {agreement.effective_from.astimezone(zone).date()}" + (
        f" until {until.astimezone(zone).date()}" if until else " (open-ended)"
    )
    dates = incident.date_from.isoformat()
    if incident.date_to != incident.date_from:
        dates += f" to {incident.date_to.isoformat()}"
    return (
        f"agreement {agreement.id} was not in force on incident {incident.id}'s dates "
        f"({dates}); it was in force {term}"
    )


def may_transition(role: str, source: str, target: str) -> bool:
    """May ``role`` (or ``system``) move an incident from ``source`` to ``target``?"""
    return role in TRANSITIONS.get((source, target), frozenset())


def incident_state_hash(incident: IncidentRow) -> str:
    """Content hash of an incident's review state (what a transition entry vouches for)."""
    return hash_content(
        [incident.id, incident.key, incident.status, incident.review_agreement_id,
         incident.review_round]
    )  # fmt: skip


def transition(
    *,
    session: Session,
    incident_id: int,
    to: str,
    user: UserRow | None,
    reason: str,
    agreement_id: str | None = None,
) -> IncidentRow:
    """Move an incident to ``to``; ``user`` None means the workflow itself (``system``).

    Entering ``under_review`` starts a new voting round under ``agreement_id`` (or the
    agreement of the previous round).
    """
    if to not in STATES:
        raise InputError(f"unknown state {to!r}", field="to", hint=f"States: {', '.join(STATES)}.")
    if not reason.strip():
        raise InputError("a reason is required", field="reason", hint="Say why, for the record.")
    incident = get_incident(session, incident_id)
    source = incident.status
    if (source, to) not in TRANSITIONS:
        allowed = [t for (f, t) in TRANSITIONS if f == source]
        raise ConflictError(
            f"incident {incident_id} is {source}; it cannot move to {to}",
            hint=f"From {source} it can move to: {', '.join(allowed) or 'nothing'}.",
        )
    role = SYSTEM if user is None else user.role
    if user is not None:
        require(user, "transition")
    if not may_transition(role, source, to):
        who = ", ".join(sorted(TRANSITIONS[(source, to)]))
        raise PermissionDeniedError(
            f"role {role} may not move an incident from {source} to {to}",
            hint=f"Allowed: {who}" + (" (decided by the votes)" if who == SYSTEM else "") + ".",
        )
    if to == "under_review":
        chosen = agreement_id or incident.review_agreement_id
        if chosen is None:
            raise InputError(
                "which agreement's verification body reviews this incident?",
                field="agreement",
                hint="Pass --agreement ID.",
            )
        problem = in_force_problem(incident, get_agreement(session, chosen))
        if problem is not None:
            in_force = [
                r.id for r in list_agreements(session)
                if in_force_problem(incident, get_agreement(session, r.id)) is None
            ]  # fmt: skip
            raise ConflictError(
                problem,
                hint=f"Review it under an agreement in force then: {', '.join(in_force)}."
                if in_force
                else "No stored agreement was in force then; load the one that was.",
            )
        incident.review_agreement_id = chosen
        incident.review_round += 1
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    incident.status = to
    incident.status_changed_at = stamp
    incident.decided_at = stamp if to in DECIDED else None
    session.flush()
    audit.append(
        session,
        actor=SYSTEM if user is None else user.name,
        action="incident.transition",
        record_type="incident",
        record_id=str(incident.id),
        content_hash=incident_state_hash(incident),
        detail={
            "from": source, "to": to, "reason": reason, "round": incident.review_round,
            "agreement": incident.review_agreement_id,
        },
    )  # fmt: skip
    return incident
