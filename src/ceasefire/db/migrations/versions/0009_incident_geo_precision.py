"""How precisely an incident is located: ``incidents.geo_precision``.

ACLED's scale (1 the town itself, 2 near it or a district, 3 a province or wider) of the member
whose place the incident shows (``events.incidents.summarise``: the most precisely located).
An agreement whose scope is drawn as polygons cannot place an incident located only to a
province or a country by its point (a capital or a centroid), so assessment asks it. Incidents
stored before take their most precise member's figure.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("geo_precision", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE incidents SET geo_precision = (SELECT MIN(e.geo_precision) FROM events e "
        "JOIN incident_events m ON m.event_id = e.id WHERE m.incident_id = incidents.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("geo_precision")
