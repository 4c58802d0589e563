"""Batches keep their submitter's organisation and the id space of their records.

Records submitted through the API by a user who is not a dataset curator (admin, monitor) get
their organisation's id space, so their ``event_id_cnty`` values cannot squat on a dataset's
ids (``''``: ACLED, UCDP and files ingested on the command line).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("id_space", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_column("id_space")
        batch_op.drop_column("organisation")
