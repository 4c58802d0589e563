"""Coded and imported events; splitting one out of its incident."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import EventOut, IncidentOut, Page, SplitIn
from ceasefire.errors import NotFoundError
from ceasefire.events.incidents import split_event as split_lib
from ceasefire.events.models import EventRow
from ceasefire.events.queries import query_events

router = APIRouter(prefix="/events", tags=["events"])

EventId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[EventOut])
def list_events(
    session: SessionDep,
    user: Guarded,
    country: Annotated[list[str] | None, Query(max_length=50)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[EventOut]:
    """Stored events in storage order, filtered by country and date range."""
    found = query_events(
        session, countries=tuple(country or ()), date_from=date_from, date_to=date_to,
        limit=limit, offset=offset,
    )  # fmt: skip
    return Page[EventOut](
        items=[EventOut.of(r) for r in found.items], total=found.total, limit=limit, offset=offset
    )


@router.get("/{event_id}", response_model=EventOut)
def get_event(session: SessionDep, user: Guarded, event_id: EventId) -> EventOut:
    """One stored event with the coding decisions (rules, span) behind it."""
    row = session.get(EventRow, event_id)
    if row is None:
        raise NotFoundError(f"no event {event_id}", hint="List events with GET /events.")
    return EventOut.of(row)


@router.post("/{event_id}/split", response_model=IncidentOut)
def split_event(store: StoreDep, user: Guarded, event_id: EventId, body: SplitIn) -> IncidentOut:
    """Undo a merge: move the event into an incident of its own, kept apart from now on."""
    with store.transaction() as session:
        incident = split_lib(session=session, event_id=event_id, user=user, reason=body.reason)
        return IncidentOut.of(incident)
