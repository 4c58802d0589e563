"""The write of ``coding_queue.queue_documents`` in as few statements as its guarantees allow.

Under the write lock (``db.engine.transaction``: ``BEGIN IMMEDIATE`` on SQLite, an advisory
lock on PostgreSQL), one read and one write:

1. **read** (``read_before_write``), one ``SELECT``: which of the documents are stored already,
   the audit chain's tail (seq, hash) and the id the new batch gets (PostgreSQL: ``nextval`` of
   its sequence; SQLite: one past the largest, as SQLite itself would pick, safe under the
   write lock);
2. **write** (``write_queued``): the batch, the new documents, one coding job each and the
   audit entry naming them, hashed in Python from what the read returned. On PostgreSQL one
   statement (data-modifying CTEs over ``unnest`` of arrays, so any number of documents; the
   foreign keys are checked at its end); on SQLite, which has no such CTEs and no round trips
   (it runs in the process), one ``INSERT`` per table.

Every statement is built once and compiled once (SQLAlchemy's cache), and no ORM unit of work
runs: building statements and flushing objects was most of the CPU a report cost. What is
stored is what ``queue_documents`` stored before, row for row (tests/sources/test_queue_write.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, TextClause, bindparam, insert, text
from sqlalchemy.sql.dml import Insert

from ceasefire.audit.models import AuditEntryRow
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.models import BatchRow, DocumentRow

BATCHES: Table = BatchRow.__table__  # type: ignore[assignment]
DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]
AUDIT: Table = AuditEntryRow.__table__  # type: ignore[assignment]
#: Columns of the audit entry as written (its ``id`` comes from the database).
ENTRY_COLUMNS = ("seq", "at", "actor", "action", "record_type", "record_id", "content_hash",
                 "detail", "prev_hash", "entry_hash")  # fmt: skip

_TAIL_AND_DOCUMENTS = """
SELECT n.batch_id, t.seq, t.entry_hash, d.id
FROM n
LEFT OUTER JOIN (SELECT seq, entry_hash FROM audit_entries ORDER BY seq DESC LIMIT 1) AS t
    ON 1 = 1
LEFT OUTER JOIN documents AS d ON d.id IN :ids
"""
#: The next batch id. PostgreSQL: a CTE calling a volatile function is evaluated once.
_NEXT_BATCH = {
    "postgresql": "WITH n AS (SELECT nextval(pg_get_serial_sequence('batches', 'id')) AS batch_id)",
    "sqlite": "WITH n AS (SELECT COALESCE(MAX(id), 0) + 1 AS batch_id FROM batches)",
}

_PG_WRITE = """
WITH b AS (
    INSERT INTO batches (id, kind, source_format, source_path, header, created_at, actor,
                         organisation, id_space)
    VALUES (:id, :kind, :source_format, :source_path, :header, :created_at, :actor,
            :organisation, :id_space)
), d AS (
    INSERT INTO documents (id, batch_id, kind, title, publisher, url, published_at, language,
                           text, source_path)
    SELECT u.id, :id, u.kind, u.title, u.publisher, u.url, u.published_at, u.language, u.text,
           u.source_path
    FROM unnest(CAST(:doc_ids AS text[]), CAST(:doc_kinds AS text[]),
                CAST(:doc_titles AS text[]), CAST(:doc_publishers AS text[]),
                CAST(:doc_urls AS text[]), CAST(:doc_published AS timestamptz[]),
                CAST(:doc_languages AS text[]), CAST(:doc_texts AS text[]),
                CAST(:doc_paths AS text[]))
         AS u(id, kind, title, publisher, url, published_at, language, text, source_path)
), j AS (
    INSERT INTO coding_jobs (document_id, reference_date, queued_at)
    SELECT u.id, CAST(:reference_date AS date), :queued_at
    FROM unnest(CAST(:doc_ids AS text[])) AS u(id)
)
INSERT INTO audit_entries (seq, at, actor, action, record_type, record_id, content_hash,
                           detail, prev_hash, entry_hash)
VALUES (:a_seq, :a_at, :a_actor, :a_action, :a_record_type, :a_record_id, :a_content_hash,
        :a_detail, :a_prev_hash, :a_entry_hash)
"""


@cache
def _read(dialect: str) -> TextClause:
    return text(_NEXT_BATCH[dialect] + _TAIL_AND_DOCUMENTS).bindparams(
        bindparam("ids", expanding=True)
    )


@cache
def _inserts(jobs: Table) -> tuple[Insert, Insert, Insert, Insert]:
    return insert(BATCHES), insert(DOCUMENTS), insert(jobs), insert(AUDIT)


_PG_WRITE_STATEMENT = text(_PG_WRITE)


@dataclass(frozen=True)
class Before:
    """What the read found: stored ids among those asked, the chain's tail, the batch id."""

    stored: set[str]
    tail: tuple[int, str] | None
    batch_id: int


def read_before_write(conn: Connection, ids: Sequence[str]) -> Before:
    """One ``SELECT``: the stored ids among ``ids``, the audit tail and the next batch id."""
    rows = conn.execute(_read(conn.dialect.name), {"ids": list(ids)}).all()
    batch_id, seq, entry_hash = rows[0][0], rows[0][1], rows[0][2]
    return Before(
        stored={row[3] for row in rows if row[3] is not None},
        tail=(int(seq), str(entry_hash)) if seq is not None else None,
        batch_id=int(batch_id),
    )


def document_values(doc: DocumentRecord, batch_id: int) -> dict[str, Any]:
    return {
        "id": doc.id, "batch_id": batch_id, "kind": doc.kind, "title": doc.title,
        "publisher": doc.publisher, "url": doc.url, "published_at": doc.published_at,
        "language": doc.language, "text": doc.text, "source_path": doc.source_path,
    }  # fmt: skip


def write_queued(
    conn: Connection,
    *,
    batch: dict[str, Any],
    docs: Sequence[DocumentRecord],
    jobs: Table,
    reference_date: date | None,
    queued_at: str,
    entry: AuditEntryRow,
) -> None:
    """Insert the batch (with its ``id``), ``docs``, one job each (table ``jobs``) and the
    audit ``entry``."""
    audit_row = {name: getattr(entry, name) for name in ENTRY_COLUMNS}
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_WRITE_STATEMENT, {
            **batch,
            "doc_ids": [d.id for d in docs], "doc_kinds": [d.kind for d in docs],
            "doc_titles": [d.title for d in docs], "doc_publishers": [d.publisher for d in docs],
            "doc_urls": [d.url for d in docs],
            "doc_published": [d.published_at for d in docs],
            "doc_languages": [d.language for d in docs], "doc_texts": [d.text for d in docs],
            "doc_paths": [d.source_path for d in docs],
            "reference_date": reference_date, "queued_at": queued_at,
            **{f"a_{name}": value for name, value in audit_row.items()},
        })  # fmt: skip
        return
    batches, documents, coding_jobs, audit_entries = _inserts(jobs)
    conn.execute(batches, batch)
    conn.execute(documents, [document_values(doc, batch["id"]) for doc in docs])
    conn.execute(coding_jobs, [
        {"document_id": doc.id, "reference_date": reference_date, "queued_at": queued_at}
        for doc in docs
    ])  # fmt: skip
    conn.execute(audit_entries, audit_row)
