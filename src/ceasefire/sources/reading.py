"""Reading structured files row by row, with every failure named by file, line and field.

Files are streamed: a 1 GB file costs no more memory than a small one, and a file that is not
what it claims to be is refused at its header or first bad line, not after reading it all.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ceasefire.errors import InputError
from ceasefire.sniff import not_text
from ceasefire.sources.csvplan import RowPlan
from ceasefire.sources.fields import FieldError
from ceasefire.sources.formats import CSV_FORMATS, CsvFormat, format_from_header
from ceasefire.sources.jsonkeys import DuplicateKeyError, unique_keys

MAX_FIELD_CHARS = 10 * 1024 * 1024
csv.field_size_limit(MAX_FIELD_CHARS)
PROGRESS_EVERY = 2000

Progress = Callable[[int], None]


@dataclass(slots=True)
class Reject:
    """A row that could not be read: where, why, and its text as far as it was read."""

    line: int
    reason: str
    text: str
    field: str | None = None


def sniff_binary(path: Path) -> None:
    """Refuse empty, UTF-16 and binary files with a message saying which."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    if not head:
        raise InputError("the file is empty", source=str(path))
    problem = not_text(head, expected="CSV or JSON Lines text")
    if problem is not None:
        raise InputError(problem.message, source=str(path), line=problem.line, hint=problem.hint)


def _open_text(path: Path) -> IO[str]:
    return io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", errors="strict", newline="")


def _first_bad_utf8(path: Path) -> tuple[int, int, int]:
    """(line, byte offset, byte value) of the first byte that is not valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line = 0, 1
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk.count(b"\n", 0, exc.start), offset + exc.start, chunk[exc.start]
            offset += len(chunk)
            line += chunk.count(b"\n")
    return line, offset, 0


def _decode_error(path: Path, line: int, exc: UnicodeDecodeError) -> InputError:
    # The text layer decodes ahead of the CSV reader, so find the exact place again.
    line, offset, value = _first_bad_utf8(path)
    return InputError(
        f"not UTF-8 text (byte 0x{value:02x} at offset {offset})",
        source=str(path),
        line=line,
        hint="Re-save the file as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 IN > OUT. "
        "Nothing was stored.",
    )


@dataclass
class CsvSource:
    """An opened CSV file: its format, its row plan and its rows."""

    path: Path
    format: CsvFormat
    plan: RowPlan
    rows: Iterator[tuple[int, list[str]] | Reject]
    stream: IO[str]

    def close(self) -> None:
        self.stream.close()


def open_csv(path: Path, fmt: str | None = None, *, progress: Progress | None = None) -> CsvSource:
    """Open a CSV file and check its header; rows are read lazily."""
    sniff_binary(path)
    stream = _open_text(path)
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader)
    except UnicodeDecodeError as exc:
        stream.close()
        raise _decode_error(path, 1, exc) from exc
    except (csv.Error, StopIteration) as exc:
        stream.close()
        raise InputError(f"cannot read the CSV header: {exc}", source=str(path), line=1) from exc
    try:
        header = [h.strip().lower() for h in header]
        _check_header(header, path)
        csv_format = CSV_FORMATS[fmt] if fmt else format_from_header(header, source=str(path))
        missing = [c for c in csv_format.required if c not in header]
        if missing:
            raise InputError(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"required by the {csv_format.name} format",
                source=str(path),
                line=1,
                field=missing[0],
                hint=f"Check the file is a {csv_format.description}.",
            )
    except InputError:
        stream.close()
        raise
    plan = csv_format.plan(header)
    rows = _csv_rows(path, stream, reader, len(header), progress)
    return CsvSource(path, csv_format, plan, rows, stream)


def _check_header(header: list[str], path: Path) -> None:
    if len(header) == 1:
        for delim, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if header[0].count(delim) >= 2:
                raise InputError(
                    f"the header is {name}-separated; CSV files must be comma-separated",
                    source=str(path),
                    line=1,
                    hint="Export again with ',' as the delimiter.",
                )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(
                f"column {name!r} appears twice in the header", source=str(path), line=1
            )
        seen.add(name)


def _csv_rows(
    path: Path, stream: IO[str], reader: Any, width: int, progress: Progress | None
) -> Iterator[tuple[int, list[str]] | Reject]:
    raw = stream.buffer  # type: ignore[attr-defined]
    with stream:
        count = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                raise _decode_error(path, reader.line_num + 1, exc) from exc
            except csv.Error as exc:
                yield Reject(start, f"malformed CSV: {exc}", "")
                continue
            if len(cells) != width:
                if not cells:
                    continue
                text = ",".join(cells)[:2000]
                yield Reject(
                    start, f"expected {width} fields like the header, found {len(cells)}", text
                )
                continue
            yield start, cells
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(raw.tell())
        if progress is not None:
            progress(raw.tell())


def read_jsonl(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, dict[str, Any]] | Reject]:
    """Objects of a JSON Lines file with their line numbers; blank lines are skipped."""
    sniff_binary(path)
    stream = _open_text(path)
    raw = stream.buffer  # type: ignore[attr-defined]

    def rows() -> Iterator[tuple[int, dict[str, Any]] | Reject]:
        line_no = 0
        with stream:
            while True:
                try:
                    line = stream.readline(MAX_FIELD_CHARS)
                except UnicodeDecodeError as exc:
                    raise _decode_error(path, line_no + 1, exc) from exc
                if not line:
                    break
                line_no += 1
                if progress is not None and line_no % PROGRESS_EVERY == 0:
                    progress(raw.tell())
                if not line.strip():
                    continue
                if not line.endswith("\n") and len(line) >= MAX_FIELD_CHARS:
                    raise InputError("line is longer than 10 MB", source=str(path), line=line_no)
                try:
                    obj = json.loads(line, object_pairs_hook=unique_keys)
                except DuplicateKeyError as exc:
                    yield Reject(line_no, str(exc), line[:2000], exc.key)
                    continue
                except json.JSONDecodeError as exc:
                    yield Reject(
                        line_no, f"not valid JSON: {exc.msg} (column {exc.colno})", line[:2000]
                    )
                    continue
                except RecursionError:
                    yield Reject(line_no, "JSON nested too deeply to be a record", line[:2000])
                    continue
                except ValueError:  # Python's limit on converting long digit strings
                    yield Reject(
                        line_no, "not valid JSON: a number with more than 4,300 digits", line[:2000]
                    )
                    continue
                if not isinstance(obj, dict):
                    yield Reject(line_no, "each line must be a JSON object", line[:2000])
                    continue
                yield line_no, obj
            if progress is not None:
                progress(raw.tell())

    return rows()


def csv_insert_rows(source: CsvSource, batch_id: int) -> Iterator[tuple[Any, ...] | Reject]:
    """Insert rows (see ``events.store.INSERT_COLUMNS``) or rejects, one per CSV row."""
    insert_row = source.plan.insert_row
    for item in source.rows:
        if isinstance(item, Reject):
            yield item
            continue
        line, cells = item
        try:
            yield insert_row(batch_id, line, cells)
        except FieldError as exc:
            yield Reject(line, str(exc), ",".join(cells)[:2000], exc.field)
