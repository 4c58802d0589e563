"""The source record behind each stored event, as independence (``independence.py``) sees it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.events.fusion import DISTINCT_ROW_DATASETS
from ceasefire.events.independence import SourceRecord, credited_sources, origin_name, shingles
from ceasefire.events.models import EventRow
from ceasefire.sources.models import DocumentRow

_CHUNK = 500


def dataset_of(event: EventRow) -> str:
    """The structured dataset a row comes from (``acled``, ``ucdp``), or "" for anything else."""
    return event.coder if event.document_id is None and event.coder in DISTINCT_ROW_DATASETS else ""


def document_record(document: DocumentRow) -> SourceRecord:
    """A document's source record: its publisher, the sources its text credits, its text."""
    cited = credited_sources(document.text)
    if document.publisher.strip():
        cited.add(origin_name(document.publisher))
    return SourceRecord(document.id, "", frozenset(cited), shingles(document.text))


def source_record(event: EventRow, document: SourceRecord | None = None) -> SourceRecord:
    """What one event's source is: its document's record (``document_record``) or its row
    (dataset and the sources its ``source`` column names)."""
    cited = frozenset(origin_name(s) for s in event.source.split(";") if s.strip())
    if event.document_id is None:
        return SourceRecord(f"event:{event.id}", dataset_of(event), cited)
    if document is None:
        return SourceRecord(event.document_id, "", cited)
    return SourceRecord(document.key, "", document.origins | cited, document.shingles)


def source_records(session: Session, events: Iterable[EventRow]) -> dict[int, SourceRecord]:
    """Each event's source record (by event id), reading the documents they were coded from."""
    events = list(events)
    wanted = sorted({e.document_id for e in events if e.document_id})
    documents: dict[str, DocumentRow] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(DocumentRow).where(DocumentRow.id.in_(wanted[i : i + _CHUNK]))
        documents.update({d.id: d for d in session.scalars(query)})
    return records_with(events, documents)


def records_with(
    events: Iterable[EventRow], documents: Mapping[str, DocumentRow]
) -> dict[int, SourceRecord]:
    """Each event's source record, its document looked up in ``documents``."""
    by_document = {key: document_record(d) for key, d in documents.items()}
    return {
        e.id: source_record(e, by_document.get(e.document_id) if e.document_id else None)
        for e in events
    }
