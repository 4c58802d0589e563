"""Parquet files of ceasefire event records, as ``ceasefire bulk`` writes them.

Columns are the JSON Lines record fields (``event_date`` a date or ISO text, ``rules`` a list
of strings, ``raw`` JSON text); the provenance columns ``input_file`` and ``input_line`` of a
bulk partition are read past (the record's ``raw`` names its document and input, the batch its
partition file and each event its row). Rows are numbered from 1 and read a row group at a
time, so memory stays bounded; progress is reported in bytes, by row group.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.errors import InputError
from ceasefire.sources.reading import Progress, Reject

FORMAT = "parquet"
DESCRIPTION = "Parquet of ceasefire event records (ceasefire bulk partitions)"
SUFFIXES = (".parquet", ".parq")
PROVENANCE = ("input_file", "input_line")


def _record(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in PROVENANCE}
    day = out.get("event_date")
    if isinstance(day, date):
        out["event_date"] = day.isoformat()
    raw = out.get("raw")
    if isinstance(raw, str):
        out["raw"] = json.loads(raw) if raw.strip() else {}
    elif raw is None and "raw" in out:
        out["raw"] = {}
    if out.get("rules") is None and "rules" in out:
        out["rules"] = []
    return out


def read_parquet(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, dict[str, Any]] | Reject]:
    """The records of a Parquet file with their row numbers (from 1)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(
            f"not a readable Parquet file ({exc})",
            source=str(path),
            hint="Check the file; ceasefire bulk writes partitions whole, so a bulk "
            "partition is never half-written.",
        ) from exc
    number = 0
    size = path.stat().st_size
    for group in range(reader.num_row_groups):
        try:
            rows = reader.read_row_group(group).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"unreadable row group {group}: {exc}", source=str(path)) from exc
        for row in rows:
            number += 1
            try:
                yield number, _record(row)
            except ValueError as exc:
                yield Reject(number, f"field 'raw' is not JSON: {exc}", "", "raw")
        if progress is not None:
            progress(size * (group + 1) // reader.num_row_groups)
