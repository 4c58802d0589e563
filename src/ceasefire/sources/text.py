"""Read plain-text documents (articles, statements, reports) into DocumentRecords.

Accepted: UTF-8 (with or without a byte-order mark) and UTF-16/UTF-32 with a byte-order
mark. Binary files, undecodable bytes, empty files and files over the size cap are refused
with an error naming the file and, where it applies, the byte offset and line.

A file may begin with a header block of ``Key: value`` lines ended by a blank line::

    Title: Fighting continues in Wadi Barada
    Date: 2017-01-03
    Source: Example News
    URL: https://example.org/wadi-barada

    Government forces and allied fighters ...

Known keys: Title, Date, Source (or Publisher), URL, Language, Kind. The body is the text
after the blank line; ``source_line`` is the line it starts on.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ceasefire.errors import InputError
from ceasefire.events.sanity import FIRST_DAY, last_day
from ceasefire.sources.documents import DOCUMENT_KINDS, DocumentRecord, parse_published

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Header key (lower case) -> DocumentRecord field.
HEADER_KEYS: dict[str, str] = {
    "title": "title",
    "date": "published_at",
    "source": "publisher",
    "publisher": "publisher",
    "url": "url",
    "language": "language",
    "kind": "kind",
}

#: Longest header value (title, publisher, URL...): shown in lists and tables as one line.
MAX_HEADER_CHARS = 1000
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z-]{0,19}):[ \t]*(.*?)\s*$")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c")
_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.10


def read_text(
    path: str | Path, *, kind: str = "article", max_bytes: int = DEFAULT_MAX_BYTES
) -> DocumentRecord:
    """Read the text file at ``path`` (at most ``max_bytes``) into a DocumentRecord."""
    source = str(path)
    raw = read_capped(path, max_bytes=max_bytes)
    return parse_text(decode_text(raw, source=source), source=source, kind=kind)


def read_capped(path: str | Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, refusing files over ``max_bytes`` without reading past the cap."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError("this is a directory, not a file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=source) from exc
    if len(raw) > max_bytes:
        raise InputError(
            f"file is larger than the {_size(max_bytes)} limit",
            source=source,
            hint="Split the file, or raise the limit (max_bytes) if it really is one document.",
        )
    return raw


def decode_text(raw: bytes, *, source: str) -> str:
    """Decode file bytes as UTF-8 / UTF-16 / UTF-32 (the latter two need a byte-order mark)."""
    if not raw:
        raise InputError("the file is empty", source=source)
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        _refuse_binary(raw, source=source)
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(encoding, errors="ignore").count("\n") + 1
        raise InputError(
            f"not {encoding.removesuffix('-sig').upper()} text "
            f"(byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            source=source,
            line=line,
            hint="Save the file as UTF-8; texts from Windows are often in cp1252.",
        ) from None
    if not text.strip():
        raise InputError("the file is empty (only whitespace)", source=source)
    return text


def _refuse_binary(raw: bytes, *, source: str) -> None:
    sample = raw[:_SNIFF_BYTES]
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"this is a binary file, not text (NUL byte at offset {nul})",
            source=source,
            hint="Convert PDFs and word-processor files to plain text first.",
        )
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise InputError(
            f"this looks like a binary file, not text ({controls} control bytes "
            f"in the first {len(sample)})",
            source=source,
        )


def parse_text(text: str, *, source: str = "", kind: str = "article") -> DocumentRecord:
    """Split an optional header block from the body and build the DocumentRecord."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    header_end = _header_end(lines)
    fields: dict[str, str] = {}
    body_start = 0
    if header_end is not None:
        fields = _parse_header(lines[:header_end], source=source)
        body_start = header_end
        while body_start < len(lines) and not lines[body_start].strip():
            body_start += 1
    body = "\n".join(lines[body_start:]).strip("\n")
    if not body.strip() and header_end is None:
        raise InputError("the text is empty", source=source or None)
    if not body.strip():
        raise InputError(
            "the file has a header block but no text after it",
            source=source,
            line=(header_end or 0) + 1,
        )
    published = None
    if "published_at" in fields:
        published = parse_published(fields["published_at"])
        if published is None:
            raise InputError(
                f"'{fields['published_at']}' is not a date from {FIRST_DAY} to {last_day()} "
                "(use 2017-01-03 or an ISO 8601 date-time)",
                source=source,
                line=_line_of_key(lines, "date"),
                field="Date",
            )
    doc_kind = fields.get("kind", kind)
    if doc_kind not in DOCUMENT_KINDS:
        raise InputError(
            f"unknown kind '{doc_kind}'; use one of: {', '.join(DOCUMENT_KINDS)}",
            source=source,
            line=_line_of_key(lines, "kind"),
            field="Kind",
        )
    return DocumentRecord(
        kind=doc_kind,
        text=body,
        title=fields.get("title", ""),
        publisher=fields.get("publisher", ""),
        url=fields.get("url", ""),
        published_at=published,
        language=fields.get("language", ""),
        source_path=source,
        source_line=body_start + 1,
    )


def _header_end(lines: list[str]) -> int | None:
    """Index of the blank line ending a header block, or None when the text has no header."""
    first = _HEADER_LINE.match(lines[0].lstrip("\ufeff")) if lines else None
    if not first or first.group(1).lower() not in HEADER_KEYS:
        return None
    for i, line in enumerate(lines):
        if not line.strip():
            return i
        if not _HEADER_LINE.match(line.lstrip("\ufeff")):
            return None
    return len(lines)


def _parse_header(lines: list[str], *, source: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        match = _HEADER_LINE.match(line.lstrip("\ufeff"))
        assert match is not None
        key, value = match.group(1), match.group(2)
        target = HEADER_KEYS.get(key.lower())
        if target is None:
            raise InputError(
                f"unknown header key '{key}'; known keys: Title, Date, Source, Publisher, "
                "URL, Language, Kind",
                source=source,
                line=number,
                field=key,
                hint="End the header block with a blank line before the text.",
            )
        if target in fields:
            raise InputError(
                f"header key '{key}' is given twice", source=source, line=number, field=key
            )
        if len(value) > MAX_HEADER_CHARS:
            raise InputError(
                f"the {key} is {len(value):,} characters long; at most {MAX_HEADER_CHARS:,}",
                source=source,
                line=number,
                field=key,
                hint="A header value is one line (a title, a name, a link); put text below "
                "the blank line that ends the header.",
            )
        fields[target] = value
    return fields


def _line_of_key(lines: list[str], key: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        match = _HEADER_LINE.match(line.lstrip("\ufeff"))
        if match and match.group(1).lower() == key:
            return number
        if not line.strip():
            break
    return None


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"
