"""The append-only, hash-chained audit log.

Each entry stores who did what to which record, the record's content hash and the hash of
the entry before it; its own ``entry_hash`` covers all of that. Changing, removing or
inserting an entry breaks the chain from that point on, which ``verify_chain`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.seal import seal_detail
from ceasefire.db.engine import PG_WRITE_LOCK, WRITE_LOCKED

GENESIS_HASH = "0" * 64
#: The write lock of ``db.engine.transaction``, which takes it first: taking it again here is
#: skipped in its transactions, and serialises writers in any other session.
_PG_AUDIT_LOCK = PG_WRITE_LOCK


def entry_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    record_type: str,
    record_id: str,
    content_hash: str,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 over an entry's fields in a fixed order (the chain's link)."""
    payload = json.dumps(
        [seq, at, actor, action, record_type, record_id, content_hash, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_of(row: AuditEntryRow) -> str:
    return entry_hash(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        record_type=row.record_type,
        record_id=row.record_id,
        content_hash=row.content_hash,
        detail=row.detail,
        prev_hash=row.prev_hash,
    )


def lock_writes(session: Session) -> None:
    """Serialise this transaction with every other writer, before it reads what it will check.

    On PostgreSQL, the transaction-level advisory lock ``append`` takes (held to commit or
    rollback; taking it again in the same transaction is free). On SQLite a no-op: ``BEGIN
    IMMEDIATE`` (see ``db.engine``) already holds the write lock. A writer that checks for
    duplicates and then inserts calls this first, so the check and the insert cannot race.
    """
    if session.get_bind().dialect.name == "postgresql" and not session.info.get(WRITE_LOCKED):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})


#: The last entry's (seq, entry_hash): what the next entry links to.
TAIL = select(AuditEntryRow.seq, AuditEntryRow.entry_hash).order_by(AuditEntryRow.seq.desc())


def new_entry(
    tail: tuple[int, str] | None,
    *,
    actor: str,
    action: str,
    record_type: str,
    record_id: str,
    content_hash: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntryRow:
    """The entry that follows ``tail`` (the last entry's seq and hash; None for the first),
    hashed, not added to any session. The caller holds the write lock since reading ``tail``."""
    seq, prev = (tail[0] + 1, tail[1]) if tail else (1, GENESIS_HASH)
    row = AuditEntryRow(
        seq=seq,
        at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        content_hash=content_hash,
        detail=json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str),
        prev_hash=prev,
    )
    row.entry_hash = _hash_of(row)
    return row


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    record_type: str,
    record_id: str,
    content_hash: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntryRow:
    """Append one entry inside the caller's transaction; it commits or rolls back with the write.

    On PostgreSQL a transaction-level advisory lock serialises appenders; SQLite's
    ``BEGIN IMMEDIATE`` (see ``db.engine``) already holds the write lock.
    """
    lock_writes(session)
    last = session.execute(TAIL.limit(1)).first()
    detail = dict(detail or {})
    seal = seal_detail(session, record_type, record_id, detail)
    if seal is not None:
        detail["seal"] = seal
    row = new_entry(
        (last[0], last[1]) if last else None, actor=actor, action=action,
        record_type=record_type, record_id=record_id, content_hash=content_hash, detail=detail,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain first breaks and why."""

    seq: int
    entry_id: int
    reason: str


def iter_entries(session: Session) -> Iterator[AuditEntryRow]:
    """Every entry in order, streamed, as read-only rows with the attributes of
    ``AuditEntryRow`` (core rows: no ORM objects to build, a fraction of the cost)."""
    query = (
        select(AuditEntryRow.__table__)
        .order_by(AuditEntryRow.seq)
        .execution_options(yield_per=5000)
    )
    yield from cast(Iterator[AuditEntryRow], session.connection().execute(query))


def verify_chain(session: Session) -> tuple[int, ChainProblem | None]:
    """Walk the log in order; return the number of entries and the first problem, if any."""
    prev = GENESIS_HASH
    count = 0
    for row in iter_entries(session):
        count += 1
        if row.seq != count:
            return count, ChainProblem(row.seq, row.id, f"sequence gap: expected {count}")
        if row.prev_hash != prev:
            return count, ChainProblem(
                row.seq, row.id, "prev_hash does not match the previous entry's hash"
            )
        if _hash_of(row) != row.entry_hash:
            return count, ChainProblem(row.seq, row.id, "entry content does not match its hash")
        prev = row.entry_hash
    return count, None
