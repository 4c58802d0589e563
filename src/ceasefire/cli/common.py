"""What every CLI command shares: the consoles, the error wrapper and the progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ceasefire.errors import CeasefireError

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def cli_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a ``CeasefireError`` as one red line (plus its hint) and exit 1; never a traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CeasefireError as exc:
            err_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False, markup=True)
            if exc.hint:
                err_console.print(f"[yellow]Hint:[/] {exc.hint}", highlight=False)
            raise typer.Exit(code=1) from exc

    return wrapper


def _bar(middle: ProgressColumn) -> Progress:
    """A transient progress bar on stderr, hidden when stderr is not a terminal."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        middle,
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


@contextmanager
def byte_progress(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar over bytes; yields ``update(bytes_done)``."""
    with _bar(TransferSpeedColumn()) as progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.update(task, completed=done)


@contextmanager
def item_progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar over items (rows, documents, sentences); yields ``advance(n)``."""
    with _bar(MofNCompleteColumn()) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


__all__ = ["byte_progress", "cli_errors", "console", "err_console", "item_progress"]
