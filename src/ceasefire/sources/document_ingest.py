"""Taking in texts: documents stored by content hash, their coded events with provenance.

One call is one write: the new documents, their events and one audit entry commit together.
A document already stored (same normalised text) is skipped with its events, so taking the
same article in twice stores nothing the second time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from ceasefire.db.engine import transaction
from ceasefire.events.store import ROW_HASH, InsertRow, insert_events, record_row
from ceasefire.sources.document_files import read_documents
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.models import BatchRow, DocumentRow
from ceasefire.verification import audit

log = logging.getLogger(__name__)

#: The ``source_format`` of events the text coder made.
CODED_FORMAT = "coded"


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


def batch_digest(document_ids: Sequence[str], event_hashes: Sequence[str]) -> str:
    """The audit digest of a document batch: its document ids (sorted), then event hashes."""
    digest = hashlib.sha256()
    for doc_id in sorted(document_ids):
        digest.update(doc_id.encode())
    for content_hash in event_hashes:
        digest.update(content_hash.encode())
    return digest.hexdigest()


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
    from ceasefire.coding.extract import extract_documents  # spaCy loads on first use only

    summary = DocumentIngestSummary(paths=[str(p) for p in paths])
    docs: dict[str, DocumentRecord] = {}
    for path in paths:
        for doc in read_documents(path, kind):
            summary.documents += 1
            docs.setdefault(doc.id, doc)
    with transaction(engine) as session:
        stored = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(list(docs)))))
        fresh = [doc for doc_id, doc in docs.items() if doc_id not in stored]
        summary.duplicate_documents = summary.documents - len(fresh)
        if not fresh:
            return summary
        batch = BatchRow(
            kind="documents",
            source_format=CODED_FORMAT,
            source_path=", ".join(sorted({Path(d.source_path).name for d in fresh})),
            header="",
            created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
            actor=actor,
        )
        session.add(batch)
        session.flush()
        for doc in fresh:
            session.add(
                DocumentRow(
                    id=doc.id,
                    batch_id=batch.id,
                    kind=doc.kind,
                    title=doc.title,
                    publisher=doc.publisher,
                    url=doc.url,
                    published_at=doc.published_at,
                    language=doc.language,
                    text=doc.text,
                    source_path=doc.source_path,
                )
            )
        session.flush()
        rows: list[InsertRow] = []
        for event in extract_documents(fresh, reference_date=reference_date, progress=progress):
            document_id = str(event.raw.get("document_id", ""))
            if document_id not in docs:
                continue
            rows.append(record_row(event, batch_id=batch.id, document_id=document_id))
        insert_events(session, rows)
        summary.stored_documents = len(fresh)
        summary.events = len(rows)
        entry = audit.append(
            session,
            actor=actor,
            action="ingest",
            record_type="batch",
            record_id=str(batch.id),
            content_hash=batch_digest([d.id for d in fresh], [r[ROW_HASH] for r in rows]),
            detail={"documents": len(fresh), "events": len(rows), "files": batch.source_path},
        )
        summary.batch_id = batch.id
        summary.audit_seq = entry.seq
    log.info("ingested documents: %s", summary)
    return summary
