"""The ``ceasefire`` command: one Typer app, one file per command group."""

from __future__ import annotations

import os

import typer

from ceasefire import __version__
from ceasefire.cli import (
    agreements,
    analytics,
    audit,
    coding,
    decisions,
    demo,
    help_text,
    keys,
    serve,
    store,
)  # fmt: skip
from ceasefire.cli.options import DB_ENV, DbOption
from ceasefire.log import configure_logging
from ceasefire.settings import get_settings

help_text.hide_flag_types()
app = typer.Typer(
    name="ceasefire",
    help="Monitor and verify ceasefires: agreements, reports, coded events, audit log.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ceasefire {__version__}")
        raise typer.Exit()


@app.callback()
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


app.command("init")(store.init)
app.command("ingest")(store.ingest)
app.command("export")(store.export)
app.command("demo")(demo.demo)
app.command("status")(analytics.status)
app.command("report")(analytics.report)
app.add_typer(agreements.app, name="agreement")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
decisions.register(app)
serve.register(app)
coding.register(app)


def main() -> None:
    app()
