"""Partition files of a bulk run: written whole (temporary file, then rename) or not at all.

A partition ``part-NNNNN.parquet`` (or ``.jsonl``) holds the events of a run of consecutive
input texts, in input order; the partitions in name order are exactly what ``ceasefire
extract --format jsonl`` writes for the same texts. Parquet columns are the JSON Lines record
fields (``event_date`` a date, ``rules`` a list of strings, ``raw`` its JSON text) followed by
the provenance of each row: ``input_file`` and ``input_line`` of the text it was coded from.
Beside each partition, ``part-NNNNN.keys.json`` lists each text's content key and event count,
so a later partition can reuse the events of a text coded here.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.events.record import RECORD_FIELDS

FORMATS = ("parquet", "jsonl")
INT_FIELDS = frozenset({"time_precision", "geo_precision", "fatalities", "span_start", "span_end"})
FLOAT_FIELDS = frozenset({"latitude", "longitude", "confidence"})
PROVENANCE = ("input_file", "input_line")
#: One row: the record's JSON dict plus the provenance columns.
Row = dict[str, Any]


def partition_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def keys_name(index: int) -> str:
    return f"part-{index:05d}.keys.json"


def schema() -> Any:
    """The Arrow schema of a Parquet partition."""
    import pyarrow as pa

    columns = []
    for name in RECORD_FIELDS:
        if name == "event_date":
            kind = pa.date32()
        elif name in INT_FIELDS:
            kind = pa.int64()
        elif name in FLOAT_FIELDS:
            kind = pa.float64()
        elif name == "rules":
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        columns.append(pa.field(name, kind))
    columns += [pa.field("input_file", pa.string()), pa.field("input_line", pa.int64())]
    return pa.schema(columns)


def _arrow_row(row: Row) -> Row:
    out = dict(row)
    day = row["event_date"]  # None: a text with no date and no reference date
    out["event_date"] = date.fromisoformat(day) if day else None
    out["raw"] = json.dumps(row["raw"], ensure_ascii=False, sort_keys=True)
    return out


def record_of(row: Row) -> Row:
    """The JSON Lines record of a Parquet row (provenance columns left out)."""
    out = {name: row[name] for name in RECORD_FIELDS}
    day = out["event_date"]
    out["event_date"] = day.isoformat() if isinstance(day, date) else day
    out["rules"] = list(out["rules"] or [])
    raw = out["raw"]
    out["raw"] = json.loads(raw) if isinstance(raw, str) and raw else dict(raw or {})
    return out


def _atomic(target: Path, write: Callable[[Path], object]) -> None:
    """``write`` a temporary file beside ``target``, then rename it; removed on any failure."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_parquet(rows: Sequence[Row]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([_arrow_row(r) for r in rows], schema=schema())
        pq.write_table(table, path, compression="zstd")

    return write


def _write_jsonl(rows: Sequence[Row]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as fh:
            for row in rows:
                fh.write(json.dumps(record_of(row), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    return write


def write_partition(
    out_dir: Path, index: int, fmt: str, rows: Sequence[Row], keys: Sequence[tuple[str, int]]
) -> Path:
    """Write partition ``index`` whole: its keys file first, then the partition (the commit)."""
    keys_text = json.dumps([list(k) for k in keys])
    _atomic(out_dir / keys_name(index), lambda p: p.write_text(keys_text, encoding="utf-8"))
    target = out_dir / partition_name(index, fmt)
    _atomic(target, _write_parquet(rows) if fmt == "parquet" else _write_jsonl(rows))
    return target


def read_rows(path: Path) -> list[Row]:
    """The JSON Lines records of a partition file, in order."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [record_of(r) for r in pq.read_table(path).to_pylist()]
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_keys(out_dir: Path, index: int) -> list[tuple[str, int]]:
    data = json.loads((out_dir / keys_name(index)).read_text(encoding="utf-8"))
    return [(str(k), int(n)) for k, n in data]


def events_by_key(out_dir: Path, index: int, fmt: str) -> dict[str, list[Row]]:
    """The records of each text coded in partition ``index``, by content key."""
    rows = read_rows(out_dir / partition_name(index, fmt))
    out: dict[str, list[Row]] = {}
    at = 0
    for key, count in read_keys(out_dir, index):
        out.setdefault(key, rows[at : at + count])
        at += count
    return out
