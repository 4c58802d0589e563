"""Read a large plain-text file piece by piece: one DocumentRecord per run of paragraphs.

``read_text`` holds a whole document in memory and refuses files over its cap; a 200 MB
transcript or archive dump is read here instead, in chunks of about ``chunk_chars``
characters cut at paragraph breaks (at a line break when a paragraph is longer than twice
that), so memory stays bounded whatever the file's size. The header block of the file
(Title, Date, Source ...) applies to every chunk; each chunk's ``source_line`` is the line
it starts on. The encodings accepted are those of ``read_text``.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

from ceasefire.errors import InputError
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.text import (
    _BOMS,
    _SNIFF_BYTES,
    _header_end,
    _refuse_binary,
    parse_text,
)

__all__ = ["DEFAULT_CHUNK_CHARS", "STREAM_BYTES", "stream_text"]

#: Files larger than this are streamed by ``ceasefire extract`` rather than read whole.
STREAM_BYTES = 4 * 1024 * 1024
DEFAULT_CHUNK_CHARS = 256 * 1024


def _encoding(head: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return "utf-8"


def _header(lines: list[str], path: Path) -> tuple[DocumentRecord | None, int]:
    """The header block's record (with a placeholder body) and how many lines it takes."""
    stripped = [line.rstrip("\n") for line in lines]
    end = _header_end(stripped)
    if end is None or end >= len(stripped):
        return None, 0
    return parse_text("\n".join(stripped[:end]) + "\n\n.", source=str(path)), end + 1


def stream_text(
    path: str | Path, *, kind: str = "article", chunk_chars: int = DEFAULT_CHUNK_CHARS
) -> Iterator[DocumentRecord]:
    """The chunks of a plain-text file as DocumentRecords, read lazily."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=source) from exc
    if not head.strip():
        raise InputError("the text is empty", source=source)
    encoding = _encoding(head)
    if encoding == "utf-8":
        _refuse_binary(head, source=source)
    with io.TextIOWrapper(path.open("rb"), encoding=encoding, newline=None) as stream:
        try:
            yield from _chunks(stream, path, kind, chunk_chars)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not {codecs.lookup(encoding).name} text: {exc.reason}",
                source=source,
                hint="Re-save the file as UTF-8.",
            ) from exc


def _chunks(
    stream: io.TextIOWrapper, path: Path, kind: str, chunk_chars: int
) -> Iterator[DocumentRecord]:
    first: list[str] = []
    for line in stream:
        first.append(line)
        if not line.strip() or len(first) >= 20:
            break
    header, skip = _header(first, path)
    template = header or DocumentRecord(kind=kind, text=".", source_path=str(path))
    pending = first[skip:]
    start_line = skip + 1
    lines: list[str] = []
    size = 0
    number = skip

    def emit() -> DocumentRecord | None:
        text = "".join(lines).strip("\n")
        if not text.strip():
            return None
        return DocumentRecord(
            kind=template.kind,
            text=text,
            title=template.title,
            publisher=template.publisher,
            url=template.url,
            published_at=template.published_at,
            language=template.language,
            source_path=str(path),
            source_line=start_line,
        )

    def all_lines() -> Iterator[str]:
        yield from pending
        yield from stream

    for line in all_lines():
        number += 1
        lines.append(line)
        size += len(line)
        at_break = not line.strip()
        if (size >= chunk_chars and at_break) or size >= 2 * chunk_chars:
            doc = emit()
            if doc is not None:
                yield doc
            lines, size, start_line = [], 0, number + 1
    doc = emit()
    if doc is not None:
        yield doc
