"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CEASEFIRE_DATABASE_URL",
        help="Database URL: sqlite:///FILE (default sqlite:///ceasefire.db) or "
        "postgresql+psycopg://user:pass@host/db.",
        show_default=False,
    ),
]
