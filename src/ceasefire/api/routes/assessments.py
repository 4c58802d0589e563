"""Assessments: incident x agreement -> verdict with its rule trace."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import AssessIn, AssessmentOut, AssessRunOut, Page, SkippedOut
from ceasefire.assessment.service import assess_incidents
from ceasefire.events.queries import query_assessments

router = APIRouter(prefix="/assessments", tags=["assessments"])


@router.get("", response_model=Page[AssessmentOut])
def list_assessments(
    session: SessionDep,
    user: Guarded,
    agreement: Annotated[str, Query(min_length=1, max_length=128)],
    verdict: Annotated[str | None, Query(pattern="^(violation|no_violation|undetermined)$")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[AssessmentOut]:
    """The verdicts under one agreement (current rules version), by incident date."""
    found = query_assessments(
        session, agreement=agreement, verdict=verdict, limit=limit, offset=offset
    )
    items = [AssessmentOut.of(r) for r in found.items]
    return Page[AssessmentOut](items=items, total=found.total, limit=limit, offset=offset)


@router.post("", response_model=AssessRunOut)
def run_assessment(store: StoreDep, user: Guarded, body: AssessIn) -> AssessRunOut:
    """Assess every incident under an agreement; unchanged incidents are left as they are."""
    with store.transaction() as session:
        done = assess_incidents(session, agreement_id=body.agreement, actor=user.name)
    return AssessRunOut(
        agreement_id=done.agreement_id, created=done.created, updated=done.updated,
        unchanged=done.unchanged, reviews_opened=done.reviews_opened,
        verdicts=dict(done.verdicts),
        skipped=[SkippedOut(kind=k.kind, id=k.id, reason=k.reason) for k in done.skipped],
    )  # fmt: skip
