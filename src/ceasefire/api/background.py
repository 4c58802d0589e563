"""The server's background coder: codes the documents ``POST /documents`` queued.

Coding is CPU-bound Python (~17 ms a report): in a thread of the server it would hold the GIL
against the requests and halve their throughput, so each server process starts one coder
*process* (``multiprocessing``, spawn). It loops over ``sources.coding_queue.code_queued``:
code a few queued documents, store their events (one audited write), look again; when the
queue is empty it sleeps until a submission wakes it or ``poll`` seconds pass (documents left
queued by a server that was killed are picked up so). The coder dies with its server: on Linux
the kernel kills it when the server dies (``PR_SET_PDEATHSIG``), elsewhere it notices its
parent is gone within ``poll`` seconds. Several coders may run at once (server workers): the
write checks each job is still queued, so none is coded twice.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.synchronize import Event

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            log.warning("cannot ask to die with the server; watching it instead")
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(0)


def run_coder(url: str, parent: int, wake: Event, stop: Event, batch: int, poll: float) -> None:
    """The coder process: code queued documents until ``stop`` is set or the server is gone."""
    from sqlalchemy.exc import SQLAlchemyError

    from ceasefire.db.store import open_store
    from ceasefire.errors import CeasefireError
    from ceasefire.sources.coding_queue import code_queued

    _die_with_parent(parent)
    engine = open_store(url)
    try:
        while not stop.is_set() and os.getppid() == parent:
            wake.clear()
            try:
                done = code_queued(engine, limit=batch)
            except (CeasefireError, SQLAlchemyError):
                log.exception("background coding failed; retrying in %.0f s", poll)
                stop.wait(poll)
                continue
            if done.taken == 0:
                wake.wait(poll)
    finally:
        engine.dispose()


class BackgroundCoder:
    """Start with ``start()``, nudge with ``wake()``, stop with ``stop()`` (joins the process)."""

    def __init__(self, url: str, *, batch: int = 8, poll: float = 2.0) -> None:
        self.url = url
        self.batch = batch
        self.poll = poll
        self._context = multiprocessing.get_context("spawn")
        self._wake = self._context.Event()
        self._stop = self._context.Event()
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        """Start the coder process (call from the server's main thread: on Linux the coder
        dies with the thread that started it)."""
        if self._process is None:
            self._process = self._context.Process(
                target=run_coder,
                args=(self.url, os.getpid(), self._wake, self._stop, self.batch, self.poll),
                name="ceasefire-coder",
                daemon=True,
            )
            self._process.start()

    def wake(self) -> None:
        self._wake.set()

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._process is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
            self._process = None
