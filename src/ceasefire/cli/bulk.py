"""``ceasefire bulk``: code a corpus on Dask into resumable partitions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.common import cli_errors, err_console, item_progress


class BulkFormat(StrEnum):
    """Partition formats of ``bulk``."""

    parquet = "parquet"
    jsonl = "jsonl"


@cli_errors
def bulk(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Directories and files: text, HTML, RSS/Atom, JSON Lines, CSV, or gzip of those."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output directory of the partitions.")
    ],
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Local worker processes (default: one per core)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="tcp://HOST:PORT of a running Dask scheduler (its workers must see the "
            "inputs and the output directory); default: a local cluster.",
        ),
    ] = None,
    fmt: Annotated[BulkFormat, typer.Option("--format", help="Partition format.")] = (
        BulkFormat.parquet
    ),
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Remove another run's partitions from the directory."),
    ] = False,
) -> None:
    """Code a corpus on Dask into partitioned Parquet (or JSON Lines) that ingest loads.

    Each partition holds the events of consecutive texts, as `extract --format jsonl` writes
    them; a killed run started again with the same arguments keeps its finished partitions.
    Identical texts are coded once. Unreadable files are reported by name and skipped.

    Example:

        ceasefire bulk archive/ wires-2017.jsonl.gz -o coded/ --workers 2

        ceasefire ingest coded/part-*.parquet
    """
    from ceasefire.bulk.runner import run_bulk

    def started(dashboard: str | None) -> None:
        if dashboard:
            err_console.print(f"Dask dashboard: {dashboard}")

    with item_progress("Coding", None) as advance:
        summary = run_bulk(
            inputs,
            output,
            workers=workers,
            scheduler=scheduler,
            fmt=fmt.value,
            overwrite=overwrite,
            progress=advance,
            on_start=started,
        )
    for skipped in summary.skipped:
        err_console.print(f"Skipped {skipped.reason}", style="yellow")
    kept = f", {summary.resumed} kept from an earlier run" if summary.resumed else ""
    err_console.print(
        f"{summary.texts} text(s) in {summary.partitions} partition(s){kept}; coded "
        f"{summary.coded} distinct text(s) into {summary.events} event(s); wrote {output}."
    )


def register(app: typer.Typer) -> None:
    """Add ``bulk`` to the ``ceasefire`` app."""
    app.command("bulk")(bulk)
