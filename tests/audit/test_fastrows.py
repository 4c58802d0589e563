"""The quick proof of stored CSV rows, and the rows it leaves to the full re-parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from ceasefire.audit.fastrows import FastRows
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.events.models import EventRow
from ceasefire.events.store import INSERT_COLUMNS
from ceasefire.sources.formats import CSV_FORMATS
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.models import BatchRow

COLUMNS = [EventRow.__table__.c[name] for name in INSERT_COLUMNS]


@pytest.fixture
def acled(engine: Engine, structured: Path) -> Engine:
    ingest_file(engine, structured / "acled_modern.csv")
    return engine


def proofs(engine: Engine) -> dict[str, bool]:
    """Per event id, whether FastRows proves its stored row without a re-parse."""
    with session_factory(engine)() as session:
        batch = session.scalars(select(BatchRow)).one()
        fast = FastRows(CSV_FORMATS[batch.source_format].plan(json.loads(batch.header)))
        found = {}
        for row in session.execute(select(EventRow.event_id_cnty, *COLUMNS)):
            stored = tuple(row[1:])
            residual = json.loads(stored[INSERT_COLUMNS.index("residual")])
            cells = fast.plan.rebuild(stored[INSERT_COLUMNS.index("residual") + 1 :], residual)
            found[row[0]] = fast.proves(batch.id, stored, cells, residual)
    return found


def test_canonical_rows_are_proved_and_others_left_to_the_full_check(acled: Engine) -> None:
    found = proofs(acled)
    # CFT101 keeps its latitude cell "33.6500" verbatim: its typed value is not in the cells.
    assert found["CFT101"] is False
    assert found["CFT102"] is True


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        # A typed value whose cell is kept verbatim: only the full re-parse sees it.
        ("UPDATE events SET latitude = 34.0 WHERE event_id_cnty = 'CFT101'",
         "stored row was changed (column 'latitude')"),
        # A typed value with no column in the file (the format's default).
        ("UPDATE events SET coder = 'someone' WHERE event_id_cnty = 'CFT102'",
         "stored row was changed (column 'coder')"),
        ("UPDATE events SET fatalities = 99 WHERE event_id_cnty = 'CFT102'",
         "no longer match the content hash"),
        ("UPDATE events SET hash_key = 7 WHERE event_id_cnty = 'CFT102'",
         "stored row was changed (column 'hash_key')"),
    ],
)  # fmt: skip
def test_edits_the_quick_proof_cannot_give_are_caught(
    acled: Engine, statement: str, reason: str
) -> None:
    with acled.begin() as conn:
        conn.execute(text(statement))
    with session_factory(acled)() as session:
        problems = verify_store(session).problems
    assert problems and reason in problems[0].reason, problems
