"""``ceasefire init``, ``ingest`` and ``export``: the store's way in and out."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from ceasefire.cli.common import byte_progress, cli_errors, console, err_console, styled
from ceasefire.cli.options import DbOption
from ceasefire.db.store import init_store, open_store
from ceasefire.reports.exports import export_events
from ceasefire.settings import get_settings
from ceasefire.sources.document_ingest import DocumentIngestSummary
from ceasefire.sources.intake import ingest_path


@cli_errors
def init(db: DbOption = None) -> None:
    """Create the store, or upgrade an existing one to the newest schema.

    Example:
        ceasefire init
        ceasefire init --db postgresql+psycopg://cf:secret@127.0.0.1/ceasefire
    """
    url, revision = init_store(db)
    console.print(styled("Store ready at ", (url, "bold"), f" (schema revision {revision})."))


@cli_errors
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Files to take in.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="acled, ucdp, jsonl, parquet (records) or text, html, feed (documents to "
            "code); "
            "detected when not given.",
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Store the good rows and write the bad ones, with reasons, to a rejects file.",
        ),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            help="Where to write rejected rows (default: FILE.rejects.csv, replaced on each "
            "run); never an input, the store, a directory or a device.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --rejects file.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Reference date YYYY-MM-DD for texts that give none."),
    ] = None,
    parallel: Annotated[
        bool | None,
        typer.Option(
            "--parallel/--no-parallel",
            help="Parse CSV files in a second process while storing (default: for files of "
            "16 MB or more on machines with two cores or more).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Store records (ACLED CSV, UCDP GED CSV, JSON Lines, Parquet) or code and store texts.

    Each file is stored whole or not at all; what is already stored is skipped. Texts (plain
    text, HTML, RSS/Atom feeds) are stored by content hash with the events coded from them.

    Example:
        ceasefire ingest acled-syria-2017.csv
        ceasefire ingest ged.csv --format ucdp --skip-bad
        ceasefire ingest article.txt feed.xml --date 2017-01-25
        ceasefire ingest coded/part-*.parquet
    """
    reference = _date(date, "--date")
    if rejects is not None and len(files) > 1:
        raise typer.BadParameter(
            "names one file; with several input files leave it out (each gets FILE.rejects.csv)",
            param_hint="--rejects",
        )
    engine = open_store(db)
    actor = get_settings().user
    try:
        for path in files:
            total = path.stat().st_size if path.is_file() else 0
            with byte_progress(f"ingest {path.name}", total) as progress:
                summary = ingest_path(
                    engine, path, fmt=fmt, skip_bad=skip_bad, rejects_path=rejects,
                    reference_date=reference, actor=actor, progress=progress, parallel=parallel,
                    inputs=files, force=force,
                )  # fmt: skip
            if isinstance(summary, DocumentIngestSummary):
                for notice in summary.notices:
                    err_console.print(
                        f"warning: {notice}", style="yellow", highlight=False, markup=False
                    )
                console.print(
                    f"{path.name} (texts): {summary.documents:,} documents, "
                    f"{summary.stored_documents:,} stored with {summary.events:,} coded events, "
                    f"{summary.duplicate_documents:,} already stored",
                    highlight=False,
                )
                continue
            console.print(
                f"{path.name} ({summary.format}): {summary.rows:,} rows, {summary.stored:,} "
                f"stored, {summary.duplicates:,} duplicates, {summary.rejected:,} rejected",
                highlight=False,
            )
            if summary.rejects_path:
                console.print(
                    f"{summary.rejected:,} rejected rows of {path.name} written to "
                    f"{summary.rejects_path}",
                    style="yellow",
                )
    finally:
        engine.dispose()


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from None


@cli_errors
def export(
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="File to write ('-' for standard output); never the store."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help="acled, geojson or jsonl.")] = "acled",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    escape_formulas: Annotated[
        str,
        typer.Option(
            "--escape-formulas",
            help="ACLED CSV: put an apostrophe before cells a spreadsheet would run as formulas "
            "(=, +, -, @): in records submitted by non-curators (untrusted), all, or none.",
        ),
    ] = "untrusted",
    agreement: Annotated[
        str | None, typer.Option(help="Only events in this agreement's scope and time.")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="Only events in this country (repeatable).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write stored events as ACLED CSV, GeoJSON or JSON Lines.

    Example:
        ceasefire export --format acled -o events.csv --country Syria --from 2017-01-01
        ceasefire export --format geojson -o events.geojson --agreement astana-2017
        ceasefire export --format jsonl -o - | head
    """
    engine = open_store(db)
    try:
        summary = export_events(
            engine, output, fmt=fmt, force=force, escape_formulas=escape_formulas,
            agreement_id=agreement,
            countries=tuple(country or ()),
            date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
        )  # fmt: skip
    finally:
        engine.dispose()
    where = "standard output" if str(output) == "-" else summary.path
    err_console.print(
        f"Wrote {summary.events:,} events to {where} ({summary.format}).", highlight=False
    )
