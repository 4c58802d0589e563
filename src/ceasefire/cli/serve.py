"""``ceasefire serve``: the dashboard (at /) and the REST API (docs at /docs) over the store."""

from __future__ import annotations

from typing import Annotated

import typer

from ceasefire.api.server import check_serving, run_server
from ceasefire.cli.common import cli_errors, console
from ceasefire.cli.options import DbOption
from ceasefire.db.store import database_url
from ceasefire.settings import get_settings
from ceasefire.web.assets import WebSettings


@cli_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Worker processes (more than 1: PostgreSQL only)."),
    ] = 1,
    db: DbOption = None,
) -> None:
    """Serve the dashboard (at /) and the REST API (its OpenAPI docs at /docs).

    Several workers share a PostgreSQL store (their writes are serialised by the database); a
    SQLite store is served by one worker, and --workers above 1 is refused.

    Example:
        ceasefire serve --port 8000
        ceasefire serve --host 0.0.0.0 --port 8080 --workers 2 \\
            --db postgresql+psycopg://cf:secret@127.0.0.1/ceasefire
    """
    url = database_url(db)
    check_serving(url, workers)
    console.print(f"Serving the dashboard on http://{host}:{port}/ and the API (docs at /docs)")
    missing = WebSettings.of(get_settings()).missing()
    if missing:
        console.print(
            f"The dashboard's browser libraries are not installed ({', '.join(missing)} in "
            "node_modules): run 'make install' (npm ci) in the repository, or set "
            "CEASEFIRE_WEB_ASSETS to the node_modules folder that has them."
        )
    run_server(url, host=host, port=port, workers=workers)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``ceasefire`` app."""
    app.command("serve")(serve)
