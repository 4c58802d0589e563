"""The dashboard's data: map points, the incidents in view, the timeline, zone shapes, and
exports of the current filter. Every route takes the same filter parameters (the ones the
dashboard keeps in its URL) and calls ``analytics.dashboard``."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from ceasefire.agreements.service import get_agreement
from ceasefire.analytics import dashboard as lib
from ceasefire.api.deps import SessionDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.routes.incidents import parse_bbox
from ceasefire.api.schemas import (
    AssessmentOut,
    DashboardConfig,
    IncidentOut,
    MapPoints,
    Page,
    TimelineDay,
    TimelineMarker,
    TimelineOut,
    ZoneStateOut,
    ZoneStatusOut,
)
from ceasefire.events.incidents import get_incident
from ceasefire.places.boundaries import load_boundaries
from ceasefire.reports.view_exports import csv_lines, geojson_lines

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

Text = Annotated[str | None, Query(max_length=200)]


def view_filter(
    agreement: Annotated[str | None, Query(max_length=128)] = None,
    zone: Annotated[str | None, Query(max_length=128)] = None,
    party: Text = None,
    type: Annotated[str | None, Query(max_length=64, description="ACLED event type.")] = None,
    verdict: Annotated[
        str | None, Query(pattern="^(violation|no_violation|undetermined|unassessed)$")
    ] = None,
    status: Annotated[
        str | None, Query(pattern="^(reported|under_review|verified|not_verified|disputed)$")
    ] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    bbox: Annotated[
        str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")
    ] = None,
) -> lib.ViewFilter:
    """The filter of the dashboard's URL."""
    return lib.ViewFilter(
        agreement=agreement or None, zone=zone or None, party=party or None,
        event_type=type or None, verdict=verdict, status=status, date_from=date_from,
        date_to=date_to, bbox=parse_bbox(bbox) if bbox else None,
    )  # fmt: skip


Filter = Annotated[lib.ViewFilter, Depends(view_filter)]


@router.get("/config", response_model=DashboardConfig)
def dashboard_config(request: Request, user: Guarded) -> DashboardConfig:
    """What the dashboard page needs to know of the server: the optional tile layer."""
    settings = request.app.state.web
    return DashboardConfig(tile_url=settings.tile_url or None,
                           tile_attribution=settings.tile_attribution)  # fmt: skip


@router.get("/boundaries")
def boundaries(user: Guarded) -> Response:
    """Syria's governorates and its neighbours' outlines (Natural Earth, public domain)."""
    return Response(_boundaries_body(), media_type="application/geo+json")


@lru_cache(maxsize=1)
def _boundaries_body() -> bytes:
    return json.dumps(load_boundaries(), separators=(",", ":")).encode()


@router.get("/zones")
def zone_shapes(
    session: SessionDep, user: Guarded, agreement: Annotated[str, Query(max_length=128)]
) -> dict[str, Any]:
    """The agreement's zones as GeoJSON (admin1 zones drawn with their governorates)."""
    terms = get_agreement(session, agreement)
    return {"type": "FeatureCollection", "features": lib.zone_features(terms)}


@router.get("/zone-status", response_model=ZoneStatusOut)
def zone_status(
    session: SessionDep,
    user: Guarded,
    view: Filter,
    days: Annotated[int, Query(ge=1, le=366)] = 7,
) -> ZoneStatusOut:
    """Each zone's holding status (holding, strained, broken, with why) over the ``days`` days
    to the filter's ``date_to`` (default: the latest incident's day), as ``ceasefire status``."""
    done = lib.zone_states(session, view, days=days)
    return ZoneStatusOut(
        as_of=done.as_of, days=done.days, note=done.note,
        zones=[ZoneStateOut(zone=z.zone, name=z.name, status=z.status, text=z.why,
                            violations=z.violations) for z in done.zones],
    )  # fmt: skip


@router.get("/points", response_model=MapPoints)
def map_points(session: SessionDep, user: Guarded, view: Filter) -> Response:
    """Every located incident passing the filter, as ``[id, lat, lon, verdict, status]``.

    Written straight to JSON (the schema above documents it): ten thousand rows through
    response validation would take longer than the query."""
    found = lib.map_points(session, view)
    rows = [[p.id, p.latitude, p.longitude, p.verdict, p.status] for p in found]
    body = json.dumps({"count": len(rows), "points": rows}, separators=(",", ":"))
    return Response(body, media_type="application/json")


@router.get("/incidents", response_model=Page[IncidentOut])
def incidents_in_view(
    session: SessionDep, user: Guarded, view: Filter, limit: Limit = 100, offset: Offset = 0
) -> Page[IncidentOut]:
    """The incidents passing the filter (``bbox``: the visible map area), by date."""
    found = lib.incidents_in_view(session, view, limit=limit, offset=offset)
    items = [IncidentOut.of(i.incident, i.assessment, i.zone) for i in found.items]
    return Page[IncidentOut](items=items, total=found.total, limit=limit, offset=offset)


@router.get("/incidents/{incident_id}/assessments", response_model=list[AssessmentOut])
def incident_assessments(
    session: SessionDep, user: Guarded, incident_id: Annotated[int, Path(ge=1, le=2**62)]
) -> list[AssessmentOut]:
    """The verdicts on one incident under every agreement, each with its rule trace."""
    get_incident(session, incident_id)
    return [AssessmentOut.of(r) for r in lib.incident_assessments(session, incident_id)]


@router.get("/timeline", response_model=TimelineOut)
def timeline(session: SessionDep, user: Guarded, view: Filter) -> TimelineOut:
    """Violations per day and side under the filter's agreement, with its start and the
    dates guarantors joined."""
    done = lib.daily_violations(session, view)
    return TimelineOut(
        sides=done.sides,
        days=[TimelineDay(day=d, counts=c) for d, c in done.days],
        markers=[TimelineMarker(day=m.date, label=m.label) for m in done.markers],
    )


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}},
)
def export_view(
    session: SessionDep,
    user: Guarded,
    view: Filter,
    format: Literal["csv", "geojson"] = "csv",
) -> Response:
    """The incidents passing the filter as a file: CSV (ACLED columns plus incident_id, zone,
    verdict, party, side, status) or GeoJSON with the same properties."""
    items = lib.iter_incidents(session, view)
    if format == "csv":
        body, media, name = "".join(csv_lines(items)), "text/csv", "incidents.csv"
    else:
        body, media, name = (
            "".join(geojson_lines(items)),
            "application/geo+json",
            ("incidents.geojson"),
        )
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
