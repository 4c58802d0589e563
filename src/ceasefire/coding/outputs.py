"""Write coded events as ACLED CSV, JSON Lines or GeoJSON, never leaving a half-written file.

Output goes through ``ceasefire.atomic``: to a temporary file in the destination's folder,
renamed over the destination only when everything was written, never over an input.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

from ceasefire.atomic import atomic_text, inputs_of
from ceasefire.errors import InputError
from ceasefire.events.record import ACLED_COLUMNS, EventRecord

FORMATS = ("acled", "jsonl", "geojson")


class EventWriter(Protocol):
    """Writes one event (or, with ``event=None``, an empty row for ``row_id``)."""

    def write(self, event: EventRecord | None, row_id: str = "") -> None: ...


def acled_row(event: EventRecord | None) -> dict[str, str]:
    """The ACLED CSV cells of an event (all empty for None)."""
    if event is None:
        return dict.fromkeys(ACLED_COLUMNS, "")
    data = event.to_json_dict()
    row: dict[str, str] = {}
    for col in ACLED_COLUMNS:
        if col == "year":
            row[col] = str(event.event_date.year) if event.event_date else ""
            continue
        value = data.get(col)
        row[col] = "" if value is None else str(value)
    return row


class _AcledWriter:
    def __init__(self, fh: IO[str], with_id: bool) -> None:
        self.with_id = with_id
        columns = (("id",) if with_id else ()) + ACLED_COLUMNS
        self.writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        self.writer.writeheader()

    def write(self, event: EventRecord | None, row_id: str = "") -> None:
        row = acled_row(event)
        if self.with_id:
            row = {"id": row_id, **row}
        self.writer.writerow(row)


class _JsonlWriter:
    def __init__(self, fh: IO[str], with_id: bool) -> None:
        self.fh = fh
        self.with_id = with_id

    def write(self, event: EventRecord | None, row_id: str = "") -> None:
        data: dict[str, Any] = event.to_json_dict() if event is not None else {"event": None}
        if self.with_id:
            data = {"id": row_id, **data}
        self.fh.write(json.dumps(data, ensure_ascii=False) + "\n")


class _GeoJsonWriter:
    def __init__(self, fh: IO[str], with_id: bool) -> None:
        self.fh = fh
        self.with_id = with_id
        self.count = 0
        fh.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, event: EventRecord | None, row_id: str = "") -> None:
        props: dict[str, Any] = event.to_json_dict() if event is not None else {}
        if self.with_id:
            props = {"id": row_id, **props}
        geometry = None
        if event is not None and event.latitude is not None and event.longitude is not None:
            geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
        feature = {"type": "Feature", "geometry": geometry, "properties": props}
        self.fh.write(("" if self.count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.fh.write("\n]}\n")


@contextmanager
def open_writer(
    output: str | Path,
    fmt: str,
    *,
    with_id: bool = False,
    inputs: Iterable[Path] = (),
    force: bool = False,
    protected: Mapping[Path, str] | None = None,
) -> Iterator[EventWriter]:
    """A writer of ``fmt`` to ``output`` ("-" is standard output), committed on success only.

    ``output`` may not be one of ``inputs``, a directory or a device; an existing file is
    replaced only with ``force`` (see ``ceasefire.atomic``).
    """
    if fmt not in FORMATS:
        raise InputError(
            f"unknown output format '{fmt}'",
            field="format",
            hint=f"Use one of: {', '.join(FORMATS)}.",
        )
    never = {**(protected or {}), **inputs_of(list(inputs))}
    with atomic_text(output, newline="", protected=never, replace=force) as fh:
        writer = _make(fh, fmt, with_id)
        yield writer
        if isinstance(writer, _GeoJsonWriter):
            writer.close()


def _make(fh: IO[str], fmt: str, with_id: bool) -> EventWriter:
    if fmt == "acled":
        return _AcledWriter(fh, with_id)
    if fmt == "jsonl":
        return _JsonlWriter(fh, with_id)
    return _GeoJsonWriter(fh, with_id)
