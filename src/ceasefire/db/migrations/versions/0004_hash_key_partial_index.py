"""Index ``events.hash_key`` only for records without an ``event_id_cnty``: a record with an id
is found again through the id index, so the full hash index only slowed bulk ingest.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_hash_key"))
        batch_op.create_index(
            "ix_events_hash_key_no_id",
            ["hash_key"],
            unique=False,
            sqlite_where=sa.text("event_id_cnty = ''"),
            postgresql_where=sa.text("event_id_cnty = ''"),
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_events_hash_key_no_id",
            sqlite_where=sa.text("event_id_cnty = ''"),
            postgresql_where=sa.text("event_id_cnty = ''"),
        )
        batch_op.create_index(batch_op.f("ix_events_hash_key"), ["hash_key"], unique=False)
