"""The ``member_keys`` table: member organisations' Ed25519 public keys, never deleted.

A key is valid from ``valid_from`` until ``valid_until`` (open while None). Registering a new
key for an organisation ends its current key's validity at that moment (rotation); votes
signed while a key was valid keep verifying under it.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.db.base import Base


class MemberKeyRow(Base):
    __tablename__ = "member_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation: Mapped[str] = mapped_column(String(128), index=True)
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[str] = mapped_column(String(40))
    valid_until: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by: Mapped[str] = mapped_column(Text)
