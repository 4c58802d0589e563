"""The structured record formats and how to tell them apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ceasefire.errors import UnknownFormatError
from ceasefire.sources import acled, ucdp
from ceasefire.sources.csvplan import RowPlan


@dataclass(frozen=True)
class CsvFormat:
    name: str
    description: str
    plan: Callable[[Sequence[str]], RowPlan]
    required: Sequence[str]
    signature: Sequence[str]


CSV_FORMATS: dict[str, CsvFormat] = {
    m.FORMAT: CsvFormat(m.FORMAT, m.DESCRIPTION, m.plan, m.REQUIRED, m.SIGNATURE)
    for m in (acled, ucdp)
}
#: Every format name ``--format`` accepts (text, html and feed are documents to code).
FORMAT_NAMES = (*CSV_FORMATS, "jsonl", "parquet", "text", "html", "feed")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
PARQUET_SUFFIXES = (".parquet", ".parq")
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xml", ".rss", ".atom")


def check_format_name(name: str) -> str:
    if name not in FORMAT_NAMES:
        raise UnknownFormatError(
            f"unknown format {name!r}", hint=f"Choose one of: {', '.join(FORMAT_NAMES)}."
        )
    return name


def format_from_header(header: Sequence[str], *, source: str) -> CsvFormat:
    """The CSV format whose signature columns the header has."""
    columns = set(header)
    for fmt in CSV_FORMATS.values():
        if all(col in columns for col in fmt.signature):
            return fmt
    shown = ", ".join(list(header)[:6]) + (", ..." if len(header) > 6 else "")
    raise UnknownFormatError(
        f"cannot tell the format of this CSV file from its header ({shown})",
        source=source,
        line=1,
        hint="ACLED files have event_id_cnty, event_date, event_type, actor1; UCDP GED files "
        "have type_of_violence, side_a, side_b, date_start. Pass --format if it is one of these.",
    )


def guess_kind(path: Path) -> str:
    """'csv', 'jsonl', 'parquet' or 'document' by file name; other suffixes are read as CSV."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in DOCUMENT_SUFFIXES:
        return "document"
    return "csv"
