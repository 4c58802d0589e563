"""Read the inputs of ``ceasefire extract`` and ``ceasefire eval`` as texts to code.

Plain text, HTML and RSS/Atom feeds go through ``ceasefire.sources``; CSV and JSON Lines are
read here, one text per row, from ``text_column`` with an optional reference-date column and id
column. Every problem is an InputError naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ceasefire.errors import InputError
from ceasefire.sources.document_files import document_kind, read_documents
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.jsonkeys import DuplicateKeyError, unique_keys
from ceasefire.sources.text_stream import DEFAULT_CHUNK_CHARS, STREAM_BYTES, stream_text

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

TEXT_COLUMNS = ("text", "notes", "body", "content", "source_headline")
_CSV = (".csv",)
_JSONL = (".jsonl", ".ndjson", ".json")


@dataclass
class InputText:
    """One text to code, with where it came from and the values of its row."""

    document: DocumentRecord
    reference_date: date | None
    source: str
    line: int | None = None
    row_id: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    country: str = ""  # the country the text is about, when the input says so


def parse_day(value: str, *, source: str, line: int | None, column: str) -> date | None:
    """An ISO date (or date-time) cell; empty is None, anything else an InputError."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError as exc:
        raise InputError(
            f"'{value[:40]}' is not a date (YYYY-MM-DD)",
            source=source,
            line=line,
            field=column,
        ) from exc


#: Size of the pieces a text file larger than STREAM_BYTES is coded in.
STREAM_CHUNK_CHARS = DEFAULT_CHUNK_CHARS
#: How many bad date cells one error lists (it counts them all).
LISTED_BAD_DATES = 20


def check_date_column(path: Path, kind: str, column: str) -> None:
    """Read every cell of ``column`` before any text is coded; one InputError names each cell
    that is not a date (line, column and value), so a column of mixed formats is fixed in one
    go, not one cell per run."""
    source = str(path)
    rows = _csv_rows(path) if kind == "csv" else _jsonl_rows(path)
    bad: list[tuple[int, str]] = []
    for line, row in rows:
        if column not in row:
            return  # the header check names a missing column
        value = str(row.get(column) or "").strip()
        try:
            parse_day(value, source=source, line=line, column=column)
        except InputError:
            bad.append((line, value))
    if not bad:
        return
    listed = "; ".join(f"line {line}: '{value[:40]}'" for line, value in bad[:LISTED_BAD_DATES])
    more = f"; and {len(bad) - LISTED_BAD_DATES} more" if len(bad) > LISTED_BAD_DATES else ""
    raise InputError(
        f"{len(bad)} cell(s) of column '{column}' are not dates (YYYY-MM-DD): {listed}{more}",
        source=source,
        line=bad[0][0],
        field=column,
        hint="Write every date of the column as YYYY-MM-DD (2017-01-25), or leave it empty.",
    )


def _sniff(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _CSV:
        return "csv"
    if suffix in _JSONL:
        return "jsonl"
    return document_kind(path)


def read_inputs(
    paths: Iterable[str | Path],
    *,
    text_column: str | None = None,
    date_column: str | None = None,
    id_column: str | None = None,
    date: date | None = None,
    country_column: str | None = None,
    country: str | None = None,
) -> Iterator[InputText]:
    """Every text of every input file, in order. ``country`` (or the row's ``country_column``)
    names the country a text is about, for texts that do not say it themselves."""
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError("no such file", source=str(path))
        if path.is_dir():
            raise InputError("is a directory, not a file", source=str(path))
        kind = _sniff(path)
        if kind in ("csv", "jsonl"):
            if date_column:
                check_date_column(path, kind, date_column)
            for item in _rows(path, kind, text_column, date_column, id_column, date,
                              country_column):  # fmt: skip
                item.country = item.country or country or ""
                yield item
            continue
        if kind == "text" and path.stat().st_size > STREAM_BYTES:
            yield from _streamed(path, date, country)
            continue
        docs = read_documents(path, kind)
        for i, doc in enumerate(docs):
            ref = doc.published_at.date() if doc.published_at is not None else date
            row_id = f"{path.name}#{i + 1}" if len(docs) > 1 else path.name
            yield InputText(doc, ref, str(path), doc.source_line, row_id, country=country or "")


def _streamed(path: Path, default: date | None, country: str | None) -> Iterator[InputText]:
    """A large text file in chunks (bounded memory); each chunk is one text, named by the
    line it starts on."""
    for doc in stream_text(path, chunk_chars=STREAM_CHUNK_CHARS):
        ref = doc.published_at.date() if doc.published_at is not None else default
        row_id = f"{path.name}:{doc.source_line}"
        yield InputText(doc, ref, str(path), doc.source_line, row_id, country=country or "")


def _rows(
    path: Path,
    kind: str,
    text_column: str | None,
    date_column: str | None,
    id_column: str | None,
    default_date: date | None,
    country_column: str | None = None,
) -> Iterator[InputText]:
    from ceasefire.sources.reading import sniff_binary

    sniff_binary(path)
    source = str(path)
    rows = _csv_rows(path) if kind == "csv" else _jsonl_rows(path)
    header_checked = False
    for line, row in rows:
        if not header_checked:
            text_column = _check_columns(row, source, text_column, date_column, id_column)
            if country_column and country_column not in row:
                raise InputError(
                    f"column '{country_column}' (given with --country-column) is not in the file",
                    source=source,
                    line=1,
                    field=country_column,
                )
            header_checked = True
        assert text_column is not None
        text = str(row.get(text_column) or "")
        ref = default_date
        if date_column:
            ref = parse_day(str(row.get(date_column) or ""), source=source, line=line,
                            column=date_column) or default_date  # fmt: skip
        row_id = str(row.get(id_column) or "") if id_column else str(line)
        doc = DocumentRecord(
            kind="structured_row",
            text=text,
            source_path=source,
            source_line=line,
        )
        fields = {str(k): "" if v is None else str(v) for k, v in row.items()}
        where = str(row.get(country_column) or "") if country_column else ""
        yield InputText(doc, ref, source, line, row_id, fields, where)


def _check_columns(
    row: dict[str, Any],
    source: str,
    text_column: str | None,
    date_column: str | None,
    id_column: str | None,
) -> str:
    keys = list(row)
    if text_column is None:
        text_column = next((c for c in TEXT_COLUMNS if c in row), None)
        if text_column is None:
            raise InputError(
                "no text column found",
                source=source,
                line=1,
                field="text",
                hint=f"Name it with --text-column (columns: {', '.join(keys[:12])}).",
            )
    for option, column in (
        ("--text-column", text_column),
        ("--date-column", date_column),
        ("--id-column", id_column),
    ):
        if column and column not in row:
            raise InputError(
                f"column '{column}' (given with {option}) is not in the file",
                source=source,
                line=1,
                field=column,
                hint=f"Columns: {', '.join(keys[:20])}.",
            )
    return text_column


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    source = str(path)
    with io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream, strict=True)
        try:
            if not reader.fieldnames:
                raise InputError("the CSV file has no header", source=source, line=1)
            line = 1
            for row in reader:
                if None in row:
                    raise InputError(
                        f"row has {len(reader.fieldnames) + len(row[None])} cells for "  # type: ignore[index]
                        f"{len(reader.fieldnames)} columns",
                        source=source,
                        line=reader.line_num,
                    )
                yield line + 1, row
                line = reader.line_num
        except UnicodeDecodeError as exc:
            raise InputError(
                "not UTF-8 text", source=source, line=reader.line_num + 1,
                hint="Re-save the file as UTF-8.",
            ) from exc  # fmt: skip
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", source=source, line=reader.line_num) from exc


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    source = str(path)
    with path.open("rb") as fh:
        for line, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=unique_keys)
            except DuplicateKeyError as exc:
                raise InputError(str(exc), source=source, line=line, field=exc.key) from exc
            except UnicodeDecodeError as exc:
                raise InputError("not UTF-8 text", source=source, line=line) from exc
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON: {exc.msg}", source=source, line=line) from exc
            if not isinstance(value, dict):
                raise InputError("each line must be a JSON object", source=source, line=line)
            yield line, value
