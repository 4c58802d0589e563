"""Reading a document file of any kind: plain text, HTML, or an RSS/Atom feed."""

from __future__ import annotations

from pathlib import Path

from ceasefire.errors import InputError
from ceasefire.sources.documents import DocumentRecord

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
TEXT_SUFFIXES = (".txt", ".text", ".md")


#: How binary files the document readers must not take start, and what they are.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF (WebP image, WAV or AVI)"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or a Word/Excel/OpenDocument file)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (97-2003) file"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "program (ELF)"),
)


def sniff_document(path: Path, kind: str) -> None:
    """Refuse a file whose content is a known binary format, whatever its name or ``kind``."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    for magic, name in MAGIC:
        if head.startswith(magic):
            raise InputError(
                f"this is a {name}, not {kind}",
                source=str(path),
                field="format",
                hint="Submit plain text, HTML or an RSS/Atom feed; convert other files to "
                "text first.",
            )


def document_kind(path: Path) -> str:
    """'feed', 'html' or 'text': by the file's suffix, else by how the file starts."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    try:
        with path.open("rb") as fh:
            head = fh.read(2048).lstrip().lower()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    if head.startswith((b"<?xml", b"<rss", b"<feed")) and b"<html" not in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def read_documents(path: Path, kind: str | None = None) -> list[DocumentRecord]:
    """The documents in ``path``: one for a text or HTML file, one per item of a feed."""
    kind = kind or document_kind(path)
    sniff_document(path, kind)
    if kind == "feed":
        from ceasefire.sources.feeds import read_feed

        return read_feed(path)
    if kind == "html":
        from ceasefire.sources.html import read_html

        return [read_html(path)]
    from ceasefire.sources.text import read_text

    return [read_text(path)]
