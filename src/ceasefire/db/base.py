"""Declarative base shared by every record table, with a constraint naming convention.

The naming convention gives every index and constraint a stable name, which Alembic's
batch mode needs to alter SQLite tables and which keeps both databases' schemas alike.
"""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def load_models() -> type[Base]:
    """Import every module that declares tables, so ``Base.metadata`` is complete."""
    import ceasefire.agreements.models
    import ceasefire.audit.models
    import ceasefire.events.claim_models
    import ceasefire.events.models
    import ceasefire.sources.coding_queue
    import ceasefire.sources.models
    import ceasefire.verification.comment_models
    import ceasefire.verification.review_models  # noqa: F401

    return Base
