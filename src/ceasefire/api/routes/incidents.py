"""Incidents: listing with filters, one incident with its events, and fusion runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.api.deps import EngineDep, SessionDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import EventOut, FuseOut, IncidentDetail, IncidentOut, Page
from ceasefire.assessment.service import IncidentLine
from ceasefire.assessment.service import list_incidents as list_lines
from ceasefire.db.engine import transaction
from ceasefire.errors import InputError
from ceasefire.events.incidents import fuse, member_events
from ceasefire.events.incidents import get_incident as get_row

router = APIRouter(prefix="/incidents", tags=["incidents"])

IncidentId = Annotated[int, Path(ge=1, le=2**62)]
Status = Annotated[
    str | None,
    Query(pattern="^(reported|under_review|verified|not_verified|disputed)$"),
]


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` as four floats, checked."""
    parts = value.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        box = ()
    if len(box) != 4 or not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
        raise InputError(
            f"not a bounding box: {value!r}",
            field="bbox",
            hint="Give min_lon,min_lat,max_lon,max_lat, e.g. 36.0,33.3,36.6,33.8.",
        )
    return box[0], box[1], box[2], box[3]


def zone_of(agreement: Agreement | None, line: IncidentLine) -> str | None:
    if agreement is None:
        return None
    inc = line.incident
    zone = agreement.zone_of(inc.admin1, None, inc.latitude, inc.longitude)
    return zone.id if zone is not None else None


def keep(
    line: IncidentLine,
    *,
    zone: str | None,
    zone_id: str | None,
    party: str | None,
    event_type: str | None,
    date_from: date | None,
    date_to: date | None,
    bbox: tuple[float, float, float, float] | None,
) -> bool:
    """Does the incident pass every filter given?"""
    inc = line.incident
    if zone is not None and zone_id != zone:
        return False
    if party is not None:
        wanted = normalise_name(party)
        named = [inc.actor1, inc.actor2, line.assessment.party if line.assessment else ""]
        if wanted not in {normalise_name(n) for n in named if n}:
            return False
    if event_type is not None and inc.event_type.casefold() != event_type.casefold():
        return False
    if date_from is not None and inc.date_to < date_from:
        return False
    if date_to is not None and inc.date_from > date_to:
        return False
    if bbox is not None:
        if inc.latitude is None or inc.longitude is None:
            return False
        if not (bbox[0] <= inc.longitude <= bbox[2] and bbox[1] <= inc.latitude <= bbox[3]):
            return False
    return True


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
    if zone is not None and agreement is None:
        raise InputError(
            "a zone belongs to an agreement", field="zone", hint="Pass agreement= as well."
        )
    box = parse_bbox(bbox) if bbox is not None else None
    terms = get_agreement(session, agreement) if agreement is not None else None
    matched: list[tuple[IncidentLine, str | None]] = []
    for line in list_lines(session, agreement_id=agreement, status=status):
        zone_id = zone_of(terms, line)
        if keep(line, zone=zone, zone_id=zone_id, party=party, event_type=type,
                date_from=date_from, date_to=date_to, bbox=box):  # fmt: skip
            matched.append((line, zone_id))
    items = [
        IncidentOut.of(line.incident, line.assessment, zone_id)
        for line, zone_id in matched[offset : offset + limit]
    ]
    return Page[IncidentOut](items=items, total=len(matched), limit=limit, offset=offset)


@router.get("/{incident_id}", response_model=IncidentDetail)
def get_incident(session: SessionDep, user: Guarded, incident_id: IncidentId) -> IncidentDetail:
    """One incident with every member event (its sources)."""
    row = get_row(session, incident_id)
    events = [EventOut.of(e) for e in member_events(session, incident_id)]
    return IncidentDetail(**IncidentOut.of(row).model_dump(), events=events)


@router.post("/fuse", response_model=FuseOut)
def fuse_incidents(engine: EngineDep, user: Guarded) -> FuseOut:
    """Fuse events not yet in an incident; existing incidents keep their ids."""
    with transaction(engine) as session:
        done = fuse(session, actor=user.name)
    return FuseOut(
        new_events=done.new_events, incidents_created=done.incidents_created,
        incidents_extended=done.incidents_extended,
    )  # fmt: skip
