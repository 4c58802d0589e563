"""Code one text with a given coder (shared by the coding tests)."""

from __future__ import annotations

from datetime import date

from ceasefire.coding.extract import extract_documents
from ceasefire.coding.pipeline import Coder
from ceasefire.events.record import EventRecord
from ceasefire.sources.documents import DocumentRecord

REFERENCE = date(2017, 1, 25)


def code(coder: Coder, text: str, reference: date = REFERENCE) -> list[EventRecord]:
    doc = DocumentRecord(kind="article", text=text)
    return list(extract_documents([doc], reference_date=reference, coder=coder))


def one(coder: Coder, text: str, reference: date = REFERENCE) -> EventRecord:
    events = code(coder, text, reference)
    assert len(events) == 1, [(e.event_type, e.notes) for e in events]
    return events[0]
