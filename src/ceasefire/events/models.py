"""The ``events`` table: one row per coded or imported event, with its verbatim source record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceasefire.db.base import Base
from ceasefire.sources.models import BatchRow, DocumentRow


class EventRow(Base):
    """A stored event: typed columns plus what it takes to rebuild its source record exactly.

    For a CSV row, ``residual`` holds the cells the typed columns do not reproduce and the
    batch holds the header; for a JSON record, ``residual`` is the record's ``raw`` object.
    ``content_hash`` is the SHA-256 of the source record; ``hash_key`` its first 8 bytes as an
    integer. A record with an ``event_id_cnty`` is found again through that id; only records
    without one need ``hash_key`` indexed (an index on every row costs bulk inserts a tenth).
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(Integer, ForeignKey("batches.id"), index=True)
    source_line: Mapped[int | None] = mapped_column(Integer)
    document_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("documents.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    hash_key: Mapped[int] = mapped_column(BigInteger)
    residual: Mapped[str] = mapped_column(Text, default="{}")

    event_id_cnty: Mapped[str] = mapped_column(String(64), default="", index=True)
    event_date: Mapped[date] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    disorder_type: Mapped[str] = mapped_column(Text, default="")
    event_type: Mapped[str] = mapped_column(String(64), default="")
    sub_event_type: Mapped[str] = mapped_column(String(64), default="")
    actor1: Mapped[str] = mapped_column(Text, default="")
    assoc_actor_1: Mapped[str] = mapped_column(Text, default="")
    inter1: Mapped[str] = mapped_column(String(64), default="")
    actor2: Mapped[str] = mapped_column(Text, default="")
    assoc_actor_2: Mapped[str] = mapped_column(Text, default="")
    #: Registry ids of the groups actor1 / actor2 name, resolved at ingest (``actors/ids.py``).
    actor1_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    actor2_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    inter2: Mapped[str] = mapped_column(String(64), default="")
    interaction: Mapped[str] = mapped_column(String(64), default="")
    civilian_targeting: Mapped[str] = mapped_column(String(64), default="")
    iso: Mapped[str] = mapped_column(String(8), default="")
    region: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(128), default="")
    admin1: Mapped[str] = mapped_column(Text, default="")
    admin2: Mapped[str] = mapped_column(Text, default="")
    admin3: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    source_scale: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[str] = mapped_column(Text, default="")
    timestamp: Mapped[str] = mapped_column(String(32), default="")
    plover_code: Mapped[str] = mapped_column(String(32), default="")
    modality: Mapped[str] = mapped_column(String(16), default="observed")
    claimant: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)
    coder: Mapped[str] = mapped_column(String(64), default="")
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    rules: Mapped[str] = mapped_column(Text, default="[]")

    #: Who stored it and the text it was coded from (loaded only when asked for).
    batch: Mapped[BatchRow] = relationship(BatchRow, lazy="select", viewonly=True)
    document: Mapped[DocumentRow | None] = relationship(DocumentRow, lazy="select", viewonly=True)

    def submitted_in(self) -> BatchRow:
        """The write whose submitter answers for this event: its document's, for coded text."""
        return self.document.batch if self.document is not None else self.batch

    __table_args__ = (
        # Most events come from structured files and have no document: index only those that do.
        Index(
            "ix_events_document_id",
            "document_id",
            sqlite_where=text("document_id IS NOT NULL"),
            postgresql_where=text("document_id IS NOT NULL"),
        ),
        Index("ix_events_event_date", "event_date"),
        Index(
            "ix_events_hash_key_no_id",
            "hash_key",
            sqlite_where=text("event_id_cnty = ''"),
            postgresql_where=text("event_id_cnty = ''"),
        ),
    )
