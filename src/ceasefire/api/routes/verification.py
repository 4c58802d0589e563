"""Verification: the votes of the verification body and review-state transitions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import (
    IncidentState,
    TallyOut,
    TransitionIn,
    VoteIn,
    VoteOut,
    VoteResult,
    Votes,
)
from ceasefire.events.incidents import get_incident
from ceasefire.verification.votes import Tally, tally, vote
from ceasefire.verification.votes import list_votes as list_rows
from ceasefire.verification.workflow import transition

router = APIRouter(prefix="/incidents", tags=["verification"])

IncidentId = Annotated[int, Path(ge=1, le=2**62)]


def tally_out(current: Tally) -> TallyOut:
    return TallyOut(
        eligible=current.eligible, needed=current.needed, votes=dict(current.votes),
        outcome=current.outcome, quorum=current.quorum, absent=dict(current.absent),
        late=list(current.late),
    )  # fmt: skip


@router.get("/{incident_id}/votes", response_model=Votes)
def list_votes(session: SessionDep, user: Guarded, incident_id: IncidentId) -> Votes:
    """Every vote on an incident (all rounds, dissent included) and the current round's tally."""
    incident = get_incident(session, incident_id)
    current = tally(session, incident) if incident.review_agreement_id else None
    return Votes(
        incident_id=incident.id, status=incident.status, round=incident.review_round,
        votes=[VoteOut.of(v) for v in list_rows(session, incident_id)],
        tally=tally_out(current) if current is not None else None,
    )  # fmt: skip


@router.post("/{incident_id}/votes", response_model=VoteResult)
def cast_vote(store: StoreDep, user: Guarded, incident_id: IncidentId, body: VoteIn) -> VoteResult:
    """Cast your organisation's vote (once per round); a quorum decides the review."""
    with store.transaction() as session:
        row, current, status = vote(
            session=session, incident_id=incident_id, user=user, choice=body.choice,
            rationale=body.rationale, evidence=body.evidence, signature=body.signature,
            signed_at=body.time,
        )  # fmt: skip
        return VoteResult(vote=VoteOut.of(row), tally=tally_out(current), status=status)


@router.post("/{incident_id}/transitions", response_model=IncidentState)
def make_transition(
    store: StoreDep, user: Guarded, incident_id: IncidentId, body: TransitionIn
) -> IncidentState:
    """Move an incident between review states (only the moves a person may make)."""
    with store.transaction() as session:
        row = transition(
            session=session, incident_id=incident_id, to=body.to, user=user,
            reason=body.reason, agreement_id=body.agreement,
        )  # fmt: skip
        return IncidentState(
            id=row.id, status=row.status, review_round=row.review_round,
            review_agreement_id=row.review_agreement_id,
        )  # fmt: skip
