"""Writing and reading event rows. Bulk writes go through the driver's executemany directly."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ceasefire.actors.ids import ID_COLUMNS, IdResolver
from ceasefire.actors.registry import default_registry
from ceasefire.events.models import EventRow
from ceasefire.events.record import EventRecord, hash_content
from ceasefire.events.values import FIELD_INDEX, TYPED_COLUMNS, record_values, values_record
from ceasefire.sources.models import BatchRow

META_COLUMNS = ("batch_id", "source_line", "document_id", "content_hash", "hash_key", "residual")
INSERT_COLUMNS = META_COLUMNS + TYPED_COLUMNS
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def hash_key(digest: bytes) -> int:
    """The indexed 64-bit key of a content hash (its first 8 bytes, signed)."""
    return int.from_bytes(digest[:8], "big", signed=True)


#: Positions in an insert row (a tuple in ``INSERT_COLUMNS`` order).
ROW_LINE = INSERT_COLUMNS.index("source_line")
ROW_HASH = INSERT_COLUMNS.index("content_hash")
ROW_KEY = INSERT_COLUMNS.index("hash_key")
ROW_EVENT_ID = INSERT_COLUMNS.index("event_id_cnty")
ROW_RESIDUAL = INSERT_COLUMNS.index("residual")
ROW_VALUES = len(META_COLUMNS)

InsertRow = tuple[Any, ...]


def record_hash(record: EventRecord) -> str:
    """Content hash of a JSON record (our own format and the coder's output)."""
    return hash_content(record.to_json_dict())


def record_row(
    record: EventRecord,
    *,
    batch_id: int,
    source_line: int | None = None,
    document_id: str | None = None,
) -> InsertRow:
    """The insert row of a record: typed values, ``raw`` as the residual, hash of the record."""
    digest = record_hash(record)
    return (
        batch_id, source_line, document_id, digest, hash_key(bytes.fromhex(digest)),
        _ENCODE(record.raw), *record_values(record),
    )  # fmt: skip


def _marks(paramstyle: str, n: int) -> str:
    """``n`` comma-separated placeholders in the driver's style."""
    return ", ".join(["?" if paramstyle == "qmark" else "%s"] * n)


#: What an insert writes: the row, then the actor ids resolved from it (``actors/ids.py``).
WRITE_COLUMNS = INSERT_COLUMNS + tuple(ID_COLUMNS.values())
_ACTORS = [ROW_VALUES + FIELD_INDEX[name] for name in ID_COLUMNS]
_COUNTRY = ROW_VALUES + FIELD_INDEX["country"]
_DATE = ROW_VALUES + FIELD_INDEX["event_date"]


def insert_sql(paramstyle: str) -> str:
    cols = ", ".join(f'"{c}"' for c in WRITE_COLUMNS)
    return f"INSERT INTO events ({cols}) VALUES ({_marks(paramstyle, len(WRITE_COLUMNS))})"


def with_actor_ids(rows: Sequence[InsertRow], resolver: IdResolver) -> list[InsertRow]:
    """Each row followed by the ids of its actor1 and actor2 (as named on its date)."""
    out: list[InsertRow] = []
    for row in rows:
        day = row[_DATE]
        if isinstance(day, str):
            day = date.fromisoformat(day)
        country = row[_COUNTRY] or ""
        ids = tuple(resolver.ids(row[i] or "", country=country, on=day) for i in _ACTORS)
        out.append((*row, *ids))
    return out


def insert_events(
    session: Session, rows: Sequence[InsertRow], resolver: IdResolver | None = None
) -> int:
    """Insert rows with one executemany, each with its actor ids resolved through
    ``resolver`` (default: one on the default registry); duplicates must have been filtered
    out before."""
    if not rows:
        return 0
    conn = session.connection()
    resolver = resolver or IdResolver(default_registry())
    conn.exec_driver_sql(insert_sql(conn.dialect.paramstyle), with_actor_ids(rows, resolver))
    return len(rows)


def _select_in(
    session: Session, sql: str, keys: Sequence[Any], chunk: int, first: tuple[Any, ...] = ()
) -> Iterator[Any]:
    """Rows of ``sql`` (ending in ``IN ({})``) for ``keys``, ``chunk`` keys per query;
    ``first`` are the values of the placeholders ``{mark}`` before the IN list."""
    conn = session.connection()
    mark = _marks(conn.dialect.paramstyle, 1)
    for i in range(0, len(keys), chunk):
        part = tuple(keys[i : i + chunk])
        yield from conn.exec_driver_sql(
            sql.format(_marks(conn.dialect.paramstyle, len(part)), mark=mark), (*first, *part)
        )


def existing_hashes(
    session: Session, rows: Sequence[InsertRow], *, space: str = "", chunk: int = 900
) -> set[str]:
    """The content hashes among ``rows`` without an ``event_id_cnty`` that are already stored
    in id space ``space`` (rows with an id are checked by ``stored_hashes_by_id``)."""
    keys = list({r[ROW_KEY] for r in rows if not r[ROW_EVENT_ID]})
    sql = (
        "SELECT e.content_hash FROM events e JOIN batches b ON b.id = e.batch_id "
        "WHERE b.id_space = {mark} AND e.event_id_cnty = '' AND e.hash_key IN ({})"
    )
    return {r[0] for r in _select_in(session, sql, keys, chunk, (space,))}


def stored_hashes_by_id(
    session: Session, ids: Iterable[str], *, space: str = "", chunk: int = 900
) -> dict[str, set[str]]:
    """event_id_cnty -> the content hashes stored under it in id space ``space`` (see
    ``sources.submitters``), for the given ids that are stored."""
    found: dict[str, set[str]] = {}
    keys = sorted({i for i in ids if i})
    sql = (
        "SELECT e.event_id_cnty, e.content_hash FROM events e JOIN batches b ON b.id = e.batch_id "
        "WHERE b.id_space = {mark} AND e.event_id_cnty IN ({})"
    )
    for event_id, content_hash in _select_in(session, sql, keys, chunk, (space,)):
        found.setdefault(event_id, set()).add(content_hash)
    return found


#: The columns that say who coded an event rather than what happened; an ACLED export of a
#: UCDP row, read back, is the same event coded "acled".
PROVENANCE_COLUMNS = ("coder", "rules")
_FACT_COLUMNS = [name for name in TYPED_COLUMNS if name not in PROVENANCE_COLUMNS]
_FACT_INDEX = [TYPED_COLUMNS.index(name) for name in _FACT_COLUMNS]


def same_event_stored(
    session: Session, event_id: str, values: Sequence[Any], *, space: str = ""
) -> bool:
    """Is an event with this id and these facts (provenance aside) already stored in ``space``?"""
    facts = [values[i] for i in _FACT_INDEX]
    columns = [EventRow.__table__.c[name] for name in _FACT_COLUMNS]
    rows = session.execute(
        select(*columns)
        .join(BatchRow, BatchRow.id == EventRow.batch_id)
        .where(EventRow.event_id_cnty == event_id, BatchRow.id_space == space)
    )
    return any(list(r) == facts for r in rows)


def row_values(row: EventRow) -> list[Any]:
    """The typed values of a stored row, in ``TYPED_COLUMNS`` order."""
    return [getattr(row, name) for name in TYPED_COLUMNS]


def row_record(row: EventRow, raw: dict[str, Any] | None = None) -> EventRecord:
    return values_record(row_values(row), raw)


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to read: by country and date range."""

    countries: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def apply(self, query: Select[tuple[EventRow]]) -> Select[tuple[EventRow]]:
        if self.countries:
            query = query.where(EventRow.country.in_(self.countries))
        if self.date_from:
            query = query.where(EventRow.event_date >= self.date_from)
        if self.date_to:
            query = query.where(EventRow.event_date <= self.date_to)
        return query


def iter_events(session: Session, where: EventFilter = EventFilter()) -> Iterator[EventRow]:
    """Stored events in storage order, streamed."""
    query = where.apply(select(EventRow).order_by(EventRow.id))
    yield from session.scalars(query.execution_options(yield_per=2000))
