"""The store: engine and sessions, declarative base, Alembic migrations."""
