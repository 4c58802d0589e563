"""Write locks of the server for SQLite, which has one writer at a time.

SQLite makes a second writer wait in a busy handler that sleeps with growing back-off (1, 2,
5 … 100 ms), so under load some writers wait far longer than the write they wait for. The
server queues its own writers instead: ``FairLock`` in arrival order within a process, then
``FileLock`` (``flock`` on a file next to the database) across processes (the background
coder, other workers), which the kernel hands over the moment it is released.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path

from sqlalchemy.engine import make_url


class FairLock:
    """A lock handed out in arrival order (``threading.Lock`` is not fair: under load some
    waiters lose the race again and again and wait seconds while others pass)."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._next = 0
        self._serving = 0

    def __enter__(self) -> FairLock:
        with self._cond:
            ticket = self._next
            self._next += 1
            while ticket != self._serving:
                self._cond.wait()
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()


class FileLock:
    """An exclusive ``flock`` on ``path`` (created if missing), held for a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def sqlite_lock_path(url: str) -> Path | None:
    """The lock file of a SQLite file store (``DB.write-lock``), else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database)).with_name(Path(str(parsed.database)).name + ".write-lock")


class WriteQueue:
    """``writing()`` holds this process's turn, then the store's, around one write: writers of
    a SQLite file queue here instead of in SQLite's busy handler. A no-op for PostgreSQL,
    whose writers run in parallel (the audit log's advisory lock orders them)."""

    def __init__(self, url: str) -> None:
        self.file = sqlite_lock_path(url)
        self.turn = FairLock() if self.file is not None else None

    def writing(self) -> AbstractContextManager[object]:
        if self.file is None or self.turn is None:
            return nullcontext()
        stack = ExitStack()
        stack.enter_context(self.turn)
        stack.enter_context(FileLock(self.file))
        return stack
