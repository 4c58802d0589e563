"""Storing queued reports in one read and one write: the same rows and audit entry as the ORM
path stored, the statements it takes on each database, nothing stored twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, event, func, select, text

from ceasefire.audit.integrity import verify_store
from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.seal import SEAL_VERSION, seals
from ceasefire.db.engine import session_factory
from ceasefire.sources.coding_queue import CodingJobRow, document_record, queue_documents
from ceasefire.sources.document_ingest import batch_digest
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.models import BatchRow, DocumentRow

DOCS = [
    DocumentRecord(kind="report", text="Government forces shelled Douma on Monday.",
                   title="Douma", publisher="Wire", url="https://example.org/1",
                   published_at=datetime(2017, 1, 9, 10, 30, tzinfo=UTC), language="en",
                   source_path="/uploads/douma.txt"),
    DocumentRecord(kind="article", text="قصفت قوات النظام بلدة عين الفيجة في وادي بردى.",
                   title="وادي بردى", published_at=datetime(2017, 1, 5, 23, 0, tzinfo=UTC),
                   source_path="api"),
    DocumentRecord(kind="statement", text="Rebels said 'no' to the \"truce\"\tagain.\n",
                   source_path="api"),
]  # fmt: skip


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs (first word of each), from now on."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(" ".join(statement.split()[:3]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_queued_reports_are_stored_as_given_with_their_jobs_and_entry(engine: Engine) -> None:
    done = queue_documents(engine, [*DOCS, DOCS[0]], actor="ru-monitor", organisation="Russia",
                           reference_date=date(2017, 1, 10))  # fmt: skip
    ids = [doc.id for doc in DOCS]
    assert (done.document_ids, done.stored_ids, done.duplicates) == (ids, ids, 0)
    with session_factory(engine)() as session:
        rows = {row.id: row for row in session.scalars(select(DocumentRow))}
        assert [document_record(rows[doc.id]) for doc in DOCS] == DOCS
        assert {row.batch_id for row in rows.values()} == {done.batch_id}
        batch = session.get(BatchRow, done.batch_id)
        assert batch is not None
        assert (batch.kind, batch.source_format, batch.source_path, batch.header, batch.actor,
                batch.organisation, batch.id_space) == (
            "documents", "coded", "api, douma.txt", "", "ru-monitor", "Russia", "")  # fmt: skip
        jobs = session.scalars(select(CodingJobRow).order_by(CodingJobRow.document_id)).all()
        assert [(j.document_id, j.reference_date, j.state, j.batch_id) for j in jobs] == [
            (doc_id, date(2017, 1, 10), "queued", None) for doc_id in sorted(ids)
        ]
        assert len({j.queued_at for j in jobs}) == 1
        (entry,) = session.scalars(select(AuditEntryRow)).all()
        assert (entry.seq, entry.actor, entry.action, entry.record_type, entry.record_id,
                entry.content_hash) == (done.audit_seq, "ru-monitor", "ingest", "batch",
                                        str(done.batch_id), batch_digest(ids, []))  # fmt: skip
        detail = json.loads(entry.detail)
        seal = detail.pop("seal")
        assert detail == {
            "documents": 3, "events": 0, "files": "api, douma.txt",
            "queued": {doc_id: "2017-01-10" for doc_id in ids},
        }  # fmt: skip
        # sealed from the values written, equal to what the stored rows give read back
        assert seal == {
            "v": SEAL_VERSION,
            "digest": dict(seals(session, "batch", [batch.id]))[batch.id],
        }
        report = verify_store(session)
        assert (report.ok, report.unsealed) == (True, 0)


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("documents", "title", "Douma (edited)"),
        ("documents", "url", "https://example.org/elsewhere"),
        ("documents", "published_at", datetime(2017, 1, 8, 10, 30, tzinfo=UTC)),
        ("batches", "actor", "someone-else"),
        ("batches", "source_path", "forged.txt"),
    ],
)
def test_a_queued_report_edited_in_the_store_is_caught(
    engine: Engine, table: str, column: str, value: object
) -> None:
    done = queue_documents(engine, DOCS[:1], actor="ru-monitor")
    with engine.begin() as conn:
        rows = conn.execute(text(f"UPDATE {table} SET {column} = :v"), {"v": value}).rowcount
    assert rows == 1
    with session_factory(engine)() as session:
        problems = verify_store(session).problems
    assert [(p.seq, p.record) for p in problems] == [
        (done.audit_seq, f"batch {done.batch_id} (table {table}, field {column})")
    ]


def test_each_write_links_to_the_last_and_stores_a_text_once(engine: Engine) -> None:
    first = queue_documents(engine, DOCS[:1])
    second = queue_documents(engine, DOCS)
    again = queue_documents(engine, DOCS[::-1])
    assert (first.batch_id, first.audit_seq, first.stored_ids) == (1, 1, [DOCS[0].id])
    assert (second.batch_id, second.audit_seq, second.stored_ids) == (
        2, 2, [DOCS[1].id, DOCS[2].id],
    )  # fmt: skip
    assert (again.batch_id, again.audit_seq, again.stored_ids, again.duplicates) == (
        None, None, [], 3,
    )  # fmt: skip
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 3
        assert session.scalar(select(func.count()).select_from(CodingJobRow)) == 3
        assert verify_store(session).ok


@pytest.mark.parametrize(
    ("earlier", "docs", "sqlite", "postgresql"),
    [
        # SQLite: BEGIN IMMEDIATE, the read, one INSERT per table (in the process, no trip)
        # PostgreSQL: the write lock, the read, one statement storing everything
        ([], DOCS[:1], 6, 3),
        ([], DOCS, 6, 3),
        (DOCS[:1], DOCS, 6, 3),
        (DOCS, DOCS[:1], 2, 2),  # a duplicate: the read only
    ],
)
def test_a_report_is_one_read_and_one_write(
    engine: Engine,
    statements: list[str],
    earlier: list[DocumentRecord],
    docs: list[DocumentRecord],
    sqlite: int,
    postgresql: int,
) -> None:
    if earlier:
        queue_documents(engine, earlier)
    statements.clear()
    queue_documents(engine, docs)
    assert len(statements) == {"sqlite": sqlite, "postgresql": postgresql}[engine.dialect.name], (
        statements
    )
