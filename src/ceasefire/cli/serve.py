"""``ceasefire serve``: the dashboard (at /) and the REST API (docs at /docs) over the store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ceasefire.cli.common import cli_errors, console
from ceasefire.cli.options import DbOption
from ceasefire.db.store import database_url, open_store
from ceasefire.settings import get_settings
from ceasefire.web.assets import WebSettings


@cli_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    db: DbOption = None,
) -> None:
    """Serve the dashboard (at /) and the REST API (its OpenAPI docs at /docs).

    Example:
        ceasefire serve --port 8000
        ceasefire serve --host 0.0.0.0 --port 8080 --workers 4 \\
            --db postgresql+psycopg://cf:secret@127.0.0.1/ceasefire
    """
    import uvicorn

    from ceasefire.api.app import create_app

    url = database_url(db)
    open_store(url).dispose()  # fail now, with a hint, if the store is missing or old
    console.print(f"Serving the dashboard on http://{host}:{port}/ and the API (docs at /docs)")
    missing = WebSettings.of(get_settings()).missing()
    if missing:
        console.print(
            f"The dashboard's browser libraries are not installed ({', '.join(missing)} in "
            "node_modules): run 'make install' (npm ci) in the repository, or set "
            "CEASEFIRE_WEB_ASSETS to the node_modules folder that has them."
        )
    if workers == 1:
        uvicorn.run(create_app(url), host=host, port=port, log_level="warning")
        return
    os.environ["CEASEFIRE_DATABASE_URL"] = url  # worker processes read the store from it
    uvicorn.run(
        "ceasefire.api.app:create_app", factory=True, host=host, port=port, workers=workers,
        log_level="warning",
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``ceasefire`` app."""
    app.command("serve")(serve)
