"""The CLI reference (docs/cli.md), rendered from the commands themselves so it cannot drift.

Run ``python -m ceasefire.cli.reference > docs/cli.md`` after changing a command; a test fails
while the file and the commands disagree.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer

HEADER = """# CLI reference

Generated from the commands by `python -m ceasefire.cli.reference > docs/cli.md`; a test
checks it is current. Every command that uses the store takes `--db URL`, after the
command or before it (`ceasefire --db URL init`), or reads `CEASEFIRE_DATABASE_URL`; the
default is the SQLite file `./ceasefire.db`. Errors are one message (and a hint) on stderr
with exit code 1, never a traceback; output piped to a file or program is not wrapped.
"""


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)] if path else []
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            found += _walk(command.commands[name], [*path, name])
    return found


def _option_line(param: Any) -> str:
    if param.param_type_name == "argument":
        help_text = " ".join((getattr(param, "help", None) or "").split())
        return f"- `{(param.metavar or param.name).upper()}` (argument): {help_text}"
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    help_text = " ".join((param.help or "").split())
    return f"- {names}: {help_text}" if help_text else f"- {names}"


def render_reference(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, command in _walk(root, []):
        if hasattr(command, "commands"):
            parts.append(f"## ceasefire {' '.join(path)}\n\n{command.help or ''}\n")
            continue
        doc = inspect.cleandoc(command.help or "")
        text, _, example = doc.partition("Example:")
        parts.append(f"## ceasefire {' '.join(path)}\n\n{text.strip()}\n")
        if example.strip():
            parts.append(f"```console\n{inspect.cleandoc(example)}\n```\n")
        params = [p for p in command.params if p.name != "help"]
        if params:
            parts.append("\n".join(_option_line(p) for p in params) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    from ceasefire.cli.main import app

    print(render_reference(app), end="")
