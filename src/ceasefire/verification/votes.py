"""Votes of the verification body and the quorum that decides an incident's review.

A member organisation (e.g. ``Russia``) votes once per round through one of its users (a
monitor or admin whose organisation it is). Who may vote is fixed at the incident's date: a
guarantor that joined later (Iran, from 24 January 2017 under the Astana agreement) does not
vote on earlier incidents, and a member recuses under the agreement's recusal rule
(``recusal.py``). ``abstain`` counts as having voted but for neither outcome. When the votes
cast reach the quorum the review moves to ``verified`` or ``not_verified``; when no outcome
can reach it any more, to ``disputed``.

Every vote is kept, dissent included. A member that votes after the round was decided (a
*late* vote) is recorded in that round and does not change the outcome: the outcome was
decided when the quorum was reached, under the rule the agreement states; a later vote is on
record as concurrence or dissent, and changing the decision takes a new round (re-opening the
review). With ``unanimous`` or ``majority`` a late vote could not have changed the outcome
anyway; with ``{n: N}`` and N at most half the members it could, which is why a re-opened
round, not a silent flip, is the way to act on it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.service import get_agreement
from ceasefire.agreements.verification_terms import short_quorum
from ceasefire.audit import log as audit
from ceasefire.audit.signatures import check_vote_signature
from ceasefire.errors import ConflictError, InputError, PermissionDeniedError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import get_incident
from ceasefire.events.record import hash_content
from ceasefire.verification.recusal import absent_members, incident_moment
from ceasefire.verification.review_models import VoteRow
from ceasefire.verification.workflow import DECIDED, in_force_problem, transition

CHOICES = ("verified", "not_verified", "abstain")


@dataclass
class Tally:
    """The state of a round: who may vote, how many must agree, and the votes so far.

    ``absent`` names the members who do not vote on this incident and why (not yet members on
    its date, recused); ``quorum`` the agreement's rule and where it comes from; ``late`` the
    members who voted after the round was decided (in the order cast).
    """

    eligible: list[str]
    needed: int
    votes: dict[str, str] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)
    quorum: str = ""
    late: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str | None:
        return decide(self.eligible, self.needed, self.timely)

    @property
    def timely(self) -> dict[str, str]:
        """The votes cast up to the decision (late votes left out)."""
        return {m: c for m, c in self.votes.items() if m not in self.late}

    def describe(self) -> str:
        """One line: the quorum, how many of the voting members it takes, who does not vote."""
        line = f"quorum {self.quorum}: {self.needed} of {len(self.eligible)} voting members"
        line += f" ({', '.join(self.eligible)})" if self.eligible else ""
        for member, why in self.absent.items():
            line += f"; {member} {why}"
        if self.late:
            line += f"; voted after the decision: {', '.join(self.late)}"
        return line


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


def tally(session: Session, incident: IncidentRow) -> Tally:
    """The current round's tally (the agreement is the one the review was opened under)."""
    if incident.review_agreement_id is None:
        raise ConflictError(f"incident {incident.id} has never been under review")
    agreement = get_agreement(session, incident.review_agreement_id)
    absent = absent_members(session, incident, agreement)
    eligible = [
        m for m in agreement.voting_members(incident_moment(incident, agreement))
        if m not in absent
    ]  # fmt: skip
    rows = session.scalars(
        select(VoteRow)
        .where(VoteRow.incident_id == incident.id, VoteRow.round == incident.review_round)
        .order_by(VoteRow.id)
    )
    current = Tally(
        eligible=eligible,
        needed=agreement.verification.votes_needed(len(eligible)),
        absent=absent,
        quorum=short_quorum(agreement),
    )
    decided = False
    for row in rows:
        if decided:
            current.late.append(row.member)
        current.votes[row.member] = row.choice
        decided = decided or decide(eligible, current.needed, current.votes) is not None
    return current


def list_votes(session: Session, incident_id: int) -> list[VoteRow]:
    """Every vote on an incident, all rounds, in the order cast."""
    query = select(VoteRow).where(VoteRow.incident_id == incident_id).order_by(VoteRow.id)
    return list(session.scalars(query))


def _member_for(user: UserRow, current: Tally, members: Sequence[str], incident_id: int) -> str:
    org = normalise_name(user.organisation) if user.organisation else ""
    member = next((m for m in members if normalise_name(m) == org), None)
    if member is None:
        raise PermissionDeniedError(
            f"user {user.name!r} ({user.organisation or 'no organisation'}) does not belong to "
            "a member of the verification body",
            hint=f"Members: {', '.join(members)}.",
        )
    if member in current.absent:
        raise PermissionDeniedError(
            f"{member} does not vote on incident {incident_id}: {current.absent[member]}",
            hint=f"Voting members on it: {', '.join(current.eligible) or 'none'}.",
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
    signature: str | None = None,
    signed_at: str | None = None,
) -> tuple[VoteRow, Tally, str]:
    """Cast ``user``'s organisation's vote; returns the vote, the tally and the new status.

    Once the organisation has a key (``audit.keys``), ``signature`` and ``signed_at`` must sign
    the canonical vote (``audit.signatures``); one that does not verify is refused (400) and
    nothing is stored.
    """
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
    if incident.review_agreement_id is None:
        raise ConflictError(
            f"incident {incident_id} is {incident.status}, not under review",
            hint="A monitor opens a review with `ceasefire verify transition --to under_review`.",
        )
    agreement = get_agreement(session, incident.review_agreement_id)
    problem = in_force_problem(incident, agreement)
    if problem is not None:
        raise ConflictError(problem, hint="Re-open the review under the agreement in force then.")
    current = tally(session, incident)
    member = _member_for(user, current, agreement.verification.members, incident_id)
    late = incident.status in DECIDED
    if incident.status != "under_review" and not late:
        raise ConflictError(
            f"incident {incident_id} is {incident.status}, not under review",
            hint="A monitor opens a review with `ceasefire verify transition --to under_review`.",
        )
    if member in current.votes:
        raise ConflictError(
            f"{member} already voted on incident {incident_id} in round {incident.review_round}",
            hint="Each member votes once per round; a new round needs the review re-opened.",
        )
    key = check_vote_signature(
        session, member=member, incident=incident_id, round=incident.review_round,
        outcome=choice, rationale=rationale, evidence=evidence, signature=signature,
        time=signed_at,
    )  # fmt: skip
    row = VoteRow(
        incident_id=incident_id,
        round=incident.review_round,
        member=member,
        user_id=user.id,
        choice=choice,
        rationale=rationale.strip(),
        evidence=json.dumps(list(evidence), ensure_ascii=False),
        cast_at=datetime.now(UTC).isoformat(timespec="seconds"),
        signature=signature if key is not None else None,
        signed_at=signed_at if key is not None else None,
        key_id=key.id if key is not None else None,
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
        detail={"incident": incident_id, "member": member, "choice": choice, "late": late},
    )
    current.votes[member] = choice
    if late:
        current.late.append(member)
        return row, current, incident.status
    outcome = current.outcome
    if outcome is not None:
        counts = {c: list(current.votes.values()).count(c) for c in CHOICES}
        transition(
            session=session,
            incident_id=incident_id,
            to=outcome,
            user=None,
            reason=f"quorum {current.quorum}, {current.needed} of {len(current.eligible)}: "
            f"{counts}",
        )
    return row, current, incident.status
