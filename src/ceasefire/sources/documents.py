"""The document record every reader returns: a text with its provenance, identified by hash.

The id of a document is the SHA-256 of its normalised text (Unicode NFC, ``\\n`` newlines,
no leading or trailing whitespace), so taking in the same content twice, from a file and from
a feed, say, gives the same id and the store can skip it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ceasefire.events.sanity import date_problem

#: The kinds of document readers produce.
DOCUMENT_KINDS = ("article", "statement", "report", "feed_item", "structured_row")


def normalise_text(text: str) -> str:
    """The form of ``text`` that is hashed: NFC, ``\\n`` newlines, stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def text_hash(text: str) -> str:
    """SHA-256 hex digest of :func:`normalise_text` of ``text``."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentRecord:
    """One text taken in, with where it came from. ``published_at`` is timezone-aware."""

    kind: str
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = ""
    source_path: str = ""
    source_line: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind {self.kind!r}; use one of {DOCUMENT_KINDS}")
        if self.published_at is not None and self.published_at.utcoffset() is None:
            raise ValueError("published_at must be timezone-aware (use parse_published())")

    def content_hash(self) -> str:
        """SHA-256 of the normalised text: the same content always hashes the same."""
        return text_hash(self.text)

    @property
    def id(self) -> str:
        """The document's id, which is its :meth:`content_hash`."""
        return self.content_hash()


def parse_published(value: str) -> datetime | None:
    """Parse a publication date: ISO 8601 (date or date-time) or RFC 822 (RSS ``pubDate``).

    Returns an aware date-time (UTC when the text gives no offset), or ``None`` if the
    text is not a date in either form or not a plausible one (``events.sanity``).
    """
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    if date_problem(parsed.date()) is not None:
        return None
    if parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
