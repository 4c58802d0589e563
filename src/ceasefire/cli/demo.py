"""``ceasefire demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.assessment.demo import DecisionsDemoResult
from ceasefire.cli.common import cli_errors, console
from ceasefire.demo import run_demo


@cli_errors
def demo(
    workdir: Annotated[
        Path | None,
        typer.Option(help="Keep the demo store here (default: a temporary directory)."),
    ] = None,
    scenario: Annotated[str, typer.Option(help="Scenario to run.")] = "astana-2017",
) -> None:
    """Run the reference scenario end to end on an embedded SQLite store.

    Loads the Astana agreement (the Syria ceasefire of 29 December 2016), ingests the
    scenario's sample reports and prints what happened before and after the ceasefire.

    Example:
        ceasefire demo
        ceasefire demo --workdir ./demo-store
    """
    with tempfile.TemporaryDirectory(prefix="ceasefire-demo-") as tmp:
        result = run_demo(workdir or Path(tmp), scenario=scenario)
        console.print(f"[bold]{result.agreement_name}[/] ({result.agreement_id})")
        console.print(f"store: {result.database_url}" + ("" if workdir else " (temporary)"))
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


def _print_decisions(decisions: DecisionsDemoResult) -> None:
    fusion, assessment = decisions.fusion, decisions.assessment
    verdicts = ", ".join(f"{n} {v}" for v, n in sorted(assessment.verdicts.items()))
    console.print(
        f"fusion: {fusion.new_events} events into {fusion.incidents_created} incidents; "
        f"assessment under {assessment.agreement_id}: {verdicts}"
    )
    console.print("[bold]Incidents reviewed by the guarantors[/]")
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
            f"      {inc.verdict}{party} -> [bold]{inc.status}[/] ({votes})", highlight=False
        )
