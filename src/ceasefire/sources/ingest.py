"""Structured intake: a file of records -> stored events, whole or not at all.

One file is one write: its batch, its new rows and one audit entry are committed together,
so a failure anywhere leaves the store exactly as it was. Rows already stored (same content
hash) are skipped, which makes ingest idempotent. With ``skip_bad`` the rows that cannot be
read are written, with their line and reason, to a rejects file instead of failing the file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ceasefire.actors.ids import IdResolver
from ceasefire.actors.registry import default_registry
from ceasefire.atomic import OutputFile, inputs_of, store_files
from ceasefire.audit import log as audit
from ceasefire.db.engine import transaction
from ceasefire.errors import InputError
from ceasefire.events.store import (
    ROW_EVENT_ID,
    ROW_HASH,
    ROW_LINE,
    ROW_RESIDUAL,
    ROW_VALUES,
    InsertRow,
    existing_hashes,
    insert_events,
    record_row,
    same_event_stored,
    stored_hashes_by_id,
)
from ceasefire.events.values import TYPED_COLUMNS
from ceasefire.sources import jsonl
from ceasefire.sources.fields import FieldError
from ceasefire.sources.formats import check_format_name, guess_kind
from ceasefire.sources.formulas import formula_fields
from ceasefire.sources.models import BatchRow
from ceasefire.sources.parallel import chunked, parsed_chunks, worth_a_parser_process
from ceasefire.sources.parquet import read_parquet
from ceasefire.sources.reading import (
    CsvSource,
    Progress,
    Reject,
    csv_insert_rows,
    open_csv,
    read_jsonl,
)
from ceasefire.sources.submitters import Submitter

log = logging.getLogger(__name__)
CHUNK_ROWS = 5000
MAX_FLAGGED = 100


@dataclass
class IngestSummary:
    """What one ingest did; ``stored + duplicates + rejected == rows``."""

    path: str
    format: str
    rows: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejects_path: str | None = None
    batch_id: int | None = None
    audit_seq: int | None = None
    #: Stored cells a spreadsheet would run as formulas, counted for untrusted submitters.
    formula_cells: int = 0
    flagged: list[str] = field(default_factory=list)
    id_space: str = ""


def _jsonl_rows(
    path: Path, batch_id: int, progress: Progress | None, fmt: str = "jsonl"
) -> Iterator[InsertRow | Reject]:
    read = read_parquet if fmt == "parquet" else read_jsonl
    for item in read(path, progress=progress):
        if isinstance(item, Reject):
            yield item
            continue
        line, obj = item
        try:
            record = jsonl.parse(obj)
        except FieldError as exc:
            yield Reject(line, str(exc), "", exc.field)
            continue
        yield record_row(record, batch_id=batch_id, source_line=line)


def _fail(path: Path, reject: Reject) -> InputError:
    return InputError(
        reject.reason,
        source=str(path),
        line=reject.line,
        field=reject.field,
        hint="Fix the row, or run again with --skip-bad to store the good rows and write the "
        "bad ones, with reasons, to a rejects file. Nothing was stored.",
    )


class _Writer:
    """Drops duplicates (in the file and in the store) and id clashes; inserts in chunks."""

    def __init__(
        self,
        session: Session,
        path: Path,
        summary: IngestSummary,
        rejects: RejectsFile | None,
        submitter: Submitter,
    ) -> None:
        self.session = session
        self.space = submitter.id_space
        self.flag_formulas = not submitter.curator
        self.path = path
        self.summary = summary
        self.rejects = rejects
        self.digest = hashlib.sha256()
        self.seen: set[str] = set()
        self.seen_ids: dict[str, str] = {}
        self.chunk: list[InsertRow] = []
        self.actor_ids = IdResolver(default_registry())

    def reject(self, reject: Reject) -> None:
        if self.rejects is None:
            raise _fail(self.path, reject)
        self.rejects.write(reject)
        self.summary.rejected += 1

    def add(self, items: list[InsertRow | Reject]) -> None:
        """Take rows (and rejects) in file order; store them once enough have come."""
        seen, seen_ids, chunk = self.seen, self.seen_ids, self.chunk
        for row in items:
            if isinstance(row, Reject):
                self.reject(row)
                continue
            content_hash = row[ROW_HASH]
            if content_hash in seen:
                self.summary.duplicates += 1
                continue
            seen.add(content_hash)
            event_id = row[ROW_EVENT_ID]
            if event_id and seen_ids.setdefault(event_id, content_hash) != content_hash:
                message = f"{event_id} appears earlier in this file with different content"
                self.reject(Reject(row[ROW_LINE] or 0, message, "", "event_id_cnty"))
                continue
            chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        chunk, self.chunk = self.chunk, []
        stored = existing_hashes(self.session, chunk, space=self.space)
        known = stored_hashes_by_id(
            self.session, (r[ROW_EVENT_ID] for r in chunk), space=self.space
        )
        keep = []
        for row in chunk:
            event_id = row[ROW_EVENT_ID]
            hashes = known.get(event_id) if event_id else None
            if row[ROW_HASH] in stored or (hashes and row[ROW_HASH] in hashes):
                self.summary.duplicates += 1
                continue
            if hashes:
                # The same event in another layout (an export read back) is a duplicate.
                if same_event_stored(self.session, event_id, row[ROW_VALUES:], space=self.space):
                    self.summary.duplicates += 1
                    continue
                message = (
                    f"{event_id} is already stored with different content (a revised "
                    "record?); the stored version is kept"
                )
                self.reject(Reject(row[ROW_LINE] or 0, message, "", "event_id_cnty"))
                continue
            keep.append(row)
        insert_events(self.session, keep, self.actor_ids)
        for row in keep:
            self.digest.update(row[ROW_HASH].encode())
        self.summary.stored += len(keep)
        if self.flag_formulas:
            self._flag(keep)

    def _flag(self, rows: list[InsertRow]) -> None:
        """Count (and name the first of) the cells a spreadsheet would run as formulas."""
        for row in rows:
            for name in formula_fields(TYPED_COLUMNS, row[ROW_VALUES:], row[ROW_RESIDUAL]):
                self.summary.formula_cells += 1
                if len(self.summary.flagged) < MAX_FLAGGED:
                    self.summary.flagged.append(f"line {row[ROW_LINE]}, field '{name}'")


def ingest_file(
    engine: Engine,
    path: Path,
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    rejects_path: Path | None = None,
    actor: str = "local",
    progress: Progress | None = None,
    parallel: bool | None = None,
    inputs: Sequence[Path] = (),
    force: bool = False,
    submitter: Submitter | None = None,
) -> IngestSummary:
    """Store the records of one structured file (ACLED CSV, UCDP GED CSV, JSON Lines or Parquet).

    ``parallel`` parses a CSV file in a second process while this one stores it (see
    ``sources.parallel``); by default, for big files on machines with two cores or more.
    With ``skip_bad``, rejected rows go to ``rejects_path`` (default FILE.rejects.csv, replaced
    on each run); a ``rejects_path`` that exists is replaced only with ``force``, and never
    when it is ``path``, one of ``inputs``, the store, a directory or a device.
    ``submitter`` (default: ``actor``, a curator) decides the records' id space and whether
    cells that look like spreadsheet formulas are flagged (``sources.submitters``).
    """
    submitter = submitter or Submitter(actor)
    rejects = None
    if skip_bad:
        rejects = RejectsFile(
            rejects_path or path.with_name(path.name + ".rejects.csv"),
            protected={**store_files(engine), **inputs_of([path, *inputs])},
            replace=force or rejects_path is None,
        )
    if fmt is not None:
        check_format_name(fmt)
    source: CsvSource | None = None
    records = fmt if fmt in ("jsonl", "parquet") else None
    if fmt is None and guess_kind(path) in ("jsonl", "parquet"):
        records = guess_kind(path)
    if records is None:
        source = open_csv(path, fmt, progress=progress)
    fmt_name = source.format.name if source else str(records)
    summary = IngestSummary(path=str(path), format=fmt_name, id_space=submitter.id_space)
    try:
        if parallel is None:
            parallel = source is not None and worth_a_parser_process(path)
        summary = _store(engine, path, source, summary, rejects, submitter, progress,
                         parallel=parallel)  # fmt: skip
    except BaseException:
        if rejects is not None:
            rejects.discard()
        raise
    summary.rejects_path = rejects.publish() if rejects is not None else None
    log.info("ingested %s: %s", path, summary)
    return summary


def _store(
    engine: Engine,
    path: Path,
    source: CsvSource | None,
    summary: IngestSummary,
    rejects: RejectsFile | None,
    submitter: Submitter,
    progress: Progress | None,
    *,
    parallel: bool = False,
) -> IngestSummary:
    fmt_name = summary.format
    actor = submitter.name
    with transaction(engine) as session:
        audit.lock_writes(session)
        batch = BatchRow(
            kind="events",
            source_format=fmt_name,
            source_path=path.name,
            header=json.dumps(list(source.plan.header)) if source else "",
            created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
            actor=actor,
            organisation=submitter.organisation,
            id_space=submitter.id_space,
        )
        session.add(batch)
        session.flush()
        chunks: Iterator[list[InsertRow | Reject]]
        if source is None:
            chunks = chunked(_jsonl_rows(path, batch.id, progress, fmt_name), CHUNK_ROWS)
        elif parallel:
            source.close()
            chunks = parsed_chunks(path, fmt_name, batch.id, progress=progress)
        else:
            chunks = chunked(csv_insert_rows(source, batch.id), CHUNK_ROWS)
        writer = _Writer(session, path, summary, rejects, submitter)
        for items in chunks:
            summary.rows += len(items)
            writer.add(items)
        writer.flush()
        if not summary.stored:
            session.delete(batch)
        else:
            detail: dict[str, object] = {
                "file": path.name,
                "format": fmt_name,
                "stored": summary.stored,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
            }
            if submitter.organisation or submitter.id_space:
                detail["organisation"] = submitter.organisation
                detail["id_space"] = submitter.id_space
            if summary.formula_cells:
                detail["formula_cells"] = summary.formula_cells
            entry = audit.append(
                session,
                actor=actor,
                action="ingest",
                record_type="batch",
                record_id=str(batch.id),
                content_hash=writer.digest.hexdigest(),
                detail=detail,
            )
            summary.batch_id = batch.id
            summary.audit_seq = entry.seq
    return summary


class RejectsFile:
    """Rejected rows streamed to a CSV file (line, field, reason, row) as they come.

    The path is checked when made (never an input, the store, a directory or a device; an
    existing file only with ``replace``), written beside the target and renamed into place by
    ``publish`` once the file's good rows are committed; a failed ingest leaves no rejects file.
    """

    def __init__(self, target: Path, *, protected: Mapping[Path, str], replace: bool) -> None:
        self.target = target
        self._out = OutputFile(
            target, protected=protected, replace=replace, option="--rejects", newline=""
        )
        self._writer: Any = None

    def write(self, reject: Reject) -> None:
        if self._writer is None:
            self._writer = csv.writer(self._out.open())
            self._writer.writerow(["line", "field", "reason", "row"])
        self._writer.writerow([reject.line, reject.field or "", reject.reason, reject.text])

    def publish(self) -> str | None:
        """Move the file into place; its path, or None when nothing was rejected."""
        return None if self._out.commit() is None else str(self.target)

    def discard(self) -> None:
        self._out.discard()
