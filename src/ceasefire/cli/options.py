"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

#: The environment variable naming the store, as the settings read it.
DB_ENV = "CEASEFIRE_DATABASE_URL"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="Database URL: sqlite:///FILE (default sqlite:///ceasefire.db) or "
        "postgresql+psycopg://user:pass@host/db.",
        show_default=False,
    ),
]
