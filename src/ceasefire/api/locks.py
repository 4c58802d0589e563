"""Write locks of the server: its writers take turns in arrival order.

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
from collections import deque
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

from sqlalchemy.engine import make_url


class FairLock:
    """A lock handed out in arrival order (``threading.Lock`` is not fair: under load some
    waiters lose the race again and again and wait seconds while others pass).

    Release hands the lock straight to the oldest waiter, waking that thread only: waking
    every waiter to compare tickets would cost each release one GIL round per waiter.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    @property
    def waiting(self) -> int:
        """Threads waiting for their turn."""
        return len(self._waiters)

    def __enter__(self) -> FairLock:
        with self._mutex:
            if not self._held:
                self._held = True
                return self
            turn = threading.Lock()
            turn.acquire()
            self._waiters.append(turn)
        turn.acquire()  # released by the holder handing over; the lock is ours from then on
        return self

    def __exit__(self, *_exc: object) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()
            else:
                self._held = False


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
    """``writing()`` holds this process's turn (``FairLock``), then for a SQLite file the
    store's (``FileLock``), around one write.

    SQLite writers so queue here instead of in SQLite's busy handler. PostgreSQL writers are
    ordered by the audit log's advisory lock already; queueing them in the process as well
    keeps the ones waiting for it from holding pooled connections the readers need.
    """

    def __init__(self, url: str) -> None:
        self.file = sqlite_lock_path(url)
        self.turn = FairLock()

    def writing(self) -> AbstractContextManager[object]:
        if self.file is None:
            return self.turn
        stack = ExitStack()
        stack.enter_context(self.turn)
        try:
            stack.enter_context(FileLock(self.file))
        except BaseException:
            stack.close()
            raise
        return stack
