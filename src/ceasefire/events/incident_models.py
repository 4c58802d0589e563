"""Tables of fusion: ``incidents``, their member events, and monitors' keep-apart decisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.db.base import Base


class IncidentRow(Base):
    """One real-world happening, fused from one or more events, with its verification status.

    The descriptive columns summarise the members (see ``fusion.summarise``); where members
    disagree, ``disagreements`` keeps every value (JSON ``{field: [values]}``). ``fatalities``
    is the conservative figure, ``fatalities_min``/``_max`` the range reported.
    ``key`` is a fingerprint of the membership (SHA-256 over the members' content hashes).
    """

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    allegation: Mapped[bool] = mapped_column(Boolean, default=False)
    date_from: Mapped[date] = mapped_column(Date, index=True)
    date_to: Mapped[date] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(128), default="")
    admin1: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: ACLED's geo_precision of the member whose place is shown (1 town .. 3 province or wider).
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(64), default="")
    sub_event_type: Mapped[str] = mapped_column(String(64), default="")
    actor1: Mapped[str] = mapped_column(Text, default="")
    actor2: Mapped[str] = mapped_column(Text, default="")
    #: The ids stored with the member event whose actor1 / actor2 the incident shows.
    actor1_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    actor2_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    claimant: Mapped[str] = mapped_column(Text, default="")
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    fatalities_min: Mapped[int] = mapped_column(Integer, default=0)
    fatalities_max: Mapped[int] = mapped_column(Integer, default=0)
    event_count: Mapped[int] = mapped_column(Integer, default=1)
    source_count: Mapped[int] = mapped_column(Integer, default=1)
    sources: Mapped[str] = mapped_column(Text, default="")
    disagreements: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="reported", index=True)
    review_agreement_id: Mapped[str | None] = mapped_column(
        String(128), ForeignKey("agreements.id")
    )
    review_round: Mapped[int] = mapped_column(Integer, default=0)
    status_changed_at: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class IncidentEventRow(Base):
    """An event's place in an incident (an event is in exactly one). ``added_by`` names the
    fusion rule (``rule:fusion/2``) or the user (``user:NAME``) that put it there."""

    __tablename__ = "incident_events"

    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"), index=True)
    added_by: Mapped[str] = mapped_column(String(160))
    added_at: Mapped[str] = mapped_column(String(40))


class FusionOverrideRow(Base):
    """A monitor's decision that two events are different happenings; fusion respects it.

    ``kind`` is ``split`` (the event was split out of an incident holding the other) or
    ``keep_apart`` (asked for directly). ``event_a`` < ``event_b``.
    """

    __tablename__ = "fusion_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    event_a: Mapped[int] = mapped_column(Integer, ForeignKey("events.id"))
    event_b: Mapped[int] = mapped_column(Integer, ForeignKey("events.id"))
    user: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("event_a", "event_b"),)
