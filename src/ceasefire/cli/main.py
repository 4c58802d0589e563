"""The ``ceasefire`` command: one Typer app, one file per command group."""

from __future__ import annotations

from ceasefire.cli import (
    agreements,
    analytics,
    audit,
    bulk,
    coding,
    decisions,
    demo,
    keys,
    serve,
    store,
)  # fmt: skip
from ceasefire.cli.root import new_app

app = new_app()
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
bulk.register(app)


def main() -> None:
    app()
