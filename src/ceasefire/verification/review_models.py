"""The ``votes`` table: verification-body members' votes on incidents under review.

Importing this module also loads every other table of the decisions layer (users, incidents,
assessments), so ``db.base.load_models`` needs one line for all of them.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

import ceasefire.accounts.models
import ceasefire.assessment.models
import ceasefire.audit.key_models
import ceasefire.events.incident_models  # noqa: F401
from ceasefire.db.base import Base


class VoteRow(Base):
    """One member organisation's vote in one review round of an incident.

    ``member`` is the organisation as the agreement names it (e.g. ``Russia``); ``user_id`` the
    person who cast it. ``evidence`` is a JSON list of links. A member votes once per round.
    """

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    member: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"))
    choice: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="[]")
    cast_at: Mapped[str] = mapped_column(String(40))
    #: A signed vote: the member's Ed25519 signature over the canonical vote
    #: (``audit.signatures``), the signer's time and the key it verifies under.
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)
    signed_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    key_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("member_keys.id"), nullable=True)

    __table_args__ = (UniqueConstraint("incident_id", "round", "member"),)
