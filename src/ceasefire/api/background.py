"""The server's background coder: codes the documents ``POST /documents`` queued.

Coding is CPU-bound Python (~17 ms a report): in a thread of the server it would hold the GIL
against the requests and halve their throughput, so each server process starts one coder
*process* (``multiprocessing``, spawn). It loops over ``sources.coding_queue.code_queued``:
code a few queued documents, store their events (one audited write), look again; when the
queue is empty it sleeps until a submission wakes it or ``poll`` seconds pass (documents left
queued by a server that was killed are picked up so). Its writes queue with the server's
(``locks.WriteQueue``). The coder dies with its server: on Linux
the kernel kills it when the server dies (``PR_SET_PDEATHSIG``), elsewhere it notices its
parent is gone within ``poll`` seconds. Several coders may run at once (server workers): the
write checks each job is still queued, so none is coded twice. The coder runs at a lower
priority (``NICENESS``) than the server, so requests come first on a busy machine.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from contextlib import suppress
from multiprocessing.connection import Connection

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


def _lower_priority() -> None:
    """Run at ``NICENESS`` below the server (see the module doc); a no-op where unsupported."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not allowed
        log.warning("cannot lower the coder's priority; it competes with the requests")


def warm_coder() -> None:
    """Load the coder's pipeline and every table it builds lazily, by coding one sentence."""
    from ceasefire.coding.extract import extract_documents
    from ceasefire.sources.documents import DocumentRecord

    sample = DocumentRecord(kind="report", text="Government forces shelled Douma on Monday.")
    list(extract_documents([sample]))


def _messages(conn: Connection, timeout: float) -> set[bytes]:
    """Every message waiting on ``conn`` (waiting up to ``timeout`` for the first)."""
    found: set[bytes] = set()
    while conn.poll(timeout):
        try:
            found.add(conn.recv_bytes())
        except EOFError:  # the server closed its end: it is stopping or gone
            found.add(STOP)
            break
        timeout = 0
    return found


def run_coder(
    url: str,
    parent: int,
    pipes: tuple[Connection, Connection],
    batch: int,
    poll: float,
    warm: bool,
) -> None:
    """The coder process: code queued documents until told to stop or the server is gone.

    ``pipes`` are (from the server: ``WAKE``, ``STOP``; to the server: ``READY`` once the
    pipeline is loaded).
    """
    conn, answer = pipes
    from sqlalchemy.exc import SQLAlchemyError

    from ceasefire.api.locks import WriteQueue
    from ceasefire.db.store import open_store
    from ceasefire.errors import CeasefireError
    from ceasefire.sources.coding_queue import code_queued

    _die_with_parent(parent)
    _lower_priority()
    if warm:
        try:
            warm_coder()
        except ImportError:  # the coder's dependencies are optional; jobs will fail visibly
            log.warning("the text coder cannot be loaded")
    answer.send_bytes(READY)
    engine = open_store(url)
    queue = WriteQueue(url)
    try:
        while os.getppid() == parent:
            try:
                done = code_queued(engine, limit=batch, writing=queue.writing)
            except (CeasefireError, SQLAlchemyError):
                log.exception("background coding failed; retrying in %.0f s", poll)
                if STOP in _messages(conn, poll):
                    break
                continue
            if STOP in _messages(conn, poll if done.taken == 0 else 0):
                break
    finally:
        engine.dispose()


WAKE, STOP, READY = b"w", b"s", b"r"
#: How much lower than the server the coder runs (``nice``): a report waits in the queue a
#: little longer under load, the requests do not wait for the coder.
NICENESS = 10


class BackgroundCoder:
    """Start with ``start()``, nudge with ``wake()``, stop with ``stop()`` (joins the process)."""

    def __init__(self, url: str, *, batch: int = 8, poll: float = 2.0, warm: bool = True) -> None:
        self.url = url
        self.batch = batch
        self.poll = poll
        self.warm = warm
        self._context = multiprocessing.get_context("spawn")
        self._conn: Connection | None = None  # to the coder
        self._answers: Connection | None = None  # from the coder
        self._send = threading.Lock()
        self._ready = False
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        """Start the coder process (call from the server's main thread: on Linux the coder
        dies with the thread that started it)."""
        if self._process is None:
            # One-way pipes: writes of a few bytes are atomic, so a non-blocking wake-up either
            # goes through whole or finds the pipe full of wake-ups already.
            inbox, ours = self._context.Pipe(duplex=False)
            answers, outbox = self._context.Pipe(duplex=False)
            self._process = self._context.Process(
                target=run_coder,
                args=(self.url, os.getpid(), (inbox, outbox), self.batch, self.poll, self.warm),
                name="ceasefire-coder",
                daemon=True,
            )
            self._process.start()
            inbox.close()
            outbox.close()
            os.set_blocking(ours.fileno(), False)  # a wake never blocks a request
            self._conn, self._answers = ours, answers

    def _tell(self, message: bytes) -> None:
        with self._send:
            if self._conn is None:
                return
            with suppress(OSError):  # full of wake-ups already (BlockingIOError), or gone
                self._conn.send_bytes(message)

    def wake(self) -> None:
        self._tell(WAKE)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def wait_ready(self, timeout: float = 120.0) -> bool:
        """Wait until the coder is loaded (or ``timeout`` passed, or it died)."""
        deadline = time.monotonic() + timeout
        while not self._ready and self._answers is not None:
            if not self.alive or time.monotonic() > deadline:
                return False
            try:
                self._ready = self._answers.poll(0.2) and self._answers.recv_bytes() == READY
            except (EOFError, OSError):
                return False
        return self._ready

    def stop(self, timeout: float = 30.0) -> None:
        self._tell(STOP)
        if self._process is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
            self._process = None
        with self._send:
            for conn in (self._conn, self._answers):
                if conn is not None:
                    conn.close()
            self._conn = self._answers = None
