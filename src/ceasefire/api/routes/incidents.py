"""Incidents: listing with filters and one incident, as the objects of
``reports.incidents`` (what ``ceasefire incidents --format json`` gives), and fusion runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import FuseOut, Page, SkippedOut
from ceasefire.events.incidents import fuse
from ceasefire.events.queries import BBox, check_bbox
from ceasefire.reports.incidents import IncidentData, incident_record, incident_records

router = APIRouter(prefix="/incidents", tags=["incidents"])

IncidentId = Annotated[int, Path(ge=1, le=2**62)]
Status = Annotated[
    str | None,
    Query(pattern="^(reported|under_review|verified|not_verified|disputed)$"),
]
Verdict = Annotated[
    str | None,
    Query(
        pattern="^(violation|no_violation|undetermined)$",
        description="Only this verdict under `agreement` (needs `agreement`).",
    ),
]
AgreementQuery = Annotated[
    str | None,
    Query(max_length=128, description="Give verdicts and zones under this agreement."),
]


def parse_bbox(value: str) -> BBox:
    """``min_lon,min_lat,max_lon,max_lat`` as four floats, checked."""
    try:
        box = [float(p) for p in value.split(",")]
    except ValueError:
        box = []
    return check_bbox(box, text=value)


@router.get("", response_model=Page[IncidentData])
def list_incidents(
    session: SessionDep,
    user: Guarded,
    agreement: AgreementQuery = None,
    verdict: Verdict = None,
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
) -> Page[IncidentData]:
    """Incidents by date, as ``ceasefire incidents --format json`` gives them: with
    ``agreement``, each with its verdict, trace and zone under it; always with claims, votes
    and member events."""
    found = incident_records(
        session, agreement=agreement, verdict=verdict, zone=zone, party=party, event_type=type,
        status=status, date_from=date_from, date_to=date_to,
        bbox=parse_bbox(bbox) if bbox else None, limit=limit, offset=offset,
    )  # fmt: skip
    return Page[IncidentData](items=found.items, total=found.total, limit=limit, offset=offset)


@router.get("/{incident_id}", response_model=IncidentData)
def get_incident(
    session: SessionDep, user: Guarded, incident_id: IncidentId, agreement: AgreementQuery = None
) -> IncidentData:
    """One incident (as ``ceasefire incident show --format json``): without ``agreement``,
    its verdict under the agreement reviewing it, else the only one it is assessed under."""
    return incident_record(session, incident_id, agreement=agreement)


@router.post("/fuse", response_model=FuseOut)
def fuse_incidents(store: StoreDep, user: Guarded) -> FuseOut:
    """Fuse events not yet in an incident; existing incidents keep their ids."""
    with store.transaction() as session:
        done = fuse(session, actor=user.name)
    return FuseOut(
        new_events=done.new_events, incidents_created=done.incidents_created,
        incidents_extended=done.incidents_extended, claims_changed=done.claims_changed,
        skipped=[SkippedOut(kind=k.kind, id=k.id, reason=k.reason) for k in done.skipped],
    )  # fmt: skip
