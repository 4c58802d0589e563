"""Incidents: listing with filters, one incident with its events, and fusion runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import EventOut, FuseOut, IncidentDetail, IncidentOut, Page, SkippedOut
from ceasefire.events.incidents import fuse, member_events
from ceasefire.events.incidents import get_incident as get_row
from ceasefire.events.queries import BBox, check_bbox, query_incidents

router = APIRouter(prefix="/incidents", tags=["incidents"])

IncidentId = Annotated[int, Path(ge=1, le=2**62)]
Status = Annotated[
    str | None,
    Query(pattern="^(reported|under_review|verified|not_verified|disputed)$"),
]


def parse_bbox(value: str) -> BBox:
    """``min_lon,min_lat,max_lon,max_lat`` as four floats, checked."""
    try:
        box = [float(p) for p in value.split(",")]
    except ValueError:
        box = []
    return check_bbox(box, text=value)


@router.get("", response_model=Page[IncidentOut])
def list_incidents(
    session: SessionDep,
    user: Guarded,
    agreement: Annotated[str | None, Query(max_length=128)] = None,
    zone: Annotated[str | None, Query(max_length=128)] = None,
    party: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=64, description="ACLED event type.")] = None,
    status: Status = None,
    date_from: date | None = None,
    date_to: date | None = None,
    bbox: Annotated[
        str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[IncidentOut]:
    """Incidents by date; with ``agreement``, each with its verdict and zone under it."""
    found = query_incidents(
        session, agreement=agreement, zone=zone, party=party, event_type=type, status=status,
        date_from=date_from, date_to=date_to, bbox=parse_bbox(bbox) if bbox else None,
        limit=limit, offset=offset,
    )  # fmt: skip
    items = [IncidentOut.of(i.incident, i.assessment, i.zone) for i in found.items]
    return Page[IncidentOut](items=items, total=found.total, limit=limit, offset=offset)


@router.get("/{incident_id}", response_model=IncidentDetail)
def get_incident(session: SessionDep, user: Guarded, incident_id: IncidentId) -> IncidentDetail:
    """One incident with every member event (its sources)."""
    row = get_row(session, incident_id)
    events = [EventOut.of(e) for e in member_events(session, incident_id)]
    return IncidentDetail(**IncidentOut.of(row).model_dump(), events=events)


@router.post("/fuse", response_model=FuseOut)
def fuse_incidents(store: StoreDep, user: Guarded) -> FuseOut:
    """Fuse events not yet in an incident; existing incidents keep their ids."""
    with store.transaction() as session:
        done = fuse(session, actor=user.name)
    return FuseOut(
        new_events=done.new_events, incidents_created=done.incidents_created,
        incidents_extended=done.incidents_extended,
        skipped=[SkippedOut(kind=k.kind, id=k.id, reason=k.reason) for k in done.skipped],
    )  # fmt: skip
