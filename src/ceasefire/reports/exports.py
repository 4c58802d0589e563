"""Exports of stored events: ACLED CSV, GeoJSON and JSON Lines.

ACLED CSV gives back, for a row that came from an ACLED file, the very cell it had in every
column it had (rebuilt from typed values and residual, see ``sources.csvplan``); other rows
are rendered from their typed values. Columns only older ACLED files have (data_id, ...) are
appended after ACLED's 31 columns when any exported row has them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, distinct, select
from sqlalchemy.orm import Session

from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.atomic import atomic_text, store_files
from ceasefire.db.engine import session_factory
from ceasefire.errors import ConfigError
from ceasefire.events.models import EventRow
from ceasefire.events.record import ACLED_COLUMNS, EventRecord
from ceasefire.events.store import EventFilter, row_values
from ceasefire.events.values import values_record
from ceasefire.sources import acled
from ceasefire.sources.csvplan import RowPlan, render
from ceasefire.sources.formats import CSV_FORMATS
from ceasefire.sources.formulas import escape_cell
from ceasefire.sources.models import BatchRow

EXPORT_FORMATS = ("acled", "geojson", "jsonl")
#: Which cells of an ACLED CSV export get a leading apostrophe when a spreadsheet would read
#: them as a formula: ``untrusted`` (the default) those of records submitted by non-curators,
#: so datasets round-trip exactly; ``all``; or ``none`` (every cell verbatim).
ESCAPE_FORMULAS = ("untrusted", "all", "none")


@dataclass
class ExportSummary:
    path: str
    format: str
    events: int = 0


@dataclass
class _Source:
    """How to rebuild the source row of the events of one batch."""

    plan: RowPlan | None
    is_acled: bool
    trusted: bool = True


class _Sources:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, _Source] = {}

    def get(self, batch_id: int) -> _Source:
        if batch_id not in self.cache:
            batch = self.session.get(BatchRow, batch_id)
            plan = None
            if batch is not None and batch.source_format in CSV_FORMATS:
                plan = CSV_FORMATS[batch.source_format].plan(json.loads(batch.header))
            is_acled = batch is not None and batch.source_format == acled.FORMAT
            trusted = batch is None or batch.id_space == ""
            self.cache[batch_id] = _Source(plan, is_acled, trusted)
        return self.cache[batch_id]


def _source_row(source: _Source, row: EventRow, values: list[Any]) -> dict[str, str]:
    if source.plan is None:
        return {}
    cells = source.plan.rebuild(values, json.loads(row.residual))
    return dict(zip(source.plan.header, cells, strict=True))


def _acled_cells(record: EventRecord) -> dict[str, str]:
    out = {}
    for column in ACLED_COLUMNS:
        if column == "year":
            out[column] = str(record.event_date.year) if record.event_date else ""
        else:
            value = getattr(record, column)
            out[column] = render(value)
    return out


def _agreement_filter(agreement: Agreement | None, where: EventFilter) -> EventFilter:
    if agreement is None:
        return where
    countries = where.countries or tuple(agreement.scope.countries)
    start = agreement.effective_from.astimezone(agreement.local_zone()).date()
    date_from = max(filter(None, (where.date_from, start)))
    date_to = where.date_to
    if agreement.effective_until is not None:
        end = agreement.effective_until.astimezone(agreement.local_zone()).date()
        date_to = min(filter(None, (date_to, end)))
    return EventFilter(countries=countries, date_from=date_from, date_to=date_to)


def _in_scope(agreement: Agreement | None, record: EventRecord) -> bool:
    if agreement is None:
        return True
    covered = agreement.covers_place(
        record.country, record.admin1, record.latitude, record.longitude,
        precision=record.geo_precision,
    )  # fmt: skip
    if record.event_date is None:
        return False
    return covered is not False and agreement.covers_time(record.event_date) is not False


def _extra_columns(session: Session, where: EventFilter) -> list[str]:
    query = where.apply(select(distinct(EventRow.batch_id)))  # type: ignore[arg-type]
    extras: list[str] = []
    for batch in session.scalars(
        select(BatchRow).where(BatchRow.id.in_(query)).order_by(BatchRow.id)
    ):
        if batch.source_format != acled.FORMAT:
            continue
        for column in json.loads(batch.header):
            name = acled.COLUMN_ALIASES.get(column, column)
            if name not in ACLED_COLUMNS and name not in extras:
                extras.append(name)
    return extras


def _rows(
    session: Session, where: EventFilter, agreement: Agreement | None
) -> Iterator[tuple[EventRow, EventRecord, _Source, dict[str, str]]]:
    sources = _Sources(session)
    query = where.apply(select(EventRow).order_by(EventRow.id))
    for row in session.scalars(query.execution_options(yield_per=2000)):
        values = row_values(row)
        source = sources.get(row.batch_id)
        source_row = _source_row(source, row, values)
        raw = source_row if source.plan is not None else json.loads(row.residual)
        record = values_record(values, raw)
        if _in_scope(agreement, record):
            yield row, record, source, source_row


def export_events(
    engine: Engine,
    output: str | Path,
    *,
    fmt: str = "acled",
    force: bool = False,
    escape_formulas: str = "untrusted",
    agreement_id: str | None = None,
    countries: tuple[str, ...] = (),
    date_from: date | None = None,
    date_to: date | None = None,
) -> ExportSummary:
    """Write the stored events that pass the filters to ``output`` (whole, or not at all).

    ``output`` '-' is standard output; an existing file is replaced only with ``force``, and
    the store itself, a directory or a device never (see ``ceasefire.atomic``).
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}", hint=f"Choose one of: {', '.join(EXPORT_FORMATS)}."
        )
    if escape_formulas not in ESCAPE_FORMULAS:
        raise ConfigError(
            f"unknown --escape-formulas {escape_formulas!r}",
            hint=f"Choose one of: {', '.join(ESCAPE_FORMULAS)}.",
        )
    summary = ExportSummary(path=str(output), format=fmt)
    newline = "" if fmt == "acled" else None
    with atomic_text(output, newline=newline, protected=store_files(engine), replace=force) as fh:
        _write(
            engine, fh, summary, fmt, agreement_id, countries, date_from, date_to,
            escape_formulas,
        )  # fmt: skip
    return summary


def _write(
    engine: Engine,
    fh: IO[str],
    summary: ExportSummary,
    fmt: str,
    agreement_id: str | None,
    countries: tuple[str, ...],
    date_from: date | None,
    date_to: date | None,
    escape_formulas: str = "untrusted",
) -> None:
    with session_factory(engine)() as session:
        agreement = get_agreement(session, agreement_id) if agreement_id else None
        where = _agreement_filter(agreement, EventFilter(countries, date_from, date_to))
        rows = _rows(session, where, agreement)
        if fmt == "acled":
            extras = _extra_columns(session, where)
            writer = csv.writer(fh)
            writer.writerow([*ACLED_COLUMNS, *extras])
            for _row, record, source, source_row in rows:
                cells = _acled_cells(record)
                if source.is_acled:
                    for column, cell in source_row.items():
                        cells[acled.COLUMN_ALIASES.get(column, column)] = cell
                row_cells = [cells.get(c, "") for c in (*ACLED_COLUMNS, *extras)]
                if escape_formulas == "all" or (
                    escape_formulas == "untrusted" and not source.trusted
                ):
                    row_cells = [escape_cell(c) for c in row_cells]
                writer.writerow(row_cells)
                summary.events += 1
        elif fmt == "jsonl":
            for _row, record, _source, _raw in rows:
                fh.write(json.dumps(record.to_json_dict(), ensure_ascii=False) + "\n")
                summary.events += 1
        else:
            fh.write('{"type":"FeatureCollection","features":[\n')
            for row, record, _source, _raw in rows:
                if summary.events:
                    fh.write(",\n")
                fh.write(json.dumps(_feature(row, record), ensure_ascii=False))
                summary.events += 1
            fh.write("\n]}\n")


def _feature(row: EventRow, record: EventRecord) -> dict[str, Any]:
    properties = record.to_json_dict()
    properties.pop("raw")
    properties["ceasefire_id"] = row.id
    properties["content_hash"] = row.content_hash
    geometry = None
    if record.latitude is not None and record.longitude is not None:
        geometry = {"type": "Point", "coordinates": [record.longitude, record.latitude]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": properties}
