"""Signed votes: ``member_keys`` (members' Ed25519 public keys, with validity periods) and each
vote's signature, signing time and key (``audit.keys``, ``audit.signatures``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation", sa.String(length=128), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.String(length=40), nullable=False),
        sa.Column("valid_until", sa.String(length=40), nullable=True),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_keys")),
        sa.UniqueConstraint("public_key", name=op.f("uq_member_keys_public_key")),
    )
    op.create_index(
        op.f("ix_member_keys_organisation"), "member_keys", ["organisation"], unique=False
    )
    with op.batch_alter_table("votes") as batch:
        batch.add_column(sa.Column("signature", sa.Text(), nullable=True))
        batch.add_column(sa.Column("signed_at", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("key_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_votes_key_id_member_keys"), "member_keys", ["key_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("votes") as batch:
        batch.drop_constraint(op.f("fk_votes_key_id_member_keys"), type_="foreignkey")
        batch.drop_column("key_id")
        batch.drop_column("signed_at")
        batch.drop_column("signature")
    op.drop_index(op.f("ix_member_keys_organisation"), table_name="member_keys")
    op.drop_table("member_keys")
