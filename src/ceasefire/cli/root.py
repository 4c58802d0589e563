"""The ``ceasefire`` Typer app without its commands: name, help, ``--version`` and ``--db``.

``cli/main.py`` registers every command on it; ``cli/launch.py`` registers only the one a
command line names when that one is cheap to import (``extract``, ``eval``).
"""

from __future__ import annotations

import os

import typer

from ceasefire import __version__
from ceasefire.cli import help_text
from ceasefire.cli.options import DB_ENV, DbOption
from ceasefire.log import configure_logging
from ceasefire.settings import get_settings


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasefire {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    db: DbOption = None,
) -> None:
    configure_logging(get_settings().log_level)
    if db is not None:
        # ``ceasefire --db URL init``: the command's own --db reads this variable, so the
        # URL given before the command is its default (one given after it still wins).
        before = os.environ.get(DB_ENV)
        os.environ[DB_ENV] = db
        ctx.call_on_close(lambda: _restore(before))


def _restore(value: str | None) -> None:
    if value is None:
        os.environ.pop(DB_ENV, None)
    else:
        os.environ[DB_ENV] = value


def new_app() -> typer.Typer:
    """The root app, no command registered yet."""
    help_text.hide_flag_types()
    app = typer.Typer(
        name="ceasefire",
        help="Monitor and verify ceasefires: agreements, reports, coded events, audit log.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    app.callback()(_root)
    return app
