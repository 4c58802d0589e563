"""Running the API server: one process, or N uvicorn worker processes sharing PostgreSQL.

Several workers are for PostgreSQL only. Their writes are serialised by the database itself
(``db.engine.transaction`` takes a transaction-level advisory lock on PostgreSQL, so a check
and the write it guards cannot interleave with another worker's), each worker's token cache
re-reads the user row on every request, and each worker's coder checks under that lock that
a job is still queued. A SQLite store has a single writer at a time whatever the number of
processes: more workers only add processes competing for it and for the CPU, so they are
refused rather than run slower.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ceasefire.db.engine import redact
from ceasefire.db.store import open_store
from ceasefire.errors import ConfigError

#: The app factory each worker process runs (it reads the store from the environment).
APP_FACTORY = "ceasefire.api.app:create_app"
#: Seconds an idle keep-alive connection stays open: reporters posting every few seconds
#: keep their connection instead of racing the server's close (uvicorn's default is 5 s).
KEEP_ALIVE = 75


def check_workers(url: str, workers: int) -> None:
    """Refuse ``workers`` > 1 unless the store is PostgreSQL (``ConfigError`` saying why)."""
    if workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}")
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = ""  # open_store names the bad URL
    if workers > 1 and backend != "postgresql":
        raise ConfigError(
            f"--workers {workers} needs a PostgreSQL store; {redact(url)} is "
            f"{'SQLite' if backend == 'sqlite' else 'not PostgreSQL'}, which has one writer "
            "at a time: more worker processes would compete for it, not add throughput",
            hint="Serve it with --workers 1 (the default), or move to PostgreSQL: "
            "ceasefire init --db postgresql+psycopg://USER:PASS@HOST/DB and serve with that "
            "--db.",
        )


def check_serving(url: str, workers: int) -> None:
    """Fail now, with a hint, if ``workers`` is refused (``check_workers``) or the store is
    missing or its schema is old (``open_store``)."""
    check_workers(url, workers)
    open_store(url).dispose()


def run_server(url: str, *, host: str, port: int, workers: int = 1) -> None:
    """Serve the app on ``host``:``port`` until stopped (blocks).

    Fails before listening where ``check_serving`` does.
    """
    import uvicorn

    from ceasefire.api.app import create_app

    check_serving(url, workers)
    if workers == 1:
        uvicorn.run(
            create_app(url), host=host, port=port, log_level="warning",
            timeout_keep_alive=KEEP_ALIVE,
        )  # fmt: skip
        return
    os.environ["CEASEFIRE_DATABASE_URL"] = url  # worker processes read the store from it
    uvicorn.run(
        APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="warning",
        timeout_keep_alive=KEEP_ALIVE,
    )  # fmt: skip
