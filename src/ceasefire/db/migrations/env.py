"""Alembic environment: runs migrations on the connection ceasefire hands over."""

from __future__ import annotations

from alembic import context

from ceasefire.db.base import load_models

target_metadata = load_models().metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("ceasefire runs its migrations through ceasefire.db.migrate")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
