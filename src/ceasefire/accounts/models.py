"""The ``users`` table: who may act, in which role, for which delegation; tokens hashed."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.db.base import Base


class UserRow(Base):
    """A user. ``token_prefix`` is the public part of the API token, used to find the row;
    ``token_hash`` is the Argon2id hash of the whole token (the token itself is never stored).
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    organisation: Mapped[str] = mapped_column(String(128), default="")
    token_prefix: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(Text, default="")
    revoked_at: Mapped[str | None] = mapped_column(String(40))

    @property
    def active(self) -> bool:
        return self.revoked_at is None
