"""Settings, declared once. Every field reads ``CEASEFIRE_<NAME>`` from the environment."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///ceasefire.db"


class Settings(BaseSettings):
    """ceasefire's settings; the CLI's ``--db`` overrides ``database_url``."""

    model_config = SettingsConfigDict(env_prefix="CEASEFIRE_", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the store: a SQLite file by default, "
        "or postgresql+psycopg://user:pass@host/db for a shared server.",
    )
    log_level: str = Field("WARNING", description="Level of log records written to stderr.")
    user: str = Field(
        "local",
        description="Name recorded as the actor of audit-log entries written from the CLI.",
    )
    max_input_bytes: int = Field(
        512 * 1024 * 1024,
        description="Largest input file accepted by ingest, in bytes; larger files are refused.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings read from the environment, cached for the process."""
    return Settings()
