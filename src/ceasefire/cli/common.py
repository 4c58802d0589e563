"""What every CLI command shares: the consoles, the error wrapper and the progress bar.

The consoles print text as given: no markup and no highlighting. Names, ids and messages come
from users' files, so ``[bold]`` in an agreement name prints as written, and rich's
highlighter (whose time grows with the square of a line's length) never runs. Styled pieces
are built explicitly with ``styled``. Piped output is not wrapped: a line is as long as it is.
"""

from __future__ import annotations

import logging
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
from rich.text import Text
from typer.exceptions import TyperException

from ceasefire.errors import CeasefireError, shorten

log = logging.getLogger(__name__)


def _console(*, stderr: bool) -> Console:
    made = Console(stderr=stderr, markup=False, highlight=False, emoji=False)
    made.soft_wrap = not made.is_terminal  # piped: one line stays one line
    return made


console = _console(stderr=False)
err_console = _console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 agreement``, ``2 agreements``, ``1,204 events``."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def styled(*parts: str | tuple[str, str]) -> Text:
    """Plain strings and ``(text, style)`` pairs as one line; no part is read as markup."""
    return Text.assemble(*parts)


def print_error(message: str, hint: str | None = None, *, label: str = "Error:") -> None:
    """One red line (plus its hint) on stderr, long values cut to a readable length."""
    err_console.print(styled((label, "bold red"), " ", shorten(message)))
    if hint:
        err_console.print(styled(("Hint:", "yellow"), " ", shorten(hint)))


def cli_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a ``CeasefireError`` as one red line (plus its hint) and exit 1; never a traceback.

    Errors the library did not foresee are still no traceback: a file system error names
    the file, anything else is reported as a bug (the traceback goes to the log at DEBUG).
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CeasefireError as exc:
            print_error(exc.message, exc.hint)
            raise typer.Exit(code=1) from exc
        except OSError as exc:
            # os.replace(temporary, target) names the target second: that is the user's path.
            path = exc.filename2 or exc.filename
            where = f"{path}: " if path else ""
            print_error(
                f"{where}{exc.strerror or exc}",
                "Check the path and its permissions; nothing was changed unless a message "
                "above said so.",
            )
            raise typer.Exit(code=1) from exc
        except (TyperException, typer.Exit, typer.Abort):
            raise  # usage errors (BadParameter ...): click prints them with the usage line
        except Exception as exc:  # the last line of defence: a bug, reported as one
            log.debug("unexpected error", exc_info=exc)
            print_error(
                f"unexpected error ({type(exc).__name__}): {exc}",
                "This is a bug in ceasefire; please report it with the command you ran "
                "(CEASEFIRE_LOG_LEVEL=DEBUG prints the traceback).",
            )
            raise typer.Exit(code=2) from exc

    return wrapper


def _bar(middle: ProgressColumn) -> Progress:
    """A transient progress bar on stderr, hidden when stderr is not a terminal."""
    return Progress(
        TextColumn("{task.description}", style="bold", markup=False),
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


__all__ = [
    "byte_progress", "cli_errors", "console", "err_console", "item_progress", "plural",
    "print_error", "styled",
]  # fmt: skip
