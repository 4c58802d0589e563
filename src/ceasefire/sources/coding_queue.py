"""Durable asynchronous coding: store texts at once, code them later, exactly once.

``queue_documents`` stores new documents in one audited write, each with a row in
``coding_jobs``: that table, next to the documents, is the queue, so a server killed with
``kill -9`` loses nothing: what it had stored is still queued when it starts again.
``code_queued`` takes the oldest queued jobs, codes them outside any transaction, then in one
audited write (under the write lock, after checking again that each job is still queued)
stores their events in a batch of kind ``coding`` and marks the jobs coded or failed. The
events and the mark commit together, so a document is never coded twice, even with several
coders (server workers) running at once: the loser of a race stores nothing.

A document without a job row was coded when it was stored (``ingest_texts``, the CLI).

Audit entries: the store write is a ``batch`` entry like ``ingest_texts`` writes, whose
``detail.queued`` maps each document id to its reference date; the coding write is a ``batch``
entry over its events whose ``detail.coded`` maps each job to ``job_hash``. ``audit verify``
checks every job against the latest of these (``audit/decisions_check.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import Date, Engine, ForeignKey, Index, Integer, String, Text, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ceasefire.audit import log as audit
from ceasefire.audit.seal import SEAL_VERSION, seal_of_values
from ceasefire.db.base import Base
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.record import EventRecord, hash_content
from ceasefire.events.sanity import require_plausible_date
from ceasefire.events.store import ROW_HASH, InsertRow, insert_events, record_row
from ceasefire.sources.document_ingest import (
    batch_digest,
    batch_values,
    new_batch,
    unique_documents,
)
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.models import DocumentRow
from ceasefire.sources.queue_write import document_values, read_before_write, write_queued

log = logging.getLogger(__name__)

CodingState = Literal["queued", "coded", "failed"]
#: Longest error message kept on a failed job.
MAX_ERROR = 500
CODER_ACTOR = "coder"


class CodingJobRow(Base):
    """A document waiting to be coded, or coded (``coded_at``, events in ``batch_id``), or
    failed (``error``). ``reference_date`` is what relative dates count from."""

    __tablename__ = "coding_jobs"

    document_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("documents.id"), primary_key=True
    )
    reference_date: Mapped[date | None] = mapped_column(Date)
    queued_at: Mapped[str] = mapped_column(String(40))
    coded_at: Mapped[str | None] = mapped_column(String(40))
    batch_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("batches.id"))
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # The queue: only jobs still waiting are indexed, so taking the oldest stays cheap
        # however many documents were coded before.
        Index(
            "ix_coding_jobs_waiting",
            "queued_at",
            sqlite_where=text("coded_at IS NULL AND error IS NULL"),
            postgresql_where=text("coded_at IS NULL AND error IS NULL"),
        ),
    )

    @property
    def state(self) -> CodingState:
        if self.error is not None:
            return "failed"
        return "coded" if self.coded_at is not None else "queued"


def job_hash(job: CodingJobRow) -> str:
    """Content hash of a job's outcome (what the coding write's audit entry vouches for)."""
    return hash_content([job.document_id, job.state, job.coded_at, job.batch_id, job.error])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass
class QueueSummary:
    """What ``queue_documents`` stored: ``stored_ids`` are new and queued; the rest of
    ``document_ids`` (in the order given) were stored already."""

    document_ids: list[str] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)
    batch_id: int | None = None
    audit_seq: int | None = None

    @property
    def duplicates(self) -> int:
        return len(self.document_ids) - len(self.stored_ids)


def queue_documents(
    engine: Engine,
    docs: Sequence[DocumentRecord],
    *,
    actor: str = "local",
    reference_date: date | None = None,
    writing: Callable[[], AbstractContextManager[object]] | None = None,
    organisation: str = "",
) -> QueueSummary:
    """Store the new documents among ``docs`` uncoded, queued for ``code_queued``; one write
    of one read and one insert statement (``queue_write``).

    ``writing`` is held around the write (the API's queue of SQLite writers).
    """
    require_plausible_date(reference_date, "reference_date")
    unique = unique_documents(docs)
    summary = QueueSummary(document_ids=list(unique))
    with (writing or nullcontext)(), transaction(engine) as session:
        conn = session.connection()
        before = read_before_write(conn, list(unique))
        fresh = [doc for doc_id, doc in unique.items() if doc_id not in before.stored]
        if not fresh:
            return summary
        batch = {"id": before.batch_id, **batch_values(fresh, kind="documents", actor=actor,
                                                        organisation=organisation)}  # fmt: skip
        day = reference_date.isoformat() if reference_date is not None else None
        entry = audit.new_entry(
            before.tail,
            actor=actor,
            action="ingest",
            record_type="batch",
            record_id=str(before.batch_id),
            content_hash=batch_digest([d.id for d in fresh], []),
            detail={
                "documents": len(fresh),
                "events": 0,
                "files": batch["source_path"],
                "queued": {doc.id: day for doc in fresh},
                # The batch's and documents' fields outside the content hash (audit/seal.py),
                # sealed from the values written: this write reads nothing back.
                "seal": {
                    "v": SEAL_VERSION,
                    "digest": seal_of_values(
                        "batch",
                        [
                            [(before.batch_id, batch)],
                            [(doc.id, document_values(doc, before.batch_id)) for doc in fresh],
                            [],
                        ],
                    ),
                },
            },
        )
        write_queued(
            conn, batch=batch, docs=fresh, jobs=CodingJobRow.__table__,  # type: ignore[arg-type]
            reference_date=reference_date, queued_at=_now(), entry=entry,
        )  # fmt: skip
        summary.stored_ids = [doc.id for doc in fresh]
        summary.batch_id = before.batch_id
        summary.audit_seq = entry.seq
    return summary


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite drops the offset of UTC values
        return value.replace(tzinfo=UTC)
    return value


def document_record(row: DocumentRow) -> DocumentRecord:
    """The record a stored document was made from (what the coder reads)."""
    return DocumentRecord(
        kind=row.kind, text=row.text, title=row.title, publisher=row.publisher, url=row.url,
        published_at=_aware(row.published_at), language=row.language,
        source_path=row.source_path,
    )  # fmt: skip


def queued_jobs(session: Session, *, limit: int) -> list[tuple[CodingJobRow, DocumentRow]]:
    """The oldest ``limit`` queued jobs with their documents."""
    query = (
        select(CodingJobRow, DocumentRow)
        .join(DocumentRow, DocumentRow.id == CodingJobRow.document_id)
        .where(CodingJobRow.coded_at.is_(None), CodingJobRow.error.is_(None))
        .order_by(CodingJobRow.queued_at, CodingJobRow.document_id)
        .limit(limit)
    )
    return [(job, doc) for job, doc in session.execute(query).tuples()]


def queued_count(session: Session) -> int:
    """How many documents wait to be coded."""
    query = select(func.count()).where(
        CodingJobRow.coded_at.is_(None), CodingJobRow.error.is_(None)
    )
    return int(session.scalar(query) or 0)


def coding_status(session: Session, document_id: str) -> tuple[CodingState, str | None]:
    """A stored document's coding state and error (no job: coded when it was stored)."""
    job = session.get(CodingJobRow, document_id)
    if job is None:
        return "coded", None
    return job.state, job.error


@dataclass
class CodingSummary:
    """What one ``code_queued`` call did."""

    taken: int = 0
    coded: int = 0
    failed: int = 0
    skipped: int = 0  # coded meanwhile by another coder
    events: int = 0
    batch_id: int | None = None
    audit_seq: int | None = None


def _code_one(doc: DocumentRecord, reference: date | None) -> list[EventRecord]:
    from ceasefire.coding.extract import extract_documents  # spaCy loads on first use only

    events = list(extract_documents([doc], reference_date=reference))
    dated = [e for e in events if e.event_date is not None]
    if len(dated) < len(events):  # a stored event has a day; the coder gives none here
        log.warning(
            "document %s: %d event(s) without a date (no date in the text, no reference date) "
            "not stored",
            doc.id,
            len(events) - len(dated),
        )
    return dated


def code_queued(
    engine: Engine,
    *,
    limit: int = 16,
    actor: str = CODER_ACTOR,
    writing: Callable[[], AbstractContextManager[object]] | None = None,
    code: Callable[[DocumentRecord, date | None], list[EventRecord]] = _code_one,
) -> CodingSummary:
    """Code up to ``limit`` queued documents and store their events in one audited write.

    A document the coder fails on is marked failed with the error (and not tried again);
    a store error rolls the write back whole and leaves the jobs queued.
    """
    summary = CodingSummary()
    with session_factory(engine)() as session:
        taken = [(job.document_id, job.reference_date, document_record(doc))
                 for job, doc in queued_jobs(session, limit=limit)]  # fmt: skip
    if not taken:
        return summary
    summary.taken = len(taken)
    results: dict[str, list[EventRecord] | str] = {}
    for doc_id, reference, record in taken:
        try:
            results[doc_id] = code(record, reference)
        except Exception as exc:  # the coder's failure on one text must not stop the queue
            log.exception("coding document %s failed", doc_id)
            results[doc_id] = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    with (writing or nullcontext)(), transaction(engine) as session:
        audit.lock_writes(session)
        jobs = [session.get(CodingJobRow, doc_id) for doc_id, _, _ in taken]
        open_jobs = [j for j in jobs if j is not None and j.state == "queued"]
        summary.skipped = summary.taken - len(open_jobs)
        if not open_jobs:
            return summary
        batch = new_batch(session, [record for _, _, record in taken], kind="coding", actor=actor)
        stamp = _now()
        rows: list[InsertRow] = []
        for job in open_jobs:
            outcome = results[job.document_id]
            if isinstance(outcome, str):
                job.error = outcome
                summary.failed += 1
                continue
            rows.extend(
                record_row(event, batch_id=batch.id, document_id=job.document_id)
                for event in outcome
            )
            job.coded_at = stamp
            job.batch_id = batch.id
            summary.coded += 1
        insert_events(session, rows)
        session.flush()
        entry = audit.append(
            session,
            actor=actor,
            action="coding",
            record_type="batch",
            record_id=str(batch.id),
            content_hash=batch_digest([], [r[ROW_HASH] for r in rows]),
            detail={
                "events": len(rows),
                "failed": summary.failed,
                "coded": {job.document_id: job_hash(job) for job in open_jobs},
            },
        )
        summary.events = len(rows)
        summary.batch_id = batch.id
        summary.audit_seq = entry.seq
    log.info("coded queued documents: %s", summary)
    return summary
