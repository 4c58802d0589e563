"""``fuse``, ``assess``, ``split-event``, ``verify …`` and ``users …``.

The CLI acts on the local store: ``--as NAME`` names the user whose role and organisation a
command acts with (the REST API authenticates with tokens instead).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ceasefire.accounts.permissions import ROLES
from ceasefire.accounts.service import create_user, get_user, list_users, revoke_user
from ceasefire.assessment.service import assess_incidents
from ceasefire.audit.crypto import read_private
from ceasefire.audit.signatures import sign_for_round
from ceasefire.cli import incidents
from ceasefire.cli.common import cli_errors, console, err_console, plural, styled
from ceasefire.cli.options import DbOption
from ceasefire.db.store import store_transaction
from ceasefire.events.incidents import fuse as fuse_events
from ceasefire.events.incidents import get_incident, split_event
from ceasefire.events.sanity import SkippedRecord
from ceasefire.verification import votes as votes_lib
from ceasefire.verification.comments import comment as comment_lib
from ceasefire.verification.workflow import STATES
from ceasefire.verification.workflow import transition as transition_lib

verify_app = typer.Typer(
    help="Review incidents: votes of the verification body.", no_args_is_help=True
)
users_app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)

AsUser = Annotated[str, typer.Option("--as", help="Act as this user (name).")]
Reason = Annotated[str, typer.Option("--reason", help="Why, for the audit log.")]


@cli_errors
def fuse(db: DbOption = None) -> None:
    """Fuse events that describe the same happening into incidents.

    Only events not yet in an incident are placed; existing incidents keep their ids.

    Example:
        ceasefire fuse
    """
    with store_transaction(db) as session:
        done = fuse_events(session)
    claims = f"; {plural(done.claims_changed, 'claim')} attached" if done.claims_changed else ""
    console.print(
        f"{done.new_events} new events: {done.incidents_created} incidents created, "
        f"{done.incidents_extended} extended{claims}."
    )
    _print_skipped(done.skipped)


@cli_errors
def assess(
    agreement: Annotated[str, typer.Option("--agreement", help="Agreement id.")],
    db: DbOption = None,
) -> None:
    """Assess every incident under an agreement: violation, no violation or undetermined.

    Example:
        ceasefire assess --agreement astana-2017
    """
    with store_transaction(db) as session:
        done = assess_incidents(session, agreement_id=agreement)
    verdicts = ", ".join(f"{n} {v}" for v, n in sorted(done.verdicts.items()))
    console.print(
        f"{agreement}: {done.created} assessed, {done.updated} re-assessed, "
        f"{done.unchanged} unchanged ({verdicts}); "
        f"{plural(done.reviews_opened, 'allegation')} opened for review."
    )
    _print_skipped(done.skipped)


def _print_skipped(skipped: list[SkippedRecord]) -> None:
    """Records a run left out, one line each, on standard error (the run itself succeeded)."""
    for record in skipped:
        err_console.print(styled(("Skipped", "yellow"), f" {record}"))
    if skipped:
        err_console.print(
            styled((f"{len(skipped)} record(s) skipped", "yellow"), ": a stored value ceasefire "
                   "cannot work on (ingest refuses such values); they stay stored, outside "
                   "incidents and verdicts.")
        )  # fmt: skip


@cli_errors
def split(
    event: Annotated[int, typer.Argument(help="Event id to take out of its incident.")],
    as_: AsUser,
    reason: Reason,
    db: DbOption = None,
) -> None:
    """Undo a merge: move one event into an incident of its own, kept apart from now on.

    Example:
        ceasefire split-event 17 --as un-monitor --reason "different village"
    """
    with store_transaction(db) as session:
        new = split_event(session=session, event_id=event, user=get_user(session, as_),
                          reason=reason)  # fmt: skip
        console.print(f"event {event} is now incident {new.id}")


@cli_errors
def comment(
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    as_: AsUser,
    text: Annotated[str, typer.Option("--text", help="The comment (at most 10,000 characters).")],
    db: DbOption = None,
) -> None:
    """Comment on an incident (party liaisons, monitors, admins); the comment is audited.

    Example:
        ceasefire comment 12 --as opp-liaison --text "Our positions were shelled first"
    """
    with store_transaction(db) as session:
        row = comment_lib(
            session=session, incident_id=incident, user=get_user(session, as_), text=text
        )
        console.print(f"comment {row.id} on incident {incident} recorded")


@verify_app.command("vote")
@cli_errors
def vote(
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    as_: AsUser,
    choice: Annotated[str, typer.Option(help="verified, not_verified or abstain.")],
    rationale: Annotated[str, typer.Option(help="What the vote rests on (required).")],
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Link to evidence; repeatable.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="Sign the vote with your organisation's key file "
            "(required once it has a registered key).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Cast your organisation's vote on an incident under review.

    With `--key KEYFILE` (from `ceasefire keys new`) the vote is signed over its canonical
    form (docs/audit.md); once the organisation has a key, unsigned votes are refused.

    Example:
        ceasefire verify vote 12 --as ru-monitor --choice verified \\
            --rationale "Two independent sources" --evidence https://example.org/report
    """
    private = read_private(key) if key is not None else None
    with store_transaction(db) as session:
        signature, signed_at = (
            sign_for_round(session, private, incident=incident, outcome=choice,
                           rationale=rationale, evidence=evidence or [])
            if private is not None else (None, None)
        )  # fmt: skip
        _, tally, status = votes_lib.vote(
            session=session, incident_id=incident, user=get_user(session, as_), choice=choice,
            rationale=rationale, evidence=evidence or [], signature=signature,
            signed_at=signed_at,
        )  # fmt: skip
    cast = ", ".join(f"{m}: {c}" for m, c in tally.votes.items())
    console.print(f"incident {incident}: {status} ({cast}; {tally.describe()})", highlight=False)


@verify_app.command("transition")
@cli_errors
def transition(
    incident: Annotated[int, typer.Argument(help="Incident id.")],
    to: Annotated[str, typer.Option("--to", help=f"New state: {', '.join(STATES)}.")],
    as_: AsUser,
    reason: Reason,
    agreement: Annotated[
        str | None, typer.Option("--agreement", help="Agreement whose body reviews it.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Move an incident between review states (those a person may make).

    Example:
        ceasefire verify transition 12 --to under_review --as un-monitor \\
            --reason "violation reported by two sources" --agreement astana-2017
    """
    with store_transaction(db) as session:
        row = transition_lib(
            session=session, incident_id=incident, to=to, user=get_user(session, as_),
            reason=reason, agreement_id=agreement,
        )  # fmt: skip
        console.print(f"incident {incident}: {row.status} (round {row.review_round})")


@verify_app.command("show")
@cli_errors
def show(
    incident: Annotated[int, typer.Argument(help="Incident id.")], db: DbOption = None
) -> None:
    """Show an incident's review: status, every vote (dissent included) and its rationale.

    Example:
        ceasefire verify show 12
    """
    with store_transaction(db) as session:
        row = get_incident(session, incident)
        votes = votes_lib.list_votes(session, incident)
        console.print(
            f"incident {row.id} {row.date_from} {row.location}: {row.status} "
            f"(round {row.review_round}, {row.review_agreement_id or 'no review'})"
        )
        current = votes_lib.tally(session, row) if row.review_agreement_id else None
        late = set(current.late) if current is not None else set()
        table = Table("round", "member", "choice", "rationale", "evidence")
        for v in votes:
            after = (
                " (after the decision)" if v.round == row.review_round and v.member in late else ""
            )
            table.add_row(str(v.round), v.member, v.choice + after, v.rationale,
                          "\n".join(json.loads(v.evidence)))  # fmt: skip
        console.print(table)
        if current is not None:
            console.print(f"round {row.review_round}: {current.describe()}", highlight=False)


@users_app.command("add")
@cli_errors
def users_add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    org: Annotated[str, typer.Option(help="Organisation / delegation, e.g. Russia.")] = "",
    db: DbOption = None,
) -> None:
    """Create a user and print their API token (shown this once only).

    Example:
        ceasefire users add ru-monitor --role monitor --org Russia
    """
    with store_transaction(db) as session:
        user, token = create_user(session=session, name=name, role=role, organisation=org)
        console.print(f"user {user.name} ({user.role}, {user.organisation or '-'}) created")
    console.print("API token (shown once, store it now):")
    typer.echo(token)


@users_app.command("list")
@cli_errors
def users_list(db: DbOption = None) -> None:
    """List users, their roles and organisations.

    Example:
        ceasefire users list
    """
    with store_transaction(db) as session:
        table = Table("name", "role", "organisation", "token id", "created", "revoked")
        for u in list_users(session):
            table.add_row(u.name, u.role, u.organisation, u.token_prefix, u.created_at,
                          u.revoked_at or "")  # fmt: skip
    console.print(table)


@users_app.command("revoke")
@cli_errors
def users_revoke(
    name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None
) -> None:
    """Revoke a user's token for good (their past votes stay on record).

    Example:
        ceasefire users revoke ru-monitor
    """
    with store_transaction(db) as session:
        user = revoke_user(session=session, name=name)
        console.print(f"user {user.name} revoked at {user.revoked_at}")


COMMANDS: dict[str, Callable[..., None]] = {
    "fuse": fuse, "assess": assess, "split-event": split,
    "comment": comment,
}  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the decision commands to the ``ceasefire`` app."""
    for name, command in COMMANDS.items():
        app.command(name)(command)
    incidents.register(app)
    app.add_typer(verify_app, name="verify")
    app.add_typer(users_app, name="users")
