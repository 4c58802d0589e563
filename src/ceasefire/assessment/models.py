"""The ``assessments`` table: one verdict per incident, agreement and rules version."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.db.base import Base


class AssessmentRow(Base):
    """``verdict`` is ``violation``, ``no_violation`` or ``undetermined``; ``trace`` the JSON
    list of rule steps that led there; ``facts_hash`` the hash of the incident facts used."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"), index=True)
    agreement_id: Mapped[str] = mapped_column(String(128), ForeignKey("agreements.id"))
    rules_version: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(16))
    party: Mapped[str] = mapped_column(Text, default="")
    side: Mapped[str] = mapped_column(String(64), default="")
    confidence: Mapped[float | None] = mapped_column(Float)
    trace: Mapped[str] = mapped_column(Text, default="[]")
    facts_hash: Mapped[str] = mapped_column(String(64))
    assessed_at: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("incident_id", "agreement_id", "rules_version"),)
