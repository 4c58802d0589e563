"""Exports of what the dashboard shows: the incidents of one filter as CSV or GeoJSON.

CSV has ACLED's 31 columns, filled from the incident (its first day as ``event_date``, its
summarised actors, place and fatalities, its sources), then ``incident_id``, ``zone``,
``verdict``, ``party``, ``side`` and ``status``. ACLED columns an incident does not have stay
empty. GeoJSON has one Point feature per located incident (unlocated ones have a null
geometry), with the same values as properties. Both are produced line by line, so a large
export is streamed, never held whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ceasefire.events.queries import IncidentItem
from ceasefire.events.record import ACLED_COLUMNS

EXTRA_COLUMNS = ("incident_id", "zone", "verdict", "party", "side", "status")
CSV_COLUMNS = (*ACLED_COLUMNS, *EXTRA_COLUMNS)


def _number(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def incident_cells(item: IncidentItem) -> dict[str, str]:
    """The CSV cells of one incident (every column of ``CSV_COLUMNS``)."""
    row = item.incident
    verdict = item.assessment
    cells = dict.fromkeys(CSV_COLUMNS, "")
    cells.update({
        "event_date": row.date_from.isoformat(), "year": str(row.date_from.year),
        "event_type": row.event_type, "sub_event_type": row.sub_event_type,
        "actor1": row.actor1, "actor2": row.actor2, "country": row.country,
        "admin1": row.admin1, "location": row.location, "latitude": _number(row.latitude),
        "longitude": _number(row.longitude), "source": row.sources,
        "fatalities": str(row.fatalities), "incident_id": str(row.id), "zone": item.zone or "",
        "verdict": verdict.verdict if verdict is not None else "",
        "party": verdict.party if verdict is not None else "",
        "side": verdict.side if verdict is not None else "", "status": row.status,
    })  # fmt: skip
    return cells


def csv_lines(items: Iterable[IncidentItem]) -> Iterator[str]:
    """The CSV file, a header line and then one line per incident."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for item in items:
        cells = incident_cells(item)
        writer.writerow([cells[c] for c in CSV_COLUMNS])
        yield flush()


def incident_feature(item: IncidentItem) -> dict[str, Any]:
    """One incident as a GeoJSON feature (null geometry when it has no coordinates)."""
    row = item.incident
    cells = incident_cells(item)
    props: dict[str, Any] = {
        k: v for k, v in cells.items() if v != "" and k not in ("latitude", "longitude")
    }
    props["incident_id"] = row.id
    props["fatalities"] = row.fatalities
    props["date_to"] = row.date_to.isoformat()
    geometry = None
    if row.latitude is not None and row.longitude is not None:
        geometry = {"type": "Point", "coordinates": [row.longitude, row.latitude]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def geojson_lines(items: Iterable[IncidentItem]) -> Iterator[str]:
    """A GeoJSON FeatureCollection written one feature per line."""
    yield '{"type":"FeatureCollection","features":[\n'
    first = True
    for item in items:
        text = json.dumps(incident_feature(item), ensure_ascii=False, separators=(",", ":"))
        yield (text if first else ",\n" + text)
        first = False
    yield "\n]}\n"
