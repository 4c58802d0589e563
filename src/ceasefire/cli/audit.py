"""``ceasefire audit verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ceasefire.atomic import atomic_text, store_files
from ceasefire.audit.crypto import fingerprint
from ceasefire.audit.export import export_lines
from ceasefire.audit.integrity import verify_store
from ceasefire.audit.tree import (
    make_checkpoint,
    read_checkpoint,
    save_checkpoint,
    verify_checkpoint,
)
from ceasefire.cli.common import cli_errors, console, err_console, plural, print_error
from ceasefire.cli.options import DbOption
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
@cli_errors
def verify(
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint",
            help="Also prove the log still extends this checkpoint (a consistency proof).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Check the audit log's hash chain and every stored record against it, both ways.

    Every record the log wrote must still exist with the content it vouched for, nothing may
    exist that it does not account for, and each incident's status must be the one its audited
    transitions give. Removing the last entries together with what they wrote cannot be seen
    from inside the store: only a checkpoint of the log kept elsewhere shows it.

    With `--checkpoint FILE` (from `ceasefire audit checkpoint`), also prove that the log
    still extends that signed head: truncation, a forked history or a rewritten entry fails,
    naming the first entry that differs. Exits 0 when everything is intact, 1 naming the
    first bad entry otherwise.

    Example:
        ceasefire audit verify --checkpoint checkpoint-2017-01-24.json
    """
    pinned = read_checkpoint(checkpoint) if checkpoint is not None else None
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            extension = (
                verify_checkpoint(session, pinned, source=str(checkpoint))
                if pinned is not None
                else None
            )
            report = verify_store(session)
    finally:
        engine.dispose()
    if extension is not None and extension.problem is not None:
        print_error(extension.problem, label="Audit check failed:")
        raise typer.Exit(code=1)
    if not report.ok:
        print_error(str(report.problems[0]), label="Audit check failed:")
        raise typer.Exit(code=1)
    if extension is not None:
        pinned_size = plural(extension.checkpoint_size, "entry", "entries")
        console.print(
            f"The log extends the checkpoint of {pinned_size} (now {extension.size:,}; "
            "consistency proof of "
            f"{plural(extension.proof_hashes, 'hash', 'hashes')} verified)."
        )
    checked = ", ".join(plural(n, kind) for kind, n in report.checked.items())
    console.print(
        f"Audit log intact: {plural(report.entries, 'entry', 'entries')} in an unbroken hash "
        f"chain; every stored record matches its entry ({checked})."
    )
    if report.unsealed:
        console.print(
            f"{plural(report.unsealed, 'record')} last written before seals: their fields outside "
            "the content hash (an event's source line, a document's title...) are not vouched "
            "for (docs/audit.md)."
        )
    if extension is None:
        console.print(
            "A cut at the end of the log (its last entries removed with what they wrote) cannot "
            "be seen from inside the store: compare with a checkpoint of the log kept elsewhere."
        )


@app.command("checkpoint")
@cli_errors
def checkpoint(
    output: Annotated[
        str, typer.Option("-o", "--output", help="Write it to this file ('-': standard output).")
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """Write the log's current tree head (size, root hash, time, store id), signed by the
    server's key: keep it, and later prove the log still extends it with
    `ceasefire audit verify --checkpoint FILE`.

    Example:
        ceasefire audit checkpoint -o checkpoint-2017-01-24.json
    """
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            cp = make_checkpoint(session)
        save_checkpoint(cp, output, protected=store_files(engine), replace=force)
    finally:
        engine.dispose()
    if output != "-":
        err_console.print(
            f"Wrote the checkpoint of {plural(cp.size, 'entry', 'entries')} (root {cp.root}, "
            f"key {fingerprint(cp.key)}) to {output}"
        )


@app.command("export")
@cli_errors
def export(
    output: Annotated[
        str, typer.Option("-o", "--output", help="Write it to this file ('-': standard output).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """Export the audit log, members' keys and votes as JSON Lines, for a member to check
    without the store: `python -m ceasefire.verification.offline EXPORT CHECKPOINT`.

    Example:
        ceasefire audit export -o audit-2017-01-24.jsonl
    """
    engine = open_store(db)
    lines = 0
    try:
        with (
            session_factory(engine)() as session,
            atomic_text(output, protected=store_files(engine), replace=force) as fh,
        ):
            for line in export_lines(session):
                fh.write(line)
                lines += 1
    finally:
        engine.dispose()
    if output != "-":
        err_console.print(f"Wrote {plural(lines, 'line')} to {output}")
