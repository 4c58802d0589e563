"""Tables of what was taken in: ``batches`` (one per write) and ``documents`` (texts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceasefire.db.base import Base


class BatchRow(Base):
    """One write: a file ingested, a set of documents coded. Its audit entry names it.

    ``header`` is the CSV header of the file (JSON list) for CSV formats, else empty.
    ``actor`` and ``organisation`` say who submitted it; ``id_space`` is where its records'
    ids live: ``''`` for datasets (files ingested on the command line, or through the API by
    an admin or monitor), ``org:NAME`` or ``user:NAME`` for anyone else's submissions.
    """

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    source_format: Mapped[str] = mapped_column(String(32))
    source_path: Mapped[str] = mapped_column(Text, default="")
    header: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text, default="")
    organisation: Mapped[str] = mapped_column(Text, default="", server_default="")
    id_space: Mapped[str] = mapped_column(Text, default="", server_default="")


class DocumentRow(Base):
    """A text taken in, keyed by the SHA-256 of its normalised content."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, ForeignKey("batches.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str] = mapped_column(String(16), default="")
    text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, default="")

    #: The write that stored it, and so who submitted it.
    batch: Mapped[BatchRow] = relationship(BatchRow, lazy="select", viewonly=True)
