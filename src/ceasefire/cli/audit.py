"""``ceasefire audit verify``."""

from __future__ import annotations

import typer

from ceasefire.audit.integrity import verify_store
from ceasefire.cli.common import cli_errors, console, plural, print_error
from ceasefire.cli.options import DbOption
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
@cli_errors
def verify(db: DbOption = None) -> None:
    """Check the audit log's hash chain and every stored record against it.

    Exits 0 when everything is intact, 1 naming the first bad entry otherwise.

    Example:
        ceasefire audit verify
    """
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            report = verify_store(session)
    finally:
        engine.dispose()
    if not report.ok:
        print_error(str(report.problems[0]), label="Audit check failed:")
        raise typer.Exit(code=1)
    checked = ", ".join(plural(n, kind) for kind, n in report.checked.items())
    console.print(
        f"Audit log intact: {plural(report.entries, 'entry', 'entries')} in an unbroken hash "
        f"chain; every stored record matches its entry ({checked})."
    )
