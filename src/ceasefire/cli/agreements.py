"""``ceasefire agreement load|show|list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.agreements.schema import ExcludedActor
from ceasefire.agreements.service import get_agreement, list_agreements, store_agreement
from ceasefire.agreements.verification_terms import quorum_text
from ceasefire.cli.common import cli_errors, console, styled
from ceasefire.cli.options import DbOption
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.settings import get_settings

app = typer.Typer(help="Load and read ceasefire agreements.", no_args_is_help=True)


@app.command("load")
@cli_errors
def load(
    file: Annotated[Path, typer.Argument(help="Agreement file (YAML).")],
    replace: Annotated[
        bool, typer.Option(help="Supersede a stored agreement with the same id.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Validate an agreement file and store it.

    Example:
        ceasefire agreement load scenarios/astana-2017/agreement.yaml
    """
    engine = open_store(db)
    try:
        agreement, outcome = store_agreement(
            engine, file, actor=get_settings().user, replace=replace
        )
    finally:
        engine.dispose()
    console.print(styled("Agreement ", (agreement.id, "bold"), f" ({agreement.name}): {outcome}."))


@app.command("show")
@cli_errors
def show(
    agreement_id: Annotated[str, typer.Argument(metavar="ID", help="Agreement id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show a stored agreement's terms.

    Example:
        ceasefire agreement show astana-2017
    """
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            agreement = get_agreement(session, agreement_id)
    finally:
        engine.dispose()
    if as_json:
        console.print_json(agreement.to_json())
        return
    zone = agreement.local_zone()
    until = agreement.effective_until
    table = Table(
        show_header=False, title=f"{agreement.id}: {agreement.name}", title_justify="left"
    )
    table.add_column(style="bold")
    table.add_column()
    table.add_row("in force from", f"{agreement.effective_from.astimezone(zone).isoformat()} "
                  f"({agreement.effective_from.isoformat()} UTC)")  # fmt: skip
    table.add_row("until", until.astimezone(zone).isoformat() if until else "open-ended")
    if agreement.follows:
        table.add_row("follows", agreement.follows)
    if agreement.superseded_by:
        table.add_row("superseded by", agreement.superseded_by)
    for party in agreement.parties:
        extra = f" (+ {', '.join(party.includes)})" if party.includes else ""
        table.add_row(f"party: {party.side}", f"{party.actor}{extra}")
    for guarantor in agreement.guarantors:
        joined = f" from {guarantor.joined.astimezone(zone).date()}" if guarantor.joined else ""
        table.add_row("guarantor", f"{guarantor.name}{joined}")
    if agreement.observers:
        table.add_row("observers", ", ".join(agreement.observers))
    table.add_row("scope", ", ".join(agreement.scope.countries + agreement.scope.admin1))
    excluded = [_excluded(e) for e in agreement.excluded_actors]
    table.add_row("excluded", ", ".join(excluded) or "none")
    table.add_row(
        "prohibited",
        ", ".join(
            act.event_type + (f" ({', '.join(act.sub_event_types)})" if act.sub_event_types else "")
            for act in agreement.prohibited_acts
        ),
    )
    for zone_ in agreement.zones:
        table.add_row("zone", f"{zone_.id}: {zone_.name}")
    rule = agreement.verification
    table.add_row("verification", ", ".join(rule.members))
    table.add_row("quorum", quorum_text(agreement))
    recusal = rule.recusal
    if recusal.rule == "none":
        table.add_row("recusal", "none")
    else:
        listed = "; ".join(f"{m}: {', '.join(recusal.listed(m))}" for m in rule.members
                           if recusal.listed(m))  # fmt: skip
        table.add_row(
            "recusal",
            "a member whose own forces or listed affiliates are the accused or the attributed "
            "party" + (f" (listed: {listed})" if listed else ""),
        )
    console.print(table)


def _excluded(entry: ExcludedActor) -> str:
    if not entry.contested_by:
        return entry.actor
    return f"{entry.actor} (exclusion contested by {', '.join(entry.contested_by)})"


@app.command("list")
@cli_errors
def list_(db: DbOption = None) -> None:
    """List stored agreements.

    Example:
        ceasefire agreement list
    """
    engine = open_store(db)
    try:
        with session_factory(engine)() as session:
            rows = list_agreements(session)
    finally:
        engine.dispose()
    table = Table("id", "name", "in force from (UTC)", "until")
    for row in rows:
        until = row.effective_until.isoformat() if row.effective_until else "open-ended"
        table.add_row(row.id, row.name, row.effective_from.isoformat(), until)
    console.print(table)
