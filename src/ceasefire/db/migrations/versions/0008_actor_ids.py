"""Actor ids beside the actor fields: ``actor1_id`` and ``actor2_id`` on events and incidents.

Each holds the registry ids of the groups its field names, resolved at ingest
(``actors/ids.py``); rows stored before hold ``''`` and are resolved from their text when
assessed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("events", "incidents")
COLUMNS = ("actor1_id", "actor2_id")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in COLUMNS:
                batch_op.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(COLUMNS):
                batch_op.drop_column(column)
