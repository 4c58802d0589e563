"""Taking in texts: documents by content hash, coded events with provenance, all audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError
from ceasefire.events.models import EventRow
from ceasefire.events.record import EventRecord
from ceasefire.sources.coding_queue import (
    code_queued,
    coding_status,
    queue_documents,
    queued_count,
)
from ceasefire.sources.document_ingest import ingest_texts
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.intake import ingest_path
from ceasefire.sources.models import DocumentRow
from ceasefire.sources.text import parse_text

ARTICLE = """Title: Shelling in Wadi Barada
Date: 2017-01-05
Source: Fixture Wire

Government forces shelled the village of Basima in Wadi Barada on Thursday, killing three
civilians, local activists said. The Russian military accused rebels of violating the truce.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "wadi-barada.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_text_is_stored_with_its_coded_events(engine: Engine, article: Path) -> None:
    summary = ingest_path(engine, article)
    assert (summary.documents, summary.stored_documents) == (1, 1)  # type: ignore[union-attr]
    with session_factory(engine)() as session:
        doc = session.scalars(select(DocumentRow)).one()
        events = list(session.scalars(select(EventRow).where(EventRow.document_id == doc.id)))
        assert doc.title == "Shelling in Wadi Barada"
        assert events, "the article describes a violent event"
        shelling = [e for e in events if e.event_type == "Explosions/Remote violence"]
        assert shelling and shelling[0].span_start is not None
        assert doc.text[shelling[0].span_start : shelling[0].span_end]
        assert verify_store(session).ok


def test_same_text_twice_is_a_no_op(engine: Engine, article: Path, tmp_path: Path) -> None:
    ingest_path(engine, article)
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    again = ingest_path(engine, copy)
    assert (again.stored_documents, again.duplicate_documents) == (0, 1)  # type: ignore[union-attr]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_entries")).scalar_one() == 1


def test_changed_document_text_is_caught(engine: Engine, article: Path) -> None:
    ingest_path(engine, article)
    with engine.begin() as conn:
        conn.execute(text("UPDATE documents SET text = replace(text, 'three', 'thirty')"))
    with session_factory(engine)() as session:
        report = verify_store(session)
    assert "its text was changed" in str(report.problems[0])


def test_binary_text_file_is_refused_and_nothing_stored(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match=r"image\.txt"):
        ingest_path(engine, path)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one() == 0


def test_reference_date_resolves_relative_days(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    path.write_text(ARTICLE.split("\n\n", 1)[1], encoding="utf-8")
    ingest_path(engine, path, reference_date=date(2017, 1, 6))
    with session_factory(engine)() as session:
        dates = set(session.scalars(select(EventRow.event_date)))
    assert date(2017, 1, 5) in dates


def doc(text: str) -> DocumentRecord:
    return parse_text(text, source="test")


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT action FROM audit_entries ORDER BY seq")).scalars())


def test_ingest_texts_codes_only_new_documents(engine: Engine) -> None:
    first = ingest_texts(engine, [doc(ARTICLE)], actor="ru-monitor")
    assert (first.documents, first.stored_documents, first.duplicate_documents) == (1, 1, 0)
    assert first.events >= 1 and first.audit_seq == 1
    coded: list[int] = []
    again = ingest_texts(engine, [doc(ARTICLE), doc(ARTICLE)], progress=coded.append)
    assert (again.documents, again.stored_documents, again.duplicate_documents) == (2, 0, 2)
    assert coded == []  # a stored text is not coded again
    assert audit_actions(engine) == ["ingest"]


def test_a_text_stored_meanwhile_is_not_stored_twice(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer stores the text while this call codes it: the write checks again under
    the lock and drops it with its events."""
    from ceasefire.coding import extract

    real = extract.extract_documents

    def racing(docs: list[DocumentRecord], **kwargs: object) -> Iterator[EventRecord]:
        queue_documents(engine, [doc(ARTICLE)], actor="other")
        yield from real(docs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract_documents", racing)
    summary = ingest_texts(engine, [doc(ARTICLE)])
    assert (summary.stored_documents, summary.duplicate_documents, summary.events) == (0, 1, 0)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 1
        assert verify_store(session).ok


def test_queued_documents_are_coded_once(engine: Engine) -> None:
    queued = queue_documents(engine, [doc(ARTICLE)], actor="liaison",
                             reference_date=date(2017, 1, 6))  # fmt: skip
    assert (len(queued.stored_ids), queued.duplicates) == (1, 0)
    doc_id = queued.stored_ids[0]
    with session_factory(engine)() as session:
        assert coding_status(session, doc_id) == ("queued", None)
        assert queued_count(session) == 1
    done = code_queued(engine)
    assert (done.taken, done.coded, done.failed, done.skipped) == (1, 1, 0, 0)
    assert done.events >= 1
    assert code_queued(engine).taken == 0
    again = queue_documents(engine, [doc(ARTICLE)])
    assert (again.stored_ids, again.duplicates, again.batch_id) == ([], 1, None)
    with session_factory(engine)() as session:
        assert coding_status(session, doc_id) == ("coded", None)
        assert queued_count(session) == 0
        events = session.scalars(select(EventRow).where(EventRow.document_id == doc_id)).all()
        assert len(events) == done.events and {e.batch_id for e in events} == {done.batch_id}
        assert verify_store(session).ok
    assert audit_actions(engine) == ["ingest", "coding"]


def test_two_coders_at_once_code_a_document_once(engine: Engine) -> None:
    queue_documents(engine, [doc(ARTICLE)])
    from ceasefire.coding.extract import extract_documents

    def slow_code(record: DocumentRecord, reference: date | None) -> list[EventRecord]:
        inner = code_queued(engine)  # a second coder finishes first
        assert inner.coded == 1
        return list(extract_documents([record], reference_date=reference))

    outer = code_queued(engine, code=slow_code)
    assert (outer.taken, outer.coded, outer.skipped, outer.batch_id) == (1, 0, 1, None)
    with session_factory(engine)() as session:
        assert verify_store(session).ok
    assert audit_actions(engine) == ["ingest", "coding"]


def test_a_coding_failure_is_recorded_and_audited(engine: Engine) -> None:
    queued = queue_documents(engine, [doc(ARTICLE), doc("Title: Other\n\nRebels shelled Hama.")])

    def broken(record: DocumentRecord, reference: date | None) -> list[EventRecord]:
        if "Hama" in record.text:
            raise ValueError("no parse")
        return []

    done = code_queued(engine, code=broken)
    assert (done.coded, done.failed, done.events) == (1, 1, 0)
    with session_factory(engine)() as session:
        states = {d: coding_status(session, d) for d in queued.stored_ids}
        assert sorted(states.values(), key=str) == [
            ("coded", None), ("failed", "ValueError: no parse"),
        ]  # fmt: skip
        assert verify_store(session).ok
    assert code_queued(engine).taken == 0  # a failed job is not retried by itself


def test_a_store_error_while_coding_leaves_the_job_queued(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_documents(engine, [doc(ARTICLE)])
    from ceasefire.sources import coding_queue

    def fail(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(coding_queue, "insert_events", fail)
    with pytest.raises(RuntimeError):
        code_queued(engine)
    monkeypatch.undo()
    with session_factory(engine)() as session:
        assert queued_count(session) == 1
        assert verify_store(session).ok
    assert code_queued(engine).coded == 1


def test_the_date_a_text_states_wins_over_the_reference_date(engine: Engine) -> None:
    """Issue 9: ingest --date overrode the date a document states; it is for texts with none."""
    summary = ingest_texts(engine, [doc(ARTICLE)], reference_date=date(2017, 1, 20))
    with session_factory(engine)() as session:
        dates = set(session.scalars(select(EventRow.event_date)))
    assert date(2017, 1, 5) in dates  # "on Thursday" in an article of Thursday 5 January
    assert date(2017, 1, 19) not in dates
    assert summary.notices == []


def test_events_without_any_date_are_named_and_not_stored(engine: Engine) -> None:
    body = ARTICLE.split("\n\n", 1)[1]
    summary = ingest_texts(engine, [doc(body)])
    assert summary.events == 0
    assert summary.undated_events >= 1
    assert [n.message.split(":")[0] for n in summary.notices] == ["no reference date (the text "
                                                                  "gives none and none was given "
                                                                  "with --date)"]  # fmt: skip
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(EventRow)) == 0
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 1


def test_a_text_in_arabic_is_stored_without_events_and_said_to_be_not_english(
    engine: Engine,
) -> None:
    arabic = "قصفت قوات النظام بلدة سراقب في ريف إدلب يوم الاثنين، ما أدى إلى مقتل مدنيين اثنين."
    summary = ingest_texts(engine, [doc(arabic)], reference_date=date(2017, 1, 20))
    assert (summary.stored_documents, summary.events) == (1, 0)
    assert [str(n) for n in summary.notices] == ["test: not English (Arabic script): no events"]
