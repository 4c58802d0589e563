"""Claims: ``incident_claims`` attaches allegation events to the observed incident they are
about (``events.claims``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_claims",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("day_gap", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_incident_claims_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_incident_claims_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_incident_claims")),
    )
    op.create_index(
        op.f("ix_incident_claims_incident_id"), "incident_claims", ["incident_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_incident_claims_incident_id"), table_name="incident_claims")
    op.drop_table("incident_claims")
