"""Reading a document file of any kind: plain text, HTML, or an RSS/Atom feed."""

from __future__ import annotations

from pathlib import Path

from ceasefire.sources.documents import DocumentRecord

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")


def document_kind(path: Path) -> str:
    """'feed', 'html' or 'text', by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def read_documents(path: Path, kind: str | None = None) -> list[DocumentRecord]:
    """The documents in ``path``: one for a text or HTML file, one per item of a feed."""
    kind = kind or document_kind(path)
    if kind == "feed":
        from ceasefire.sources.feeds import read_feed

        return read_feed(path)
    if kind == "html":
        from ceasefire.sources.html import read_html

        return [read_html(path)]
    from ceasefire.sources.text import read_text

    return [read_text(path)]
