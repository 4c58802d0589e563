"""The writer thread runs writes one at a time, in the order they came, and hands each
outcome (result or exception) back to the request that awaits it."""

from __future__ import annotations

import asyncio
import threading

from ceasefire.api.writer import Writer
from ceasefire.errors import ConflictError


def test_writes_run_one_at_a_time_in_order_in_one_thread() -> None:
    writer = Writer()
    log: list[tuple[str, int]] = []
    threads: set[int] = set()

    def job(i: int) -> int:
        threads.add(threading.get_ident())
        log.append(("start", i))
        log.append(("end", i))
        return i * 10

    async def main() -> list[int]:
        return await asyncio.gather(*(writer.run(lambda i=i: job(i)) for i in range(20)))

    try:
        assert asyncio.run(main()) == [i * 10 for i in range(20)]
    finally:
        writer.stop()
    assert log == [(kind, i) for i in range(20) for kind in ("start", "end")]
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_a_failed_write_raises_in_its_request_only() -> None:
    writer = Writer()

    def refuse() -> int:
        raise ConflictError("already voted")

    async def main() -> tuple[BaseException | int, ...]:
        return tuple(
            await asyncio.gather(
                writer.run(lambda: 1), writer.run(refuse), writer.run(lambda: 3),
                return_exceptions=True,
            )
        )  # fmt: skip

    try:
        first, failed, third = asyncio.run(main())
    finally:
        writer.stop()
    assert (first, third) == (1, 3)
    assert isinstance(failed, ConflictError) and failed.message == "already voted"


def test_a_stopped_writer_starts_again_on_the_next_write() -> None:
    writer = Writer()
    try:
        assert asyncio.run(writer.run(lambda: "a")) == "a"
        writer.stop()
        assert asyncio.run(writer.run(lambda: "b")) == "b"
    finally:
        writer.stop()


def test_stop_without_writes_does_nothing() -> None:
    Writer().stop()


def test_a_request_that_goes_away_does_not_stop_the_writes_after_it() -> None:
    writer = Writer()
    release = threading.Event()
    done: list[str] = []

    def slow() -> str:
        release.wait(10)
        done.append("slow")
        return "slow"

    async def main() -> str:
        gone = asyncio.ensure_future(writer.run(slow))
        await asyncio.sleep(0)  # queued
        gone.cancel()
        release.set()
        return await writer.run(lambda: "next")

    try:
        assert asyncio.run(main()) == "next"
    finally:
        writer.stop()
    assert done == ["slow"]  # the write itself was done, only its answer dropped
