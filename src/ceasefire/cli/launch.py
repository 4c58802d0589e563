"""The ``ceasefire`` entry point: a command line naming a light command loads only that one.

``ceasefire extract`` of one sentence should not pay for importing SQLAlchemy, Alembic,
FastAPI and every other command group (about 1 s of CPU). A command line whose command is in
``LIGHT`` gets the root app with only that command's group registered (same options, same
``--help``); any other command line, including unknown commands and ``--help``, gets the whole
app of ``cli/main.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: command -> the ``ceasefire.cli`` module whose ``register(app)`` adds it
LIGHT = {"extract": "coding", "eval": "coding"}
#: root options that take a value
_VALUED = ("--db",)


def command_name(argv: Sequence[str]) -> str | None:
    """The command a command line names (the first word not an option or an option's value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _VALUED:
            skip = True
        elif not word.startswith("-"):
            return word
        elif word == "--":
            return None
    return None


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``ceasefire`` on ``argv`` (default: the process's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    module = LIGHT.get(command_name(args) or "")
    if module is None:
        from ceasefire.cli.main import app
    else:
        from importlib import import_module

        from ceasefire.cli.root import new_app

        app = new_app()
        import_module(f"ceasefire.cli.{module}").register(app)
    app(args, prog_name="ceasefire")
