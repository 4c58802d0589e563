"""ceasefire ingest reads Parquet partitions (as ceasefire bulk writes them) directly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ceasefire.bulk.partitions import write_partition
from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError
from ceasefire.events.models import EventRow
from ceasefire.events.record import EventRecord
from ceasefire.events.store import row_record
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.models import BatchRow

RECORDS = [
    EventRecord(
        event_date=date(2017, 1, 5), event_type="Battles", country="Syria", fatalities=2,
        latitude=33.6, longitude=36.2, actor1="Military Forces of Syria (2000-)",
        notes="Regime forces shelled Douma, killing 2.", span_start=0, span_end=38,
        rules=["trigger:shell", "actor:subject"], confidence=0.85,
        raw={"document_id": "ab" * 32, "input": "a.txt"},
    ),
    EventRecord(
        event_date=date(2017, 1, 6), event_type="Explosions/Remote violence", modality="alleged",
        claimant="Military Forces of Russia (2000-)", time_precision=2,
        raw={"document_id": "cd" * 32, "input": "7"},
    ),
]  # fmt: skip


def _partition(folder: Path) -> Path:
    rows = [
        {**r.to_json_dict(), "input_file": f"/corpus/{i}.txt", "input_line": i + 1}
        for i, r in enumerate(RECORDS)
    ]
    return write_partition(folder, 0, "parquet", rows, [("k1", 1), ("k2", 1)])


def test_bulk_partition_is_stored_with_its_provenance(engine: Engine, tmp_path: Path) -> None:
    path = _partition(tmp_path)
    summary = ingest_file(engine, path)
    assert (summary.format, summary.rows, summary.stored) == ("parquet", 2, 2)
    with session_factory(engine)() as session:
        rows = session.scalars(select(EventRow).order_by(EventRow.id)).all()
        assert [row_record(r, json.loads(r.residual)).to_json_dict() for r in rows] == [
            r.to_json_dict() for r in RECORDS
        ]
        assert [r.source_line for r in rows] == [1, 2]
        batch = session.get(BatchRow, rows[0].batch_id)
        assert batch is not None
        assert (batch.source_format, batch.source_path) == ("parquet", "part-00000.parquet")


def test_same_events_from_jsonl_are_duplicates(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, _partition(tmp_path))
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in RECORDS), "utf-8")
    assert (ingest_file(engine, jsonl).duplicates, ingest_file(engine, jsonl).stored) == (2, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PAR1 not really parquet", "not a readable Parquet file"), (b"", "not a readable Parquet")],
)
def test_unreadable_parquet_is_named(
    engine: Engine, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        ingest_file(engine, path)
    assert err.value.source == str(path)
