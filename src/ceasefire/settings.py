"""Settings, declared once. Every field reads ``CEASEFIRE_<NAME>`` from the environment."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

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
    actor_files: str = Field(
        "",
        description="Analysts' actor files (YAML) read after the package's own, separated by "
        "the path separator (':' on Linux). See docs/actors.md.",
    )
    gazetteer_files: str = Field(
        "",
        description="Analysts' place files (YAML) read after the package gazetteer, separated "
        "by the path separator. See docs/gazetteer.md.",
    )
    cache_dir: str = Field(
        "",
        description="Directory of the build cache (the coder's phrase tables, the gazetteer's "
        "name index), safe to delete; empty: $XDG_CACHE_HOME/ceasefire or ~/.cache/ceasefire; "
        "'off' turns the cache off. See docs/coding.md.",
    )
    bulk_partition_size: int = Field(
        200,
        ge=1,
        description="Texts per partition of `ceasefire bulk` (part of a run's arguments: a run "
        "resumes only with the same size). See docs/bulk.md.",
    )
    tile_url: str = Field(
        "",
        description="Opt-in online tile layer for the dashboard map, a URL template such as "
        "https://tile.example.org/{z}/{x}/{y}.png; empty (the default) draws only the "
        "bundled boundaries and fetches nothing.",
    )
    tile_attribution: str = Field(
        "", description="Attribution shown on the dashboard map for the tile layer."
    )
    server_key: str = Field(
        "",
        description="The server's Ed25519 private key (PEM, mode 0600) that signs audit "
        "checkpoints, made on first use; empty: $XDG_DATA_HOME/ceasefire/server-key.pem or "
        "~/.local/share/ceasefire/server-key.pem. See docs/audit.md.",
    )
    web_assets: str = Field(
        "",
        description="The node_modules folder `npm ci` filled with the dashboard's browser "
        "libraries (Leaflet, marker clusters, Swagger UI); empty means the repository's own.",
    )


def path_list(value: str) -> list[Path]:
    """The paths of a setting that lists files separated by ``os.pathsep``."""
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings read from the environment, cached for the process."""
    return Settings()
