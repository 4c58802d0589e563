"""Taking in texts: documents by content hash, coded events with provenance, all audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError
from ceasefire.events.models import EventRow
from ceasefire.sources.intake import ingest_path
from ceasefire.sources.models import DocumentRow
from ceasefire.verification.integrity import verify_store

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
