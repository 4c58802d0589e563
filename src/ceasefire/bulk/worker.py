"""What runs on a Dask worker: the coder, built once per worker process, and the partition task.

The coder is ``ceasefire.coding.extract.default_coder()``, cached for the life of the process
(and its phrase tables on disk, ``ceasefire.buildcache``); ``CoderPlugin`` builds it when the
worker starts, so no task pays for it and no task builds another.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from ceasefire.bulk.partitions import Row, events_by_key, write_partition
from ceasefire.coding.inputs import InputText
from ceasefire.sources.documents import DocumentRecord


def content_key(item: InputText) -> str:
    """What the coder's output depends on: the text, its reference date, country and publisher."""
    digest = hashlib.sha256()
    for part in (
        item.document.text,
        item.reference_date.isoformat() if item.reference_date else "",
        item.country,
        item.document.publisher,
    ):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


@dataclass
class PartitionTask:
    """Partition ``index``: its texts, their content keys, and the keys coded in earlier ones."""

    index: int
    out_dir: str
    fmt: str
    items: list[InputText]
    keys: list[str]
    #: content key -> index of the earlier partition whose file holds its events
    refs: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PartitionResult:
    index: int
    texts: int
    coded: int
    events: int


def warm_coder() -> None:
    """Build this process's coder and run it once (pipeline, tables, gazetteer loaded)."""
    from ceasefire.coding.extract import code_texts, default_coder

    probe = DocumentRecord(kind="article", text="Shelling killed two civilians in Douma.")
    list(code_texts([InputText(probe, date(2017, 1, 1), "warm-up")], coder=default_coder()))


class CoderPlugin(WorkerPlugin):
    """Builds the coder once when a worker starts."""

    name = "ceasefire-coder"

    def setup(self, worker: Any) -> None:
        warm_coder()


def _with_raw(record: Row, item: InputText) -> Row:
    row = dict(record)
    row["raw"] = {"document_id": item.document.id, "input": item.row_id}
    row["input_file"] = item.source
    row["input_line"] = item.line
    return row


def code_partition(task: PartitionTask, *after: Any) -> PartitionResult:
    """Code the partition's new texts, reuse earlier ones', write the partition file whole.

    ``after`` are the results of the earlier partitions ``refs`` points to (only waited for).
    """
    from ceasefire.coding.extract import code_texts, default_coder

    out_dir = Path(task.out_dir)
    fresh: dict[str, InputText] = {}
    for key, item in zip(task.keys, task.items, strict=True):
        if key not in task.refs and key not in fresh:
            fresh[key] = item
    found: dict[str, list[Row]] = {}
    order = list(fresh)
    coded = code_texts(list(fresh.values()), coder=default_coder())
    for key, (_, events) in zip(order, coded, strict=True):
        found[key] = [e.to_json_dict() for e in events]
    wanted: dict[int, set[str]] = defaultdict(set)
    for key in task.keys:
        if key in task.refs:
            wanted[task.refs[key]].add(key)
    for earlier, keys in sorted(wanted.items()):
        stored = events_by_key(out_dir, earlier, task.fmt)
        found.update({k: stored.get(k, []) for k in keys})
    rows: list[Row] = []
    counts: list[tuple[str, int]] = []
    for key, item in zip(task.keys, task.items, strict=True):
        records = found[key]
        rows.extend(_with_raw(r, item) for r in records)
        counts.append((key, len(records)))
    write_partition(out_dir, task.index, task.fmt, rows, counts)
    return PartitionResult(task.index, len(task.items), len(fresh), len(rows))
