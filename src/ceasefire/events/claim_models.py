"""The ``incident_claims`` table: allegations attached, as claims, to an observed incident."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.db.base import Base


class IncidentClaimRow(Base):
    """An allegation event (``alleged``/``denied``) about the place and time of an observed
    incident, shown with that incident as a claim. An event is a claim on at most one incident.

    ``rule`` names the matching rule (``rule:claims/1``); ``distance_km`` and ``day_gap`` say how
    close the claim is to the incident (None: matched by place name, without coordinates).
    """

    __tablename__ = "incident_claims"

    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"), index=True)
    rule: Mapped[str] = mapped_column(String(64))
    distance_km: Mapped[float | None] = mapped_column(Float)
    day_gap: Mapped[int] = mapped_column(Integer, default=0)
    linked_at: Mapped[str] = mapped_column(String(40))
