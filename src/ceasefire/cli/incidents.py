"""``incidents`` (the list, as a table, JSON, CSV or GeoJSON) and ``incident show``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from ceasefire.atomic import store_files
from ceasefire.cli.common import cli_errors, console, err_console
from ceasefire.cli.options import DbOption
from ceasefire.db.store import store_transaction
from ceasefire.errors import InputError
from ceasefire.reports.incident_formats import (
    INCIDENT_FORMATS,
    RENDERERS,
    write_incidents,
)
from ceasefire.reports.incidents import IncidentData, incident_record, incident_records

incident_app = typer.Typer(help="One incident: its trace, sources, claims and votes.",
                           no_args_is_help=True)  # fmt: skip

Agreement = Annotated[
    str | None, typer.Option("--agreement", help="Give verdicts and zones under this agreement.")
]


@dataclass(frozen=True)
class Column:
    """A table column: header, the cell of an incident, and whether it may wrap."""

    header: str
    cell: Callable[[IncidentData], str]
    wrap: bool = True


def _deaths(r: IncidentData) -> str:
    if r["fatalities_min"] != r["fatalities_max"]:
        return f"{r['fatalities']} ({r['fatalities_min']}-{r['fatalities_max']})"
    return str(r["fatalities"])


def _claims(r: IncidentData) -> str:
    if r["claim_of"]:
        return "on " + ",".join(str(i) for i in r["claim_of"])
    return str(len(r["claims"])) if r["claims"] else ""


#: Columns in the order they are dropped last to first when the terminal is narrow.
COLUMNS = (
    Column("id", lambda r: str(r["id"]), wrap=False),
    Column("date", lambda r: r["date_from"], wrap=False),
    Column("verdict", lambda r: r["verdict"] or "-", wrap=False),
    Column("place", lambda r: r["location"]),
    Column("status", lambda r: r["status"], wrap=False),
    Column("party", lambda r: r["party"] or ""),
    Column("claims", _claims),
    Column("type", lambda r: ("alleged: " if r["allegation"] else "") + r["event_type"]),
    Column("zone", lambda r: r["zone"] or ""),
    Column("actor1", lambda r: r["actor1"]),
    Column("deaths", _deaths, wrap=False),
    Column("src", lambda r: str(r["source_count"]), wrap=False),
)
_WRAP_MIN = 12
_GAP = 3  # the space a column takes besides its cells: padding and separator


def incidents_table(records: list[IncidentData], width: int) -> Table:
    """The incidents as a table of the columns that fit ``width``: dates, verdicts and
    statuses never wrap and keep their full width; place, party, type and actors wrap at
    spaces and are never narrower than their longest word. Columns that do not fit are left
    out, last in ``COLUMNS`` first; a column with no value at all is left out too."""
    shown: list[tuple[Column, int, int]] = []  # column, least width, natural width
    used = -_GAP
    for column in COLUMNS:
        values = [column.cell(r) for r in records]
        if not any(values) and column.wrap:
            continue  # an empty place, party, type or actor column says nothing
        longest = max(len(c) for c in [column.header, *values])
        word = max(len(w) for c in [column.header, *values] for w in [*c.split(), ""])
        need = longest if not column.wrap else min(longest, max(_WRAP_MIN, word))
        if used + need + _GAP > width and len(shown) >= 3:
            continue
        shown.append((column, need, longest))
        used += need + _GAP
    spare = max(0, width - used)
    widths = []
    for _column, need, longest in shown:
        extra = min(spare, longest - need)
        spare -= extra
        widths.append(need + extra)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), highlight=False,
                  show_edge=False)  # fmt: skip
    for (column, _, _), w in zip(shown, widths, strict=True):
        table.add_column(column.header, no_wrap=not column.wrap, width=w, overflow="fold")
    for record in records:
        table.add_row(*(column.cell(record) for column, _, _ in shown))
    return table


def describe_filters(**filters: object) -> str:
    """``agreement astana-2017, verdict violation`` for the filters that are set."""
    return ", ".join(f"{k.strip('_')} {v}" for k, v in filters.items() if v is not None)


@cli_errors
def incidents(
    agreement: Agreement = None,
    verdict: Annotated[
        str | None,
        typer.Option("--verdict", help="Only this verdict: violation, no_violation, undetermined."),
    ] = None,
    zone: Annotated[str | None, typer.Option("--zone", help="Only this zone of the agreement.")] = (
        None
    ),
    party: Annotated[
        str | None, typer.Option("--party", help="Only incidents naming this actor or party.")
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Only incidents up to this date (YYYY-MM-DD)."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Only incidents on or before YYYY-MM-DD.")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="Only this status.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this ACLED event type.")
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help=f"Output: {', '.join(INCIDENT_FORMATS)}.")
    ] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N incidents.")] = (
        None
    ),
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Write json, csv or geojson to this file "
            "('-' for standard output); never the store.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """List incidents with their verdicts, claims and verification status.

    `--format json` gives one object per incident (trace, claims, votes and member events
    included), `csv` one row per incident under ACLED's column names, `geojson` a
    FeatureCollection for QGIS. `--verdict` and `--zone` need `--agreement`.

    Example:
        ceasefire incidents --agreement astana-2017 --verdict violation --format geojson \\
            -o violations.geojson
    """
    if format_ not in INCIDENT_FORMATS:
        raise InputError(f"unknown format {format_!r}", field="--format",
                         hint=f"Choose one of: {', '.join(INCIDENT_FORMATS)}.")  # fmt: skip
    if output is not None and format_ == "table":
        raise InputError("a table is printed, not written to a file", field="--output",
                         hint="Add --format json, csv or geojson.")  # fmt: skip
    date_from, date_to = _date(from_, "--from"), _date(to, "--to")
    with store_transaction(db) as session:
        found = incident_records(
            session, agreement=agreement, verdict=verdict, zone=zone, party=party,
            date_from=date_from, date_to=date_to, status=status, event_type=event_type,
            limit=limit,
        )  # fmt: skip
        protected = store_files(session.get_bind().engine)
    records = found.items
    if not records:
        what = describe_filters(agreement=agreement, verdict=verdict, zone=zone, party=party,
                                from_=from_, to=to, status=status, type=event_type)  # fmt: skip
        target = console if format_ == "table" else err_console
        target.print(f"No incidents match{': ' + what if what else ''}.", markup=False,
                     highlight=False, soft_wrap=True)  # fmt: skip
        if format_ == "table":
            target.print("Widen the filters, or run `ceasefire fuse` and `ceasefire assess "
                         "--agreement ID` first.", markup=False, highlight=False)  # fmt: skip
            return
    if format_ == "table":
        console.print(incidents_table(records, console.width))
        if found.total > len(records):
            console.print(f"{len(records)} of {found.total} incidents shown.", highlight=False)
        return
    if output is not None and output != "-":
        done = write_incidents(records, output, fmt=format_, protected=protected, replace=force)
        err_console.print(f"Wrote {done} incident{'' if done == 1 else 's'} to {output}",
                          markup=False, highlight=False, soft_wrap=True)  # fmt: skip
        return
    typer.echo(RENDERERS[format_](records), nl=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date: {text!r}", field=option,
                         hint="Give a date as YYYY-MM-DD, e.g. 2017-01-24.") from None  # fmt: skip


def show_text(record: IncidentData, out: Console) -> None:
    """Print one incident for a reader: facts, verdict and trace, sources with their text
    spans, claims and votes (user text printed as is, never as markup)."""

    def line(text: str = "", style: str | None = None) -> None:
        out.print(text, markup=False, highlight=False, style=style)

    place = ", ".join(p for p in (record["location"], record["admin1"], record["country"]) if p)
    days = record["date_from"]
    if record["date_to"] != record["date_from"]:
        days += f" to {record['date_to']}"
    line(f"Incident {record['id']}: {days}, {place}", style="bold")
    kind = "alleged " if record["allegation"] else ""
    actors = " vs ".join(a for a in (record["actor1"], record["actor2"]) if a) or "actors unknown"
    what = record["sub_event_type"] or record["event_type"] or "event of unknown type"
    line(f"  {kind}{what}: {actors}; deaths {_deaths(record)}")
    line(f"  {_count(record['event_count'], 'event')} from "
         f"{_count(record['source_count'], 'source')}: {record['sources'] or '-'}")  # fmt: skip
    if record["zone"]:
        line(f"  zone: {record['zone']}")
    review = f", {record['review_agreement_id']}" if record["review_agreement_id"] else ""
    line(f"  status: {record['status']} (round {record['review_round']}{review})")
    if record["claim_of"]:
        line("  its claims are attached to incident " +
             ", ".join(str(i) for i in record["claim_of"]))  # fmt: skip
    line()
    if record["agreement"] is None:
        line("Verdict: none (no agreement given; pass --agreement ID)", style="bold")
    elif record["verdict"] is None:
        run = f"run `ceasefire assess --agreement {record['agreement']}`"
        line(f"Verdict under {record['agreement']}: not assessed ({run})", style="bold")
    else:
        party = f", party {record['party']}" if record["party"] else ""
        side = f" ({record['side']})" if record["side"] else ""
        line(f"Verdict under {record['agreement']}: {record['verdict']}{party}{side}, "
             f"confidence {record['confidence'] if record['confidence'] is not None else '-'}",
             style="bold")  # fmt: skip
        for n, step in enumerate(record["trace"], 1):
            if isinstance(step, dict):
                line(f"  {n}. {step.get('rule', '')}: {step.get('answer', '')}: "
                     f"{step.get('detail', '')}")  # fmt: skip
            else:
                line(f"  {n}. {step}")
    line()
    line(f"Sources ({len(record['events'])})", style="bold")
    for event in record["events"]:
        origin = (f"document {event['document']}" if event["document"]
                  else "structured row")  # fmt: skip
        ident = f" {event['event_id_cnty']}" if event["event_id_cnty"] else ""
        claim = f", claimed by {event['claimant']}" if event["claimant"] else ""
        line(f"  event {event['id']}{ident} ({event['event_date']}, {event['modality']}{claim}): "
             f"{origin}; source {event['source'] or '-'}")  # fmt: skip
        if event["text"] is not None:
            line(f'    [{event["span_start"]}-{event["span_end"]}] "{event["text"]}"')
    line()
    line(f"Claims ({len(record['claims'])})", style="bold")
    if not record["claims"]:
        line("  none attached")
    for c in record["claims"]:
        line(f"  {c['event_date']} {c['claim']} (event {c['event_id']}"
             f"{', incident ' + str(c['incident_id']) if c['incident_id'] else ''}); "
             f"source {c['source'] or '-'}"
             f"{'; document ' + c['document'] if c['document'] else ''}")  # fmt: skip
        if c["text"] is not None:
            line(f'    "{c["text"]}"')
        elif c["notes"]:
            line(f"    notes: {c['notes']}")
    line()
    line(f"Votes ({len(record['votes'])})", style="bold")
    if not record["votes"]:
        line("  none cast")
    for v in record["votes"]:
        evidence = f" [{', '.join(str(e) for e in v['evidence'])}]" if v["evidence"] else ""
        line(f"  round {v['round']} {v['member']}: {v['choice']}, \"{v['rationale']}\""
             f"{evidence} ({v['cast_at']})")  # fmt: skip


@incident_app.command("show")
@cli_errors
def show(
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    agreement: Agreement = None,
    format_: Annotated[str, typer.Option("--format", help="Output: text or json.")] = "text",
    db: DbOption = None,
) -> None:
    """Show one incident: the verdict's rule trace, every source with the text span it was
    coded from, the claims attached to it and the votes on it.

    Without `--agreement`, the verdict is the one under the agreement reviewing it, else the
    only agreement it is assessed under.

    Example:
        ceasefire incident show 12 --agreement astana-2017
    """
    if format_ not in ("text", "json"):
        raise InputError(f"unknown format {format_!r}", field="--format",
                         hint="Choose text or json.")  # fmt: skip
    with store_transaction(db) as session:
        record = incident_record(session, incident, agreement=agreement)
    if format_ == "json":
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    show_text(record, console)


def register(app: typer.Typer) -> None:
    """Add ``incidents`` and ``incident show`` to the ``ceasefire`` app."""
    app.command("incidents")(incidents)
    app.add_typer(incident_app, name="incident")
