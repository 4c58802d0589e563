"""Comments on incidents: read by every reader, written by liaisons, monitors and admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import CommentIn, CommentOut
from ceasefire.verification.comments import comment
from ceasefire.verification.comments import list_comments as list_lib

router = APIRouter(prefix="/incidents", tags=["comments"])

IncidentId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/{incident_id}/comments", response_model=list[CommentOut])
def list_comments(session: SessionDep, user: Guarded, incident_id: IncidentId) -> list[CommentOut]:
    """An incident's comments, oldest first."""
    return [CommentOut.of(row, name) for row, name in list_lib(session, incident_id)]


@router.post("/{incident_id}/comments", response_model=CommentOut, status_code=201)
def add_comment(
    store: StoreDep, user: Guarded, incident_id: IncidentId, body: CommentIn
) -> CommentOut:
    """Comment on an incident (audited; at most 10,000 characters)."""
    with store.transaction() as session:
        row = comment(session=session, incident_id=incident_id, user=user, text=body.text)
        return CommentOut.of(row, user.name)
