"""The server's writers take turns in arrival order, on both databases."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from ceasefire.api.locks import FairLock, WriteQueue, sqlite_lock_path


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Return once ``condition()`` holds; fail after ``seconds`` rather than hang."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.001)


def test_fair_lock_hands_over_in_arrival_order() -> None:
    lock = FairLock()
    order: list[int] = []

    def take(i: int) -> None:
        with lock:
            order.append(i)

    threads = []
    with lock:
        for i in range(6):
            thread = threading.Thread(target=take, args=(i,))
            thread.start()
            threads.append(thread)
            wait_for(lambda n=i + 1: lock.waiting == n)  # type: ignore[misc]
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2, 3, 4, 5]
    assert lock.waiting == 0
    with lock:  # free again once the last waiter is done
        pass


def test_postgresql_writers_also_queue_in_the_process() -> None:
    queue = WriteQueue("postgresql+psycopg://user@127.0.0.1:5432/db")
    assert queue.file is None  # no lock file: the advisory lock orders other processes
    entered = threading.Event()

    def second() -> None:
        with queue.writing():
            entered.set()

    with queue.writing():
        thread = threading.Thread(target=second)
        thread.start()
        wait_for(lambda: queue.turn.waiting == 1)
        assert not entered.is_set()
    thread.join(10)
    assert entered.is_set()


def test_sqlite_writers_also_lock_a_file_next_to_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert sqlite_lock_path(url) == tmp_path / "c.db.write-lock"
    assert sqlite_lock_path("sqlite://") is None
    with WriteQueue(url).writing():
        assert (tmp_path / "c.db.write-lock").exists()
