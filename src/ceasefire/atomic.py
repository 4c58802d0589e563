"""Write an output file whole or not at all, and never over something that is not an output.

Every command that writes a file (``export -o``, ``ingest --rejects``, ``extract -o``) goes
through ``OutputFile``: the destination is checked before any work is done, the content goes
to a temporary file in the destination's folder, and a rename puts it in place only when the
whole content was written. A destination is refused when it is one of the command's inputs or
the store it reads (the SQLite file and its -wal, -shm and -journal files, also through a
symbolic link), a directory, or anything but a regular file (a device such as /dev/null, a
pipe, a socket). An existing regular file is replaced only when the caller says so
(``replace=True``: the command's ``--force``, or its documented default); it then keeps its
permission bits, and a new file gets the usual ones (0666 less the umask), or ``mode`` when
given (0600 for a private key: the file is never readable by others, not even while written).
``-`` is standard output.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ceasefire.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import Engine

STDOUT = "-"
#: Files SQLite keeps beside a database file; writing any of them corrupts the store.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
#: A database URL as sqlalchemy.engine.url._parse_url reads it: backend name and database part.
_URL = re.compile(
    r"(?P<name>[\w+]+)://(?:[^:/]*(?::[^@]*)?@)?(?:(?:\[[^/?]+\]|[^/:?]+)?(?::[^/?]*)?)?"
    r"(?:/(?P<database>[^?]*))?"
)


def store_files(store: Engine | str) -> dict[Path, str]:
    """The files of a SQLite store (database, -wal, -shm, -journal); none for a server."""
    if isinstance(store, str):
        # SQLAlchemy's own URL grammar, read here so that `extract` (which only needs to know
        # which files to protect) does not import SQLAlchemy; tests compare it with make_url.
        match = _URL.match(store)
        if match is None:
            return {}
        backend, database = match["name"].split("+", 1)[0], match["database"] or ""
    else:
        backend, database = store.url.get_backend_name(), store.url.database or ""
    if backend != "sqlite" or database in ("", ":memory:"):
        return {}
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    base = Path(database)
    return {base.with_name(base.name + suffix): "the store" for suffix in SQLITE_COMPANIONS}


def inputs_of(paths: Iterator[Path] | list[Path] | tuple[Path, ...]) -> dict[Path, str]:
    """Input files, labelled for ``OutputFile(protected=...)``."""
    return {Path(p): "an input file" for p in paths}


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class OutputFile:
    """One output, checked when made; ``open`` starts it, ``commit`` puts it in place.

    ``protected`` maps paths that must never be written (inputs, the store) to what they are,
    for the message. Raises ``InputError`` naming the path when it cannot be written.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        protected: Mapping[Path, str] | None = None,
        replace: bool = False,
        option: str = "--output",
        newline: str | None = None,
        mode: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.mode = mode
        self.to_stdout = str(path) == STDOUT
        self.protected = dict(protected or {})
        self.replace = replace
        self.option = option
        self.newline = newline
        self._fh: IO[str] | None = None
        self._tmp: Path | None = None
        self.target = self.path if self.to_stdout else self._check()

    def refuse(self, message: str, hint: str) -> InputError:
        return InputError(message, source=str(self.path), field=self.option, hint=hint)

    def _check(self) -> Path:
        """The real path to write (symbolic links followed), or an error saying why not."""
        target = Path(os.path.abspath(self.path.resolve()))
        for path, what in self.protected.items():
            real = Path(os.path.abspath(path.resolve()))
            if _same(target, real):
                raise self.refuse(
                    f"refusing to write over {what} ({path})",
                    "Choose an output path that is neither an input nor the store.",
                )
        try:
            info = os.stat(target)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise self.refuse(f"cannot write here: {exc.strerror}", "Choose another path.") from exc
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                raise self.refuse("is a directory", "Name a file to write, e.g. DIR/events.csv.")
            if not stat.S_ISREG(info.st_mode):
                raise self.refuse(
                    "is not a regular file (a device, pipe or socket); it is left alone",
                    "Write to a file, or use '-o -' and redirect standard output.",
                )
            if not self.replace:
                raise self.refuse(
                    "already exists", "Add --force to replace it, or choose a new path."
                )
        if not target.parent.is_dir():
            raise self.refuse(
                f"the folder {target.parent} does not exist", "Create it, or choose another path."
            )
        return target

    def open(self) -> IO[str]:
        """The file to write into (standard output for '-'); made on first call."""
        if self.to_stdout:
            return sys.stdout
        if self._fh is None:
            try:
                fd, tmp = tempfile.mkstemp(
                    dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
                )
            except OSError as exc:
                raise self.refuse(
                    f"cannot write here: {exc.strerror}", "Choose another path."
                ) from exc
            self._tmp = Path(tmp)
            if self.mode is not None:
                mode = self.mode
            else:
                try:
                    mode = stat.S_IMODE(os.stat(self.target).st_mode)
                except OSError:
                    mode = 0o666 & ~_umask()
            os.fchmod(fd, mode)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        return self._fh

    def commit(self) -> Path | None:
        """Put the written file in place; its path, or None when nothing was opened."""
        if self.to_stdout:
            sys.stdout.flush()
            return None
        if self._fh is None or self._tmp is None:
            return None
        try:
            self._fh.close()
            self._check()
            os.replace(self._tmp, self.target)
        except OSError as exc:
            self.discard()
            raise self.refuse(f"cannot write: {exc.strerror}", "Choose another path.") from exc
        except BaseException:
            self.discard()
            raise
        self._fh = None
        self._tmp = None
        return self.path

    def discard(self) -> None:
        """Drop what was written; the destination is left as it was."""
        if self._fh is not None:
            with suppress(OSError):
                self._fh.close()
            self._fh = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None


@contextmanager
def atomic_text(
    path: str | Path,
    *,
    newline: str | None = None,
    protected: Mapping[Path, str] | None = None,
    replace: bool = False,
    option: str = "--output",
    mode: int | None = None,
) -> Iterator[IO[str]]:
    """An open text file that takes ``path``'s place only when the block ends without error."""
    out = OutputFile(
        path, protected=protected, replace=replace, option=option, newline=newline, mode=mode
    )
    fh = out.open()
    try:
        yield fh
    except OSError as exc:
        out.discard()
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
            raise
        raise out.refuse(
            f"cannot write: {exc.strerror}", "Free some space, or write elsewhere."
        ) from exc
    except BaseException:
        out.discard()
        raise
    out.commit()
