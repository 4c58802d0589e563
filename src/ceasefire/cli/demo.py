"""``ceasefire demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import make_url

from ceasefire.assessment.demo import DecisionsDemoResult
from ceasefire.cli.analytics import print_status
from ceasefire.cli.common import cli_errors, console, styled
from ceasefire.db.store import database_url
from ceasefire.demo import run_demo


@cli_errors
def demo(
    workdir: Annotated[
        Path | None,
        typer.Option(help="Keep the demo's files here (default: a temporary directory)."),
    ] = None,
    scenario: Annotated[str, typer.Option(help="Scenario to run.")] = "astana-2017",
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store into this database (sqlite:///FILE or postgresql+psycopg://...); "
            "default: a SQLite file in the working directory.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write the situation report here (.html or .pdf; default: "
            "situation-report.html in --workdir, or ceasefire-demo-report.html here).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing report.")] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve the API and dashboard on the store.")
    ] = False,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port for --serve.")] = 8000,
) -> None:
    """Run the reference scenario end to end: store, decide, status, situation report.

    Loads the Astana agreement (the Syria ceasefire of 29 December 2016), ingests the
    scenario's sample reports, fuses and assesses them, runs a scripted verification round,
    prints the holding status of the scenario's last four weeks and writes their situation
    report. With --serve it then serves the API and dashboard on the same store and prints
    the address (Ctrl-C stops it).

    Example:
        ceasefire demo
        ceasefire demo --db postgresql+psycopg://cf:secret@127.0.0.1/ceasefire --serve
    """
    if report is None and workdir is None:
        report = Path("ceasefire-demo-report.html")
        force = True  # the demo's own default file, rewritten on every run
    url = database_url(db) if db else None
    with tempfile.TemporaryDirectory(prefix="ceasefire-demo-") as tmp:
        result = run_demo(
            workdir or Path(tmp), scenario=scenario, database_url=url, report=report,
            replace_report=force,
        )  # fmt: skip
        temporary = db is None and workdir is None
        console.print(styled((result.agreement_name, "bold"), f" ({result.agreement_id})"))
        shown = make_url(result.database_url).render_as_string(hide_password=True)
        console.print(f"store: {shown}" + (" (temporary)" if temporary else ""))
        for summary in result.ingests:
            console.print(
                f"ingested {Path(summary.path).name}: {summary.stored} stored, "
                f"{summary.duplicates} duplicates, {summary.rejected} rejected"
            )
        table = Table("event type", "period", "modality", "events", "fatalities",
                      title="Reports by event type, before the ceasefire and while in force",
                      title_justify="left")  # fmt: skip
        for (event_type, period, modality), (events, deaths) in result.by_type.items():
            table.add_row(event_type, period, modality, str(events), str(deaths))
        console.print(table)
        hot = Table("location", "observed events", "fatalities",
                    title="Hotspots: observed prohibited acts while in force (not yet assessed)",
                    title_justify="left")  # fmt: skip
        for place, events, deaths in result.hotspots:
            hot.add_row(place, str(events), str(deaths))
        console.print(hot)
        decisions = result.decisions
        if decisions is not None:
            _print_decisions(decisions)
        verify = result.verify
        if verify is not None:
            state = "intact" if verify.ok else f"FAILED: {verify.problems[0]}"
            console.print(f"audit log: {verify.entries} entries, {state}")
        if result.status is not None:
            print_status(result.status)
        if result.report is not None:
            console.print(f"situation report: {result.report}", highlight=False)
        if serve:
            _serve(result.database_url, port)


def _serve(url: str, port: int) -> None:
    import uvicorn

    from ceasefire.api.app import create_app

    console.print(f"Serving the API and dashboard on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(url), host="127.0.0.1", port=port, log_level="warning")


def _print_decisions(decisions: DecisionsDemoResult) -> None:
    fusion, assessment = decisions.fusion, decisions.assessment
    verdicts = ", ".join(f"{n} {v}" for v, n in sorted(assessment.verdicts.items()))
    console.print(
        f"fusion: {fusion.new_events} events into {fusion.incidents_created} incidents; "
        f"assessment under {assessment.agreement_id}: {verdicts}"
    )
    console.print("Incidents reviewed by the guarantors", style="bold")
    for inc in decisions.incidents:
        if inc.id not in decisions.reviewed:
            continue
        sources = f"{inc.source_count} source{'s' if inc.source_count != 1 else ''}"
        console.print(
            f"  #{inc.id} {inc.dates} {inc.location}: {inc.event_type}, {sources}, "
            f"{inc.fatalities} dead",
            highlight=False,
        )
        party = f" by {inc.party}" if inc.party else " (party not attributed)"
        votes = "; ".join(f"{member} {choice}" for member, choice, _why in inc.votes)
        console.print(
            styled(f"      {inc.verdict}{party} -> ", (inc.status, "bold"), f" ({votes})")
        )
