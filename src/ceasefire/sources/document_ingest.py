"""Taking in texts: documents stored by content hash, their coded events with provenance.

One call is one write: the new documents, their events and one audit entry commit together.
A document already stored (same normalised text) is skipped with its events, so taking the
same article in twice stores nothing the second time.

Coding is slow (~17 ms a report) and runs before the write, outside the transaction, so the
store's write lock is held only for the inserts: a read-only check finds which documents are
new, only those are coded, then the transaction takes the write lock, checks again (another
writer may have stored some meanwhile; their events are dropped) and inserts the rest.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ceasefire.audit import log as audit
from ceasefire.coding.notice import Notice
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.record import EventRecord
from ceasefire.events.sanity import require_plausible_date
from ceasefire.events.store import ROW_HASH, InsertRow, insert_events, record_row
from ceasefire.sources.document_files import read_documents
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.models import BatchRow, DocumentRow

log = logging.getLogger(__name__)

#: The ``source_format`` of events the text coder made.
CODED_FORMAT = "coded"
_CHUNK = 900


@dataclass
class DocumentIngestSummary:
    """What one document ingest did."""

    paths: list[str]
    documents: int = 0
    stored_documents: int = 0
    duplicate_documents: int = 0
    events: int = 0
    batch_id: int | None = None
    audit_seq: int | None = None
    document_ids: list[str] = field(default_factory=list)
    # texts not coded (not English) and events not stored (no date): see Notice
    notices: list[Notice] = field(default_factory=list)
    undated_events: int = 0


def batch_digest(document_ids: Sequence[str], event_hashes: Sequence[str]) -> str:
    """The audit digest of a document batch: its document ids (sorted), then event hashes."""
    digest = hashlib.sha256()
    for doc_id in sorted(document_ids):
        digest.update(doc_id.encode())
    for content_hash in event_hashes:
        digest.update(content_hash.encode())
    return digest.hexdigest()


def stored_document_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """The ids among ``ids`` already stored as documents."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        found.update(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(chunk))))
    return found


def unique_documents(docs: Iterable[DocumentRecord]) -> dict[str, DocumentRecord]:
    """Documents by id, the first of each id kept, in order."""
    out: dict[str, DocumentRecord] = {}
    for doc in docs:
        out.setdefault(doc.id, doc)
    return out


def document_row(doc: DocumentRecord, batch_id: int) -> DocumentRow:
    return DocumentRow(
        id=doc.id,
        batch_id=batch_id,
        kind=doc.kind,
        title=doc.title,
        publisher=doc.publisher,
        url=doc.url,
        published_at=doc.published_at,
        language=doc.language,
        text=doc.text,
        source_path=doc.source_path,
    )


def batch_values(
    docs: Sequence[DocumentRecord], *, kind: str, actor: str, organisation: str = ""
) -> dict[str, object]:
    """The columns of a batch row for a write of ``docs`` (all but its id)."""
    return {
        "kind": kind,
        "source_format": CODED_FORMAT,
        "source_path": ", ".join(sorted({Path(d.source_path).name for d in docs})),
        "header": "",
        "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "organisation": organisation,
        "id_space": "",
    }


def new_batch(
    session: Session,
    docs: Sequence[DocumentRecord],
    *,
    kind: str,
    actor: str,
    organisation: str = "",
) -> BatchRow:
    """A batch row for a write of ``docs``, flushed so it has its id."""
    batch = BatchRow(**batch_values(docs, kind=kind, actor=actor, organisation=organisation))
    session.add(batch)
    session.flush()
    return batch


def ingest_texts(
    engine: Engine,
    docs: Sequence[DocumentRecord],
    *,
    actor: str = "local",
    reference_date: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> DocumentIngestSummary:
    """Code the documents not stored yet and store them with their events, in one write.

    Example:
        ingest_texts(engine, [parse_text(text, source="wire")], actor="ru-monitor")
    """
    from ceasefire.coding.extract import extract_documents  # spaCy loads on first use only

    require_plausible_date(reference_date, "reference_date")
    summary = DocumentIngestSummary(paths=sorted({d.source_path for d in docs if d.source_path}))
    unique = unique_documents(docs)
    summary.documents = len(docs)
    summary.document_ids = list(unique)
    with session_factory(engine)() as session:
        known = stored_document_ids(session, unique)
    to_code = [doc for doc_id, doc in unique.items() if doc_id not in known]
    coded: dict[str, list[EventRecord]] = {doc.id: [] for doc in to_code}
    if to_code:
        events = extract_documents(
            to_code,
            reference_date=reference_date,
            progress=progress,
            notices=summary.notices.append,
        )
        for event in events:
            document_id = str(event.raw.get("document_id", ""))
            if event.event_date is None:
                summary.undated_events += 1  # named in a notice; a stored event has a day
            elif document_id in coded:
                coded[document_id].append(event)
    with transaction(engine) as session:
        audit.lock_writes(session)
        stored = stored_document_ids(session, coded)
        fresh = [doc for doc in to_code if doc.id not in stored]
        summary.duplicate_documents = summary.documents - len(fresh)
        if not fresh:
            return summary
        batch = new_batch(session, fresh, kind="documents", actor=actor)
        session.add_all(document_row(doc, batch.id) for doc in fresh)
        session.flush()
        rows: list[InsertRow] = [
            record_row(event, batch_id=batch.id, document_id=doc.id)
            for doc in fresh
            for event in coded[doc.id]
        ]
        insert_events(session, rows)
        summary.stored_documents = len(fresh)
        summary.events = len(rows)
        detail: dict[str, object] = {
            "documents": len(fresh), "events": len(rows), "files": batch.source_path,
        }  # fmt: skip
        if reference_date is not None:
            detail["reference_date"] = reference_date.isoformat()
        entry = audit.append(
            session,
            actor=actor,
            action="ingest",
            record_type="batch",
            record_id=str(batch.id),
            content_hash=batch_digest([d.id for d in fresh], [r[ROW_HASH] for r in rows]),
            detail=detail,
        )
        summary.batch_id = batch.id
        summary.audit_seq = entry.seq
    log.info("ingested documents: %s", summary)
    return summary


def ingest_documents(
    engine: Engine,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    actor: str = "local",
    reference_date: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> DocumentIngestSummary:
    """Read, code and store the documents in ``paths`` (text, HTML, RSS/Atom feeds)."""
    docs = [doc for path in paths for doc in read_documents(path, kind)]
    summary = ingest_texts(
        engine, docs, actor=actor, reference_date=reference_date, progress=progress
    )
    summary.paths = [str(p) for p in paths]
    return summary
