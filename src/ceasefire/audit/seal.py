"""Seals: the stored fields outside a record's content hash, vouched for by its audit entry.

A record's content hash covers what it says (an event's source record, a vote's choice); the
columns around it (an event's ``source_line``, ``document_id`` and registry actor ids, a
document's title, url and date, a batch's actor and file, an incident member's ``added_by``,
an incident's review times) were in no hash until format 1 of the seal. Since then, each entry
that writes such records adds ``detail.seal``: for every sealed record, a string of the SHA-256
over all its sealed fields followed by the first 8 hex digits of each field's own digest (so
``audit verify`` can name the field that changed). Entries written before have no seal: their
records' fields outside the content hash are not vouched for, and ``audit verify`` says how
many such entries there are rather than rewriting history (docs/audit.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ceasefire.accounts.models import UserRow
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.models import EventRow
from ceasefire.sources.models import BatchRow, DocumentRow
from ceasefire.verification.comment_models import CommentRow
from ceasefire.verification.review_models import VoteRow

SEAL_VERSION = 1
_HINT = 8
_CHUNK = 500


@dataclass(frozen=True)
class Part:
    """Rows of one table belonging to a sealed record (``owner`` = the record's id)."""

    table: str
    owner: InstrumentedAttribute[Any]
    key: InstrumentedAttribute[Any]
    fields: tuple[str, ...]


#: Per record type of an audit entry, the tables and fields its seal covers.
SEALED: dict[str, tuple[Part, ...]] = {
    "batch": (
        Part("batches", BatchRow.id, BatchRow.id,
             ("kind", "source_format", "source_path", "actor", "organisation", "id_space",
              "created_at")),
        Part("documents", DocumentRow.batch_id, DocumentRow.id,
             ("kind", "title", "publisher", "url", "published_at", "language", "source_path")),
        Part("events", EventRow.batch_id, EventRow.id,
             ("source_line", "document_id", "actor1_id", "actor2_id")),
    ),
    "incident": (
        Part("incidents", IncidentRow.id, IncidentRow.id,
             ("status_changed_at", "decided_at", "created_at")),
        Part("incident_events", IncidentEventRow.incident_id, IncidentEventRow.event_id,
             ("added_by", "added_at")),
    ),
    "vote": (Part("votes", VoteRow.id, VoteRow.id, ("user_id", "cast_at")),),
    "comment": (Part("comments", CommentRow.id, CommentRow.id, ("user_id",)),),
    "user": (Part("users", UserRow.id, UserRow.id, ("created_at", "created_by")),),
}  # fmt: skip


def field_names(kind: str) -> list[str]:
    return [f"{part.table}.{name}" for part in SEALED[kind] for name in part.fields]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLite drops the offset of UTC values
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value


def _line(key: Any, value: Any) -> bytes:
    """One row's field as hashed: the repr of its key and value (ints, strings, None)."""
    return f"{key!r}\t{_value(value)!r}\n".encode()


def seals(session: Session, kind: str, owners: Sequence[int]) -> Iterator[tuple[int, str]]:
    """(record id, seal) for each of ``owners`` (ids of records of ``kind``), streamed."""
    for start in range(0, len(owners), _CHUNK):
        chunk = sorted(owners[start : start + _CHUNK])
        hashers = {o: [hashlib.sha256() for _ in field_names(kind)] for o in chunk}
        offset = 0
        for part in SEALED[kind]:
            columns = [part.owner.class_.__table__.c[name] for name in part.fields]
            query = (
                select(part.owner, part.key, *columns)
                .where(part.owner.in_(chunk))
                .order_by(part.owner, part.key)
                .execution_options(yield_per=5000)
            )
            for row in session.execute(query):
                slots = hashers[row[0]]
                for i, value in enumerate(row[2:]):
                    slots[offset + i].update(_line(row[1], value))
            offset += len(part.fields)
        for owner in chunk:
            yield owner, _finish(hashers[owner])


def _finish(hashers: Sequence[Any]) -> str:
    """The seal from the per-field hashers: SHA-256 over their digests, then each one's hint."""
    digests = [h.hexdigest() for h in hashers]
    whole = hashlib.sha256("".join(digests).encode()).hexdigest()
    return whole + "".join(d[:_HINT] for d in digests)


def seal_of_values(kind: str, parts: Sequence[Sequence[tuple[Any, dict[str, Any]]]]) -> str:
    """The seal of one record of ``kind`` from the values about to be written, without reading
    them back: for each of ``SEALED[kind]``'s parts, its rows as (key, {field: value}). Equal
    to what ``seals`` reads once they are stored (tests/sources/test_queue_write.py)."""
    hashers = [hashlib.sha256() for _ in field_names(kind)]
    offset = 0
    for part, rows in zip(SEALED[kind], parts, strict=True):
        for key, values in sorted(rows, key=lambda row: row[0]):
            for i, name in enumerate(part.fields):
                hashers[offset + i].update(_line(key, values[name]))
        offset += len(part.fields)
    return _finish(hashers)


def seal_detail(
    session: Session, record_type: str, record_id: str, detail: dict[str, Any]
) -> dict[str, Any] | None:
    """The ``seal`` an entry about ``record_type``/``record_id`` adds to its detail, if any."""
    if record_type == "fusion_run":
        owners = [int(k) for k in detail.get("incidents", {})]
        kind = "incident"
    elif record_type in SEALED:
        owners, kind = [int(record_id)], record_type
    else:
        return None
    session.flush()
    found = dict(seals(session, kind, owners))
    if record_type == "fusion_run":
        return {"v": SEAL_VERSION, "incidents": {str(k): v for k, v in found.items()}}
    return {"v": SEAL_VERSION, "digest": found.get(int(record_id), "")}


def changed_field(kind: str, stored: str, expected: str) -> str:
    """The first sealed field whose hint differs (or all of them, if no hint tells)."""
    names = field_names(kind)
    for i, name in enumerate(names):
        at = 64 + i * _HINT
        if stored[at : at + _HINT] != expected[at : at + _HINT]:
            return name
    return ", ".join(names)


def read_seals(
    record_type: str, record_id: str, detail: dict[str, Any]
) -> Iterable[tuple[str, int, str | None]]:
    """(kind, record id, seal or None) for each record an entry vouches for."""
    seal = detail.get("seal")
    if record_type == "fusion_run":
        sealed = seal.get("incidents", {}) if isinstance(seal, dict) else {}
        for key in detail.get("incidents", {}):
            yield "incident", int(key), sealed.get(key)
    elif record_type in SEALED:
        yield record_type, int(record_id), seal.get("digest") if isinstance(seal, dict) else None
