"""``ceasefire extract`` and ``ceasefire eval``: code text into events, score the coder."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.atomic import store_files
from ceasefire.cli.common import cli_errors, console, err_console, item_progress, styled
from ceasefire.errors import ConfigError
from ceasefire.settings import get_settings


class OutputFormat(StrEnum):
    """Output formats of ``extract``."""

    acled = "acled"
    jsonl = "jsonl"
    geojson = "geojson"


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ConfigError(
            f"--date '{value}' is not a date", hint="Write it as YYYY-MM-DD, e.g. 2017-01-25."
        ) from exc


TextColumn = Annotated[
    str | None, typer.Option("--text-column", help="CSV/JSONL column holding the text.")
]
DateColumn = Annotated[
    str | None,
    typer.Option("--date-column", help="Column with each text's reference (publication) date."),
]
IdColumn = Annotated[
    str | None, typer.Option("--id-column", help="Column with each row's id (output column id).")
]
Limit = Annotated[int | None, typer.Option("--limit", min=1, help="Code only the first N texts.")]
CountryColumn = Annotated[
    str | None,
    typer.Option("--country-column", help="Column naming each text's country (a hint)."),
]


@cli_errors
def extract(
    inputs: Annotated[
        list[Path], typer.Argument(help="Text, HTML, RSS/Atom, JSON Lines or CSV files.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Output file ('-' for standard output); never an input."
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output file.")
    ] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.acled
    ),
    text_column: TextColumn = None,
    date_column: DateColumn = None,
    id_column: IdColumn = None,
    date_: Annotated[
        str | None,
        typer.Option("--date", help="Reference date (YYYY-MM-DD) for inputs that have none."),
    ] = None,
    one_per_row: Annotated[
        bool,
        typer.Option("--one-per-row", help="Exactly one row per input row: its primary event."),
    ] = False,
    limit: Limit = None,
    country: Annotated[
        str | None,
        typer.Option("--country", help="Country of texts that do not name one (a hint)."),
    ] = None,
    country_column: CountryColumn = None,
) -> None:
    """Code conflict events in text files, without a database.

    Writes ACLED's columns (2019+ event types, ACLED actor names), JSON Lines with provenance
    (spans, modality, claimant, PLOVER code, confidence, rules) or GeoJSON.

    Example:

        ceasefire extract article.txt --date 2017-01-25 -o events.csv

        ceasefire extract notes.csv --text-column notes --id-column id --one-per-row -o out.csv
    """
    from ceasefire.coding.extract import extract_files

    with item_progress("Coding", None) as advance:
        summary = extract_files(
            inputs,
            output=output,
            fmt=fmt.value,
            text_column=text_column,
            date_column=date_column,
            id_column=id_column,
            date=_day(date_),
            one_per_row=one_per_row,
            limit=limit,
            country=country,
            country_column=country_column,
            progress=advance,
            force=force,
            protected=store_files(get_settings().database_url),  # the configured store
        )
    for notice in summary.notices:
        err_console.print(f"warning: {notice}", style="yellow", highlight=False, markup=False)
    if str(output) == "-":
        return
    if summary.no_events:
        err_console.print(f"No events found in {summary.texts} text(s); wrote {output}.")
    else:
        err_console.print(
            f"{summary.events} event(s) from {summary.texts_with_events} of {summary.texts} "
            f"text(s); wrote {summary.rows_written} row(s) to {output}."
        )


@cli_errors
def eval_(
    gold: Annotated[Path, typer.Argument(help="ACLED-format CSV with a notes column.")],
    text_column: Annotated[
        str, typer.Option("--text-column", help="Column holding the text.")
    ] = "notes",
    date_column: DateColumn = None,
    id_column: IdColumn = None,
    limit: Limit = None,
    country_column: CountryColumn = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    show_errors: Annotated[
        int, typer.Option("--show-errors", min=0, help="Print up to N mismatches per field.")
    ] = 0,
) -> None:
    """Score the coder against ACLED-format gold rows.

    Prints per-field accuracy (event type, sub-event type, actors, location within 25 km,
    admin1, fatalities, event date) and a confusion table of event types.

    Example:

        ceasefire eval gold.csv --id-column id --date-column event_date

        ceasefire eval gold.csv --json > scores.json
    """
    from ceasefire.coding.evaluate import evaluate

    with item_progress("Scoring", None) as advance:
        report = evaluate(
            gold,
            text_column=text_column,
            date_column=date_column,
            id_column=id_column,
            limit=limit,
            country_column=country_column,
            progress=advance,
        )
    if as_json:
        console.print_json(json.dumps(report.to_json()))
        return
    table = Table(title=f"Coder accuracy on {report.rows} rows of {gold.name}")
    table.add_column("field")
    table.add_column("accuracy", justify="right")
    table.add_column("right / scored", justify="right")
    for name, score in report.fields.items():
        acc = "n/a" if score.accuracy is None else f"{score.accuracy:.3f}"
        table.add_row(name, acc, f"{score.correct} / {score.total}")
    console.print(table)
    predicted = sorted({p for row in report.confusion.values() for p in row})
    conf = Table(title="Event types: gold (rows) x coded (columns)")
    conf.add_column("gold")
    for p in predicted:
        conf.add_column(p, justify="right")
    for g, row in report.confusion.items():
        conf.add_row(g, *(str(row.get(p, "")) for p in predicted))
    console.print(conf)
    if show_errors:
        shown: dict[str, int] = {}
        for m in report.mismatches:
            if shown.get(m.field, 0) >= show_errors:
                continue
            shown[m.field] = shown.get(m.field, 0) + 1
            console.print(
                styled((m.field, "bold"), f" row {m.row_id}: gold ", (repr(m.gold), "green"),
                       " coded ", (repr(m.predicted), "red"), f"\n  {m.text}")
            )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``eval`` to the ``ceasefire`` app."""
    app.command("extract")(extract)
    app.command("eval")(eval_)
