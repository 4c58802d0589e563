"""``ceasefire status`` (is the ceasefire holding, zone by zone and party by party) and
``ceasefire report`` (the situation report as HTML or PDF)."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.analytics.status import StatusReport, Trend, holding_status
from ceasefire.cli.common import cli_errors, console, styled
from ceasefire.cli.options import DbOption
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.errors import InputError
from ceasefire.reports.render import write_situation_report


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


AgreementOption = Annotated[str, typer.Option("--agreement", help="Agreement id.")]
_ARROW = {"up": "↑", "down": "↓", "flat": "="}


def parse_day(value: str, option: str) -> date:
    """A calendar date given on the command line (YYYY-MM-DD), or a clear error."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{option} {value!r} is not a date", field=option, hint="Write it as YYYY-MM-DD."
        ) from None


@cli_errors
def status(
    agreement: AgreementOption,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Last day counted, YYYY-MM-DD (default: today)."),
    ] = None,
    days: Annotated[int, typer.Option("--days", min=1, help="Length of the window in days.")] = 7,
    zone: Annotated[
        str | None,
        typer.Option("--zone", help="Only this zone of the agreement (its id): every table."),
    ] = None,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", help="table or json.")
    ] = StatusFormat.table,
    db: DbOption = None,
) -> None:
    """Is the ceasefire holding? Status per zone and per party over the last N days.

    Counts per zone and per party the incidents, violations (assessed and verified apart),
    allegations and fatalities of the window, against a baseline (the same length of time
    before the ceasefire took effect, or the previous period once it is long in force); a
    status per zone (holding / strained / broken) from the thresholds in the agreement file,
    printed with the rule that gave it; the trend; hotspots and spikes. With --zone, every
    count (parties, hotspots and spikes included) is of the incidents in that zone.

    Example:
        ceasefire status --agreement astana-2017 --as-of 2017-01-31
        ceasefire status --agreement astana-2017 --as-of 2017-01-31 --zone eastern-ghouta
        ceasefire status --agreement astana-2017 --days 28 --format json
    """
    day = parse_day(as_of, "--as-of") if as_of is not None else None
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            report = holding_status(
                session, agreement_id=agreement, as_of=day, days=days, zone=zone
            )
    finally:
        engine.dispose()
    if fmt is StatusFormat.json:
        typer.echo(json.dumps(report.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        print_status(report)


def _trend(trend: Trend) -> str:
    return f"{_ARROW[trend.direction]}{trend.change:+d}"


def print_status(report: StatusReport) -> None:
    """The status as rich tables (also the end of ``ceasefire demo``)."""
    w, b = report.window, report.baseline
    console.print(
        styled((report.agreement, "bold"), f" as of {report.as_of} ({report.days} days "
               f"{w.start}..{w.end}, cut-off {report.cutoff:%Y-%m-%d %H:%M} UTC)"
               + (f", zone {report.zone} only" if report.zone else ""))
    )  # fmt: skip
    kind = "before the ceasefire" if b.kind == "before_ceasefire" else "previous period"
    console.print(
        f"thresholds: {report.thresholds.describe()}\nbaseline: {b.start}..{b.end} ({kind})",
        highlight=False,
    )
    zones = Table("zone", "status", "inc.", "viol.", "verif.", "alleg.", "deaths",
                  "undet.", "baseline", "trend", title="Zones (baseline: violations/deaths)",
                  title_justify="left")  # fmt: skip
    colour = {"holding": "green", "strained": "yellow", "broken": "bold red"}
    for z in report.zones:
        zones.add_row(
            z.zone, styled((z.status, colour[z.status])), str(z.incidents), str(z.violations),
            str(z.verified), str(z.allegations), str(z.fatalities), str(z.undetermined),
            f"{z.baseline.violations}/{z.baseline.fatalities}", _trend(z.trend),
        )  # fmt: skip
    console.print(zones)
    parties = Table("party", "side", "viol.", "verif.", "alleged", "deaths", "baseline",
                    "trend", title="Parties (alleged: allegations against the party)",
                    title_justify="left")  # fmt: skip
    for p in report.parties:
        parties.add_row(
            p.party, p.side, str(p.violations), str(p.verified), str(p.allegations),
            str(p.fatalities), f"{p.baseline.violations}/{p.baseline.fatalities}",
            _trend(p.trend),
        )  # fmt: skip
    console.print(parties)
    if report.hotspots:
        hot = Table("cell", "place", "zone", "violations", "deaths", title="Hotspots",
                    title_justify="left")  # fmt: skip
        for h in report.hotspots:
            hot.add_row(h.cell or "-", h.place, h.zone, str(h.violations), str(h.fatalities))
        console.print(hot)
    for s in report.spikes:
        console.print(
            f"spike: {s.zone} on {s.date}: {s.violations} violations "
            f"(mean of the {report.thresholds.rolling_days} days before: {s.rolling_mean})",
            highlight=False,
        )


@cli_errors
def report(
    agreement: AgreementOption,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (the cut-off), YYYY-MM-DD.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.html or FILE.pdf.")],
    zone: Annotated[
        str | None, typer.Option("--zone", help="Only this zone of the agreement (its id).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """Write the situation report for a period: HTML, or PDF through WeasyPrint.

    Status per zone with the thresholds, a map, daily charts (violations by side,
    fatalities), the top incidents with their sources, claims and verdicts, what changed
    since the previous period, the cut-off time, and what the data cannot show. A period
    without incidents gives a report that says so.

    Example:
        ceasefire report --agreement astana-2017 --from 2017-01-01 --to 2017-01-31 -o jan.pdf
    """
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    engine = open_store(db)
    try:
        done = write_situation_report(
            engine, agreement_id=agreement, date_from=start, date_to=end, output=output,
            zone=zone, force=force,
        )  # fmt: skip
    finally:
        engine.dispose()
    console.print(
        f"Wrote the situation report of {agreement} for {start}..{end} "
        f"({len(done.items)} incidents) to {output}.",
        highlight=False,
    )
