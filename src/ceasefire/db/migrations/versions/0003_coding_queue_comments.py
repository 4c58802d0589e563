"""Coding queue and comments: ``coding_jobs`` (documents stored now, coded later) and
``comments`` on incidents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coding_jobs",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=True),
        sa.Column("queued_at", sa.String(length=40), nullable=False),
        sa.Column("coded_at", sa.String(length=40), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_coding_jobs_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_coding_jobs_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_coding_jobs")),
    )
    op.create_index(
        "ix_coding_jobs_waiting",
        "coding_jobs",
        ["queued_at"],
        unique=False,
        sqlite_where=sa.text("coded_at IS NULL AND error IS NULL"),
        postgresql_where=sa.text("coded_at IS NULL AND error IS NULL"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_comments_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_comments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index(op.f("ix_comments_incident_id"), "comments", ["incident_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_comments_incident_id"), table_name="comments")
    op.drop_table("comments")
    op.drop_index(
        "ix_coding_jobs_waiting",
        table_name="coding_jobs",
        sqlite_where=sa.text("coded_at IS NULL AND error IS NULL"),
        postgresql_where=sa.text("coded_at IS NULL AND error IS NULL"),
    )
    op.drop_table("coding_jobs")
