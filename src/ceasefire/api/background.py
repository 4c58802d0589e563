"""The server's background coder: codes the documents ``POST /documents`` queued.

One daemon thread per server process loops over ``sources.coding_queue.code_queued``: it
codes a few queued documents, stores their events (one audited write) and looks again; when
the queue is empty it sleeps until a submission wakes it or ``poll`` seconds pass (documents
queued by another worker process, or left queued by a server that was killed). Several
processes may code at once: the write checks each job is still queued, so none is coded twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ceasefire.errors import CeasefireError
from ceasefire.sources.coding_queue import code_queued

log = logging.getLogger(__name__)


class BackgroundCoder:
    """Start with ``start()``, nudge with ``wake()``, stop with ``stop()`` (joins the thread)."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        *,
        writing: Callable[[], AbstractContextManager[object]] | None = None,
        batch: int = 8,
        poll: float = 2.0,
        retry: float = 5.0,
    ) -> None:
        self._engine = engine
        self._writing = writing
        self.batch = batch
        self.poll = poll
        self.retry = retry
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ceasefire-coder", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                done = code_queued(self._engine(), limit=self.batch, writing=self._writing)
            except (CeasefireError, SQLAlchemyError):
                log.exception("background coding failed; retrying in %.0f s", self.retry)
                self._stop.wait(self.retry)
                continue
            except Exception:  # a bug must not silently end the server's coding for good
                log.exception("background coder error; retrying in %.0f s", self.retry)
                self._stop.wait(self.retry)
                continue
            if done.taken == 0:
                self._wake.wait(self.poll)
