"""Exports of stored events: ACLED CSV, GeoJSON, JSON Lines."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ceasefire.api.deps import EngineDep
from ceasefire.api.routes.common import Guarded
from ceasefire.reports.exports import export_events as export_lib

router = APIRouter(prefix="/exports", tags=["exports"])

MEDIA = {
    "acled": ("text/csv", "events.csv"),
    "geojson": ("application/geo+json", "events.geojson"),
    "jsonl": ("application/x-ndjson", "events.jsonl"),
}


@router.get(
    "/events",
    response_class=FileResponse,
    responses={200: {"content": {m: {} for m, _ in MEDIA.values()}}},
)
def export_events(
    engine: EngineDep,
    user: Guarded,
    format: Literal["acled", "geojson", "jsonl"] = "acled",
    agreement: Annotated[str | None, Query(max_length=128)] = None,
    country: Annotated[list[str] | None, Query(max_length=50)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> FileResponse:
    """The stored events passing the filters, as a file (same as ``ceasefire export``)."""
    media, name = MEDIA[format]
    folder = Path(tempfile.mkdtemp(prefix="ceasefire-export-"))
    try:
        export_lib(
            engine, folder / name, fmt=format, agreement_id=agreement,
            countries=tuple(country or ()), date_from=date_from, date_to=date_to,
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        folder / name, media_type=media, filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )  # fmt: skip
