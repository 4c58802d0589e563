"""Votes of the verification body and the quorum that decides an incident's review.

A member organisation (e.g. ``Russia``) votes once per round through one of its users (a
monitor or admin whose organisation it is). Who may vote is fixed at the incident's date: a
guarantor that joined later (Iran, from 24 January 2017 under the Astana agreement) does not
vote on earlier incidents. ``abstain`` counts as having voted but for neither outcome. When
the votes cast reach the quorum the review moves to ``verified`` or ``not_verified``; when
no outcome can reach it any more, to ``disputed``. Every vote, dissent included, is kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.errors import ConflictError, InputError, PermissionDeniedError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import get_incident
from ceasefire.events.record import hash_content
from ceasefire.verification import audit
from ceasefire.verification.review_models import VoteRow
from ceasefire.verification.workflow import transition

CHOICES = ("verified", "not_verified", "abstain")


@dataclass
class Tally:
    """The state of a round: who may vote, how many must agree, and the votes so far."""

    eligible: list[str]
    needed: int
    votes: dict[str, str] = field(default_factory=dict)

    @property
    def outcome(self) -> str | None:
        return decide(self.eligible, self.needed, self.votes)


def decide(eligible: Sequence[str], needed: int, votes: Mapping[str, str]) -> str | None:
    """``verified``/``not_verified`` once ``needed`` members chose it; ``disputed`` once
    neither can get there with the members still to vote; else None (keep voting)."""
    yes = sum(1 for c in votes.values() if c == "verified")
    no = sum(1 for c in votes.values() if c == "not_verified")
    if yes >= needed:
        return "verified"
    if no >= needed:
        return "not_verified"
    remaining = len([m for m in eligible if m not in votes])
    if yes + remaining < needed and no + remaining < needed:
        return "disputed"
    return None


def incident_moment(incident: IncidentRow, agreement: Agreement) -> datetime:
    """Start of the incident's first day in the agreement's time zone, in UTC."""
    start = datetime.combine(incident.date_from, time(0), tzinfo=agreement.local_zone())
    return start.astimezone(UTC)


def tally(session: Session, incident: IncidentRow) -> Tally:
    """The current round's tally (the agreement is the one the review was opened under)."""
    if incident.review_agreement_id is None:
        raise ConflictError(f"incident {incident.id} has never been under review")
    agreement = get_agreement(session, incident.review_agreement_id)
    eligible = agreement.voting_members(incident_moment(incident, agreement))
    rows = session.scalars(
        select(VoteRow).where(
            VoteRow.incident_id == incident.id, VoteRow.round == incident.review_round
        )
    )
    return Tally(
        eligible=eligible,
        needed=agreement.verification.votes_needed(len(eligible)),
        votes={r.member: r.choice for r in rows},
    )


def list_votes(session: Session, incident_id: int) -> list[VoteRow]:
    """Every vote on an incident, all rounds, in the order cast."""
    query = select(VoteRow).where(VoteRow.incident_id == incident_id).order_by(VoteRow.id)
    return list(session.scalars(query))


def _member_for(user: UserRow, eligible: Sequence[str], members: Sequence[str]) -> str:
    org = normalise_name(user.organisation) if user.organisation else ""
    member = next((m for m in members if normalise_name(m) == org), None)
    if member is None:
        raise PermissionDeniedError(
            f"user {user.name!r} ({user.organisation or 'no organisation'}) does not belong to "
            "a member of the verification body",
            hint=f"Members: {', '.join(members)}.",
        )
    if member not in eligible:
        raise PermissionDeniedError(
            f"{member} was not a voting member at the incident's date",
            hint=f"Voting members then: {', '.join(eligible)}.",
        )
    return member


def vote(
    *,
    session: Session,
    incident_id: int,
    user: UserRow,
    choice: str,
    rationale: str,
    evidence: Sequence[str] = (),
) -> tuple[VoteRow, Tally, str]:
    """Cast ``user``'s organisation's vote; returns the vote, the tally and the new status."""
    require(user, "vote")
    if choice not in CHOICES:
        raise InputError(
            f"unknown choice {choice!r}", field="choice", hint=f"Choose: {', '.join(CHOICES)}."
        )
    if not rationale.strip():
        raise InputError(
            "a rationale is required", field="rationale", hint="Say what the vote rests on."
        )
    incident = get_incident(session, incident_id)
    if incident.status != "under_review":
        raise ConflictError(
            f"incident {incident_id} is {incident.status}, not under review",
            hint="A monitor opens a review with `ceasefire verify transition --to under_review`.",
        )
    current = tally(session, incident)
    assert incident.review_agreement_id is not None
    agreement = get_agreement(session, incident.review_agreement_id)
    member = _member_for(user, current.eligible, agreement.verification.members)
    if member in current.votes:
        raise ConflictError(
            f"{member} already voted on incident {incident_id} in round {incident.review_round}",
            hint="Each member votes once per round; a new round needs the review re-opened.",
        )
    row = VoteRow(
        incident_id=incident_id,
        round=incident.review_round,
        member=member,
        user_id=user.id,
        choice=choice,
        rationale=rationale.strip(),
        evidence=json.dumps(list(evidence), ensure_ascii=False),
        cast_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=user.name,
        action="vote.cast",
        record_type="vote",
        record_id=str(row.id),
        content_hash=hash_content(
            [incident_id, row.round, member, user.name, choice, row.rationale, list(evidence)]
        ),
        detail={"incident": incident_id, "member": member, "choice": choice},
    )
    current.votes[member] = choice
    outcome = current.outcome
    if outcome is not None:
        counts = {c: list(current.votes.values()).count(c) for c in CHOICES}
        transition(
            session=session,
            incident_id=incident_id,
            to=outcome,
            user=None,
            reason=f"quorum {current.needed} of {len(current.eligible)}: {counts}",
        )
    return row, current, incident.status
