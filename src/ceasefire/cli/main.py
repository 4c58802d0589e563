"""The ``ceasefire`` command: one Typer app, one file per command group."""

from __future__ import annotations

import typer

from ceasefire import __version__
from ceasefire.cli import agreements, analytics, audit, coding, decisions, demo, serve, store
from ceasefire.log import configure_logging
from ceasefire.settings import get_settings

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
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    configure_logging(get_settings().log_level)


app.command("init")(store.init)
app.command("ingest")(store.ingest)
app.command("export")(store.export)
app.command("demo")(demo.demo)
app.command("status")(analytics.status)
app.command("report")(analytics.report)
app.add_typer(agreements.app, name="agreement")
app.add_typer(audit.app, name="audit")
decisions.register(app)
serve.register(app)
coding.register(app)


def main() -> None:
    app()
