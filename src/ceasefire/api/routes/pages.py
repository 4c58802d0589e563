"""The dashboard's HTML pages and the offline API documentation. The pages are static: their
scripts (``web/static``) ask the API for data with the token the visitor signed in with."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import FileResponse

from ceasefire.web.assets import page_path

router = APIRouter(include_in_schema=False)


def _page(name: str) -> FileResponse:
    return FileResponse(page_path(name), media_type="text/html; charset=utf-8")


@router.get("/")
def dashboard_page() -> FileResponse:
    """The dashboard: map, timeline, filters, the incidents in view."""
    return _page("dashboard.html")


@router.get("/incident/{incident_id}")
def incident_page(incident_id: Annotated[int, Path(ge=1, le=2**62)]) -> FileResponse:
    """One incident: sources with their spans, the rule trace, claims, votes, comments."""
    return _page("incident.html")


@router.get("/docs")
def docs_page() -> FileResponse:
    """Swagger UI over /openapi.json, from the npm install (works offline)."""
    return _page("docs.html")
