"""Incident objects (``reports.incidents``) as JSON, CSV and GeoJSON text.

JSON is the array of objects as built. GeoJSON (RFC 7946) is a FeatureCollection with one
Feature per incident: ``id`` the incident id, a Point in longitude, latitude order (``null``
geometry when the incident has no coordinates) and the very same object as its properties,
which QGIS shows as attributes (lists and objects as JSON text).

CSV has one row per incident, under ACLED's column names where ACLED has the column
(``event_date`` is the first day, ``event_id_cnty`` the members' ids joined by ``;``,
``source`` the union of sources, ``notes`` the claims) and ours for the rest; nested values
are flattened into readable cells (``votes``: ``Russia: verified; Turkey: not_verified``,
``trace``: the steps, one ``rule: answer: detail`` per line; ``actor1_id``: the ids joined by
``; ``, ``?`` for a group the registry did not know). Every cell a spreadsheet would
run as a formula gets a leading apostrophe (``sources.formulas``): the CSV is for spreadsheets,
and JSON and GeoJSON keep every value verbatim.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ceasefire.atomic import atomic_text
from ceasefire.errors import InputError
from ceasefire.reports.incidents import IncidentData
from ceasefire.sources.formulas import escape_cell

INCIDENT_FORMATS = ("table", "json", "csv", "geojson")

#: CSV columns and how each is read off an object.
CSV_COLUMNS = (
    "incident_id", "event_id_cnty", "event_date", "date_to", "country", "admin1", "location",
    "latitude", "longitude", "zone", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities", "source", "agreement", "verdict", "party", "side", "confidence", "status",
    "allegation", "claimant", "event_count", "source_count", "documents", "claims", "notes",
    "votes", "trace", "claim_of", "actor1_id", "actor2_id",
)  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_cell(str(value))


def _step(step: Any) -> str:
    if isinstance(step, dict):
        parts = (step.get("rule"), step.get("answer"), step.get("detail"))
        return ": ".join(str(p) for p in parts if p)
    return str(step)


def _ids(ids: list[str | None] | None) -> str:
    return "; ".join(i if i is not None else "?" for i in ids or ())


def csv_row(record: IncidentData) -> list[str]:
    """One incident as a CSV row in ``CSV_COLUMNS`` order, formula cells escaped."""
    events = record["events"]
    values: dict[str, Any] = {
        **record,
        "incident_id": record["id"],
        "event_id_cnty": "; ".join(e["event_id_cnty"] for e in events if e["event_id_cnty"]),
        "event_date": record["date_from"],
        "source": record["sources"],
        "documents": "; ".join(sorted({e["document"] for e in events if e["document"]})),
        "claims": len(record["claims"]),
        "notes": "\n".join(c["claim"] for c in record["claims"]),
        "votes": "; ".join(f"{v['member']}: {v['choice']}" for v in record["votes"]),
        "trace": "\n".join(_step(s) for s in record["trace"]),
        "claim_of": "; ".join(str(i) for i in record["claim_of"]),
        "actor1_id": _ids(record["actor1_id"]),
        "actor2_id": _ids(record["actor2_id"]),
    }
    return [_cell(values.get(c)) for c in CSV_COLUMNS]


def to_csv(records: Iterable[IncidentData]) -> str:
    """The incidents as CSV text with a header row (a header alone when there are none)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_row(record))
    return out.getvalue()


def to_json(records: Iterable[IncidentData]) -> str:
    """The incidents as a JSON array (indented, UTF-8 text kept as is)."""
    return json.dumps(list(records), ensure_ascii=False, indent=2) + "\n"


def feature(record: IncidentData) -> dict[str, Any]:
    """One incident as a GeoJSON Feature (RFC 7946: longitude first)."""
    geometry = None
    if record["latitude"] is not None and record["longitude"] is not None:
        geometry = {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
    return {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": record}


def to_geojson(records: Iterable[IncidentData]) -> str:
    """The incidents as a GeoJSON FeatureCollection."""
    collection = {"type": "FeatureCollection", "features": [feature(r) for r in records]}
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


#: The renderer of each file format.
RENDERERS: dict[str, Callable[[Iterable[IncidentData]], str]] = {
    "json": to_json, "csv": to_csv, "geojson": to_geojson,
}  # fmt: skip


def write_incidents(
    records: Sequence[IncidentData],
    output: str | Path,
    *,
    fmt: str,
    protected: Mapping[Path, str] | None = None,
    replace: bool = False,
) -> int:
    """Write the incidents to ``output`` in ``fmt`` (json, csv, geojson), whole or not at all
    (``atomic.OutputFile``: never over ``protected`` paths, a directory or a device; an
    existing file only with ``replace``; ``-`` is standard output). Returns how many."""
    if fmt not in RENDERERS:
        raise InputError(
            f"cannot write format {fmt!r} to a file", field="--format",
            hint=f"Choose one of: {', '.join(RENDERERS)}.",
        )  # fmt: skip
    newline = "" if fmt == "csv" else None
    with atomic_text(output, newline=newline, protected=protected, replace=replace) as fh:
        fh.write(RENDERERS[fmt](records))
    return len(records)
