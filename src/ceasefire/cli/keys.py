"""``ceasefire keys``: member organisations' signing keys (Ed25519) for signed votes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ceasefire.atomic import atomic_text, store_files
from ceasefire.audit.crypto import private_pem
from ceasefire.audit.keys import list_keys, new_key
from ceasefire.cli.common import cli_errors, console, err_console
from ceasefire.cli.options import DbOption
from ceasefire.db.engine import transaction
from ceasefire.db.store import open_store
from ceasefire.settings import get_settings

app = typer.Typer(help="Member organisations' keys for signed votes.", no_args_is_help=True)


@app.command("new")
@cli_errors
def keys_new(
    org: Annotated[str, typer.Option("--org", help="Member organisation, e.g. Russia.")],
    output: Annotated[
        str, typer.Option("-o", "--output", help="Write the private key here (mode 0600).")
    ],
    db: DbOption = None,
) -> None:
    """Make an Ed25519 key pair for a member organisation (admin): register its public half
    and write the private half to KEYFILE for the member to keep. Once registered, the
    organisation's votes must be signed (`ceasefire verify vote ... --key KEYFILE`). Run it
    again to rotate (e.g. after a lost key): the old key stops being valid now, and votes it
    signed keep verifying.

    Example:
        ceasefire keys new --org Russia -o russia-vote-key.pem
    """
    engine = open_store(db)
    try:
        # The file is in place before the key is registered: a failed write registers nothing.
        with transaction(engine) as session:
            key, row = new_key(session, organisation=org, actor=get_settings().user)
            with atomic_text(output, protected=store_files(engine), mode=0o600) as fh:
                fh.write(private_pem(key))
            fingerprint, organisation = row.fingerprint, row.organisation
    finally:
        engine.dispose()
    console.print(f"key {fingerprint} registered for {organisation}")
    err_console.print(f"Wrote its private key to {output} (mode 0600): hand it to {organisation}.")


@app.command("list")
@cli_errors
def keys_list(db: DbOption = None) -> None:
    """List members' keys, current and past, with their validity.

    Example:
        ceasefire keys list
    """
    engine = open_store(db)
    try:
        with transaction(engine) as session:
            table = Table("id", "organisation", "fingerprint", "valid from", "valid until")
            for k in list_keys(session):
                table.add_row(str(k.id), k.organisation, k.fingerprint, k.valid_from,
                              k.valid_until or "(current)")  # fmt: skip
    finally:
        engine.dispose()
    console.print(table)
