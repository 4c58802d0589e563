"""Soak the REST API: N concurrent clients submit distinct reports for T seconds; the server
stores each at once (202) and codes it in the background; once the queue has drained, check
that nothing was lost, stored or coded twice and that the audit chain is intact; then kill -9
the server in the middle of ingest and coding, restart it, let it finish the queue and
resubmit everything.

All traffic goes to 127.0.0.1; every loop is bounded in time. Prints counts, p50/p99 latency
of accepted submissions and how fast the background coder drained the queue.

Example:
    python bench/soak_api.py --db sqlite:////tmp/soak.db
    createdb -h 127.0.0.1 -p 54330 -U postgres soak
    python bench/soak_api.py --db postgresql+psycopg://postgres@127.0.0.1:54330/soak --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import ssl
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
from sqlalchemy import func, select

from ceasefire.accounts.service import create_user
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory, transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.models import EventRow
from ceasefire.sources.coding_queue import CodingJobRow
from ceasefire.sources.models import BatchRow, DocumentRow

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repository: tests.api.live_server
from tests.api.live_server import (
    ServerProcess,
    free_port,
    serve_command,
    start_process,
    uvicorn_command,
)

#: Seconds at the start of a soak reported apart (first connections, token check, caches).
WARMUP = 2.0
PLACES = ("Douma", "Aleppo", "Idlib", "Daraa", "Homs", "Hama", "Harasta", "Zabadani")


def report(tag: str, i: int) -> str:
    return (
        f"Title: Soak {tag} {i}\nDate: 2017-01-{1 + i % 28:02d}\n\n"
        f"Government forces shelled {PLACES[i % len(PLACES)]} on Monday, killing {2 + i % 5} "
        f"civilians, activists said (soak {tag}, report {i})."
    )


#: ``--app``: run this app factory under uvicorn instead of ``ceasefire serve`` (experiments).
APP = ""
#: ``--server-pythonpath``: where the server (not the soak's checks) finds ``ceasefire``.
SERVER_PATH = ""


def start_server(url: str, port: int, workers: int) -> ServerProcess:
    """``ceasefire serve --workers N`` on ``url`` (or uvicorn on ``APP``), once it answers."""
    base = f"http://127.0.0.1:{port}"
    env = {"PYTHONPATH": SERVER_PATH + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if not SERVER_PATH:
        env = {}
    if APP:
        command = uvicorn_command(APP, port, workers=workers)
        env["CEASEFIRE_DATABASE_URL"] = url
        return start_process(command, base, env=env, quiet=False)
    return start_process(serve_command(url, port, workers=workers), base, env=env, quiet=False)


def stop(server: ServerProcess, *, hard: bool = False) -> None:
    server.stop(hard=hard)


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    started: list[float] = field(default_factory=list)  # monotonic start of each, same order
    accepted: dict[str, str] = field(default_factory=dict)  # document id -> report tag/i
    duplicates: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0


async def client(
    http: httpx.AsyncClient,
    tag: str,
    index: int,
    until: float,
    run: Run,
    max_each: int,
    interval: float,
) -> None:
    i = 0
    pause = random.Random(index)  # seeded: the same run gives the same pauses
    if interval:  # clients start spread out, not all in the same instant
        await asyncio.sleep(pause.uniform(0, interval))
    while time.monotonic() < until and i < max_each:
        if i and interval:  # exponential pauses: arrivals as from independent reporters
            await asyncio.sleep(pause.expovariate(1 / interval))
        body = {"text": report(f"{tag}-c{index}", i)}
        i += 1
        run.sent += 1
        start = time.perf_counter()
        try:
            response = await http.post("/documents", json=body)
        except httpx.HTTPError as exc:
            run.errors[type(exc).__name__] = run.errors.get(type(exc).__name__, 0) + 1
            continue
        elapsed = time.perf_counter() - start
        if response.status_code not in (200, 202):
            key = str(response.status_code)
            run.errors[key] = run.errors.get(key, 0) + 1
            continue
        run.latencies.append(elapsed)
        run.started.append(time.monotonic() - elapsed)
        data = response.json()
        if data["coding"] == "duplicate":
            run.duplicates += 1
        else:
            run.accepted[data["document_id"]] = f"{tag}-c{index}/{i - 1}"


async def soak(
    base: str,
    token: str,
    tag: str,
    clients: int,
    seconds: float,
    max_each: int,
    interval: float = 0.0,
    run: Run | None = None,
) -> Run:
    run = run if run is not None else Run()
    # One HTTP client (one keep-alive connection) per simulated reporter, as real reporters
    # have: a single pool shared by all of them costs the soak itself ~6 ms of CPU a request
    # at 50 connections (httpcore scans its connections for every request), CPU the server
    # on the same machine would then lack. One TLS context for all (unused over plain HTTP,
    # but each client would otherwise build its own, ~25 ms each).
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    headers = {"Authorization": f"Bearer {token}"}
    tls = ssl.create_default_context()
    async with AsyncExitStack() as stack:
        https = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=base, headers=headers, timeout=60, limits=limits, verify=tls
                )
            )
            for _ in range(clients)
        ]
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(client(https[c], tag, c, until, run, max_each, interval) for c in range(clients))
        )
    return run


@dataclass(frozen=True)
class Counts:
    documents: int  # stored with this tag
    batches: int  # writes that stored them
    coded: int
    failed: int
    queued: int
    coded_twice: int  # documents whose events come from more than one write
    half_coded: int  # documents with events but a job not marked coded (or the reverse)
    audit_ok: bool
    orphans: int  # document batches without documents


def store_counts(url: str, tag: str) -> Counts:
    engine = open_store(url)
    tagged = DocumentRow.title.like(f"Soak {tag}-%")
    try:
        with session_factory(engine)() as session:

            def count(query: object) -> int:
                return int(session.scalar(query) or 0)  # type: ignore[call-overload]

            ids = select(DocumentRow.id).where(tagged).scalar_subquery()
            jobs = select(func.count()).select_from(CodingJobRow).where(
                CodingJobRow.document_id.in_(ids)
            )  # fmt: skip
            writes = (
                select(EventRow.document_id)
                .where(EventRow.document_id.in_(ids))
                .group_by(EventRow.document_id)
            )
            with_events = select(EventRow.document_id).where(EventRow.document_id.in_(ids))
            counts = Counts(
                documents=count(select(func.count()).select_from(DocumentRow).where(tagged)),
                batches=count(
                    select(func.count(func.distinct(DocumentRow.batch_id))).where(tagged)
                ),
                coded=count(jobs.where(CodingJobRow.coded_at.is_not(None))),
                failed=count(jobs.where(CodingJobRow.error.is_not(None))),
                queued=count(
                    jobs.where(CodingJobRow.coded_at.is_(None), CodingJobRow.error.is_(None))
                ),
                coded_twice=count(
                    select(func.count()).select_from(
                        writes.having(func.count(func.distinct(EventRow.batch_id)) > 1).subquery()
                    )
                ),
                half_coded=count(
                    jobs.where(
                        CodingJobRow.coded_at.is_(None), CodingJobRow.document_id.in_(with_events)
                    )
                ),
                audit_ok=False,
                orphans=count(
                    select(func.count())
                    .select_from(BatchRow)
                    .where(
                        BatchRow.kind == "documents", ~BatchRow.id.in_(select(DocumentRow.batch_id))
                    )
                ),
            )
            report_ = verify_store(session)
            if not report_.ok:
                print("audit problems:", *report_.problems[:3], sep="\n  ")
    finally:
        engine.dispose()
    return replace(counts, audit_ok=report_.ok)


def drain(url: str, tag: str, seconds: float) -> tuple[Counts, float]:
    """Wait (at most ``seconds``) until no document of ``tag`` is queued; counts, time taken."""
    start = time.monotonic()
    while store_counts_quick(url, tag) and time.monotonic() - start < seconds:
        time.sleep(0.2)
    waited = time.monotonic() - start
    return store_counts(url, tag), waited


def store_counts_quick(url: str, tag: str) -> int:
    """Documents of ``tag`` still queued (cheap: no audit check)."""
    engine = open_store(url)
    try:
        with session_factory(engine)() as session:
            ids = select(DocumentRow.id).where(DocumentRow.title.like(f"Soak {tag}-%"))
            query = select(func.count()).select_from(CodingJobRow).where(
                CodingJobRow.document_id.in_(ids.scalar_subquery()),
                CodingJobRow.coded_at.is_(None), CodingJobRow.error.is_(None),
            )  # fmt: skip
            return int(session.scalar(query) or 0)
    finally:
        engine.dispose()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:////tmp/ceasefire-soak.db")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-per-client", type=int, default=10_000)
    parser.add_argument("--crash-reports", type=int, default=200)
    parser.add_argument(
        "--no-crash", action="store_true", help="Skip the kill -9 phase (throughput runs)."
    )
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=600.0,
        help="Longest wait for the background coder to finish the queue.",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0.0,
        help="Mean seconds each client waits between its requests, exponentially distributed "
        "(0: back to back).",
    )
    parser.add_argument(
        "--app",
        default="",
        help="Run this app factory (module:function) under uvicorn instead of ceasefire serve.",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="Also print the CPU time the server, its coder and the soak's clients used per "
        "accepted report (Linux: reads /proc).",
    )
    parser.add_argument(
        "--server-pythonpath",
        default="",
        help="Prepend this to the server's PYTHONPATH (e.g. another checkout's src, to compare).",
    )
    args = parser.parse_args(argv)
    globals()["APP"] = args.app
    globals()["SERVER_PATH"] = args.server_pythonpath
    tag = uuid.uuid4().hex[:8]
    init_store(args.db)
    engine = open_store(args.db)
    with transaction(engine) as session:
        _, token = create_user(session=session, name=f"soak-{tag}", role="monitor",
                               organisation="Russia", actor="soak")  # fmt: skip
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ok = True

    server = start_server(args.db, port, args.workers)
    try:
        cpu_before, client_before = tree_cpu(server.pid), time.process_time()
        run = asyncio.run(
            soak(base, token, tag, args.clients, args.seconds, args.max_per_client, args.interval)
        )
        client_cpu = time.process_time() - client_before
        queued_at_end = store_counts_quick(args.db, tag)
        done, drained_in = drain(args.db, tag, args.drain_seconds)
        cpu_after = tree_cpu(server.pid)
    finally:
        stop(server)
    lost = len(set(run.accepted) - set(stored_ids(args.db, tag)))
    p50, p99 = percentile(run.latencies, 0.50), percentile(run.latencies, 0.99)
    first = min(run.started, default=0.0)
    steady = [t for t, at in zip(run.latencies, run.started, strict=True) if at - first >= WARMUP]
    print(f"soak   db={args.db.split('://')[0]} clients={args.clients} seconds={args.seconds} "
          f"workers={args.workers} interval={args.interval}")  # fmt: skip
    print(f"  sent={run.sent} accepted={len(run.accepted)} stored={done.documents} "
          f"writes={done.batches} lost={lost} duplicates_reported={run.duplicates} "
          f"errors={run.errors}")  # fmt: skip
    print(f"  throughput={len(run.latencies) / args.seconds:.1f}/s p50={p50 * 1000:.1f} ms "
          f"p99={p99 * 1000:.1f} ms max={max(run.latencies, default=0) * 1000:.1f} ms "
          f"mean={statistics.fmean(run.latencies or [0]) * 1000:.1f} ms")  # fmt: skip
    print(f"  after the first {WARMUP:.0f} s: n={len(steady)} "
          f"p50={percentile(steady, 0.50) * 1000:.1f} ms "
          f"p99={percentile(steady, 0.99) * 1000:.1f} ms "
          f"max={max(steady, default=0) * 1000:.1f} ms")  # fmt: skip
    print(f"  coding: queued when clients stopped={queued_at_end}, drained in {drained_in:.1f} s; "
          f"coded={done.coded} failed={done.failed} still queued={done.queued} "
          f"coded twice={done.coded_twice} half coded={done.half_coded}")  # fmt: skip
    print(f"  audit chain intact={done.audit_ok} orphan batches={done.orphans}")
    if args.cpu:
        per = 1000 / max(1, len(run.accepted))
        used = {k: (cpu_after.get(k, 0.0) - cpu_before.get(k, 0.0)) * per for k in cpu_after}
        print(f"  cpu per accepted report: server={used.get('server', float('nan')):.1f} ms "
              f"coder={used.get('coder', float('nan')):.1f} ms "
              f"soak clients={client_cpu * per:.1f} ms")  # fmt: skip
    ok &= (
        lost == 0 and done.documents == len(run.accepted) == done.batches and done.audit_ok
        and done.orphans == 0 and not run.errors and done.queued == 0
        and done.coded + done.failed == done.documents and done.coded_twice == 0
        and done.half_coded == 0
    )  # fmt: skip

    if args.no_crash:
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    crash_tag = f"{tag}x"
    server = start_server(args.db, port, args.workers)
    killed_after = 0.0

    async def crash_phase() -> Run:
        nonlocal killed_after
        live = Run()
        each = max(1, args.crash_reports // args.clients)
        task = asyncio.create_task(soak(base, token, crash_tag, args.clients, 60, each, run=live))
        start = time.monotonic()
        while len(live.accepted) < 10 and time.monotonic() - start < 60:
            await asyncio.sleep(0.01)
        killed_after = time.monotonic() - start
        for child in _children(server.pid):
            os.kill(child, signal.SIGKILL)
        server.process.send_signal(signal.SIGKILL)
        return await task

    try:
        crash = asyncio.run(crash_phase())
    finally:
        stop(server, hard=True)
    before = store_counts(args.db, crash_tag)
    each = max(1, args.crash_reports // args.clients)
    expected = args.clients * each
    server = start_server(args.db, port, args.workers)
    try:
        resumed, resumed_in = drain(args.db, crash_tag, args.drain_seconds)
        again = asyncio.run(soak(base, token, crash_tag, args.clients, 120, each))
        after, _ = drain(args.db, crash_tag, args.drain_seconds)
    finally:
        stop(server)
    print(f"crash  kill -9 after {killed_after:.1f} s: accepted before kill={len(crash.accepted)} "
          f"stored={before.documents} writes={before.batches} coded={before.coded} "
          f"queued={before.queued} half coded={before.half_coded} audit intact={before.audit_ok} "
          f"orphans={before.orphans}")  # fmt: skip
    print(
        f"  restart: queue of {before.queued} drained in {resumed_in:.1f} s, coded="
        f"{resumed.coded} coded twice={resumed.coded_twice} audit intact={resumed.audit_ok}"
    )
    print(f"  resubmit {expected}: newly stored={len(again.accepted)} "
          f"duplicates={again.duplicates} "
          f"total={after.documents} writes={after.batches} coded={after.coded} "
          f"coded twice={after.coded_twice} audit intact={after.audit_ok} "
          f"errors={again.errors}")  # fmt: skip
    ok &= (
        before.audit_ok and before.documents == before.batches and before.orphans == 0
        and before.half_coded == 0 and len(crash.accepted) <= before.documents
        and resumed.queued == 0 and resumed.coded_twice == 0 and resumed.audit_ok
        and after.documents == expected == after.batches
        and again.duplicates == before.documents
        and len(again.accepted) == expected - before.documents
        and after.coded + after.failed == expected and after.coded_twice == 0 and after.audit_ok
    )  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def stored_ids(url: str, tag: str) -> list[str]:
    engine = open_store(url)
    try:
        with session_factory(engine)() as session:
            query = select(DocumentRow.id).where(DocumentRow.title.like(f"Soak {tag}-%"))
            return list(session.scalars(query))
    finally:
        engine.dispose()


def tree_cpu(pid: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by ``pid`` and its descendants, by role:
    ``coder`` (the background coders: the leaves below the server, started by
    ``multiprocessing``) and ``server`` (the rest: the server, or its supervisor and workers).
    Empty where ``/proc`` is missing."""
    used = {"server": 0.0, "coder": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/stat") as fh:
                fields = fh.read().rpartition(")")[2].split()
            with open(f"/proc/{current}/cmdline", "rb") as fh:
                command = fh.read()
        except OSError:
            if current == pid:
                return {}
            continue
        below = _children(current)
        coder = current != pid and not below and b"spawn_main" in command
        used["coder" if coder else "server"] += (int(fields[11]) + int(fields[12])) / tick
        todo.extend(below)
    return used


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return []
    return [int(p) for p in out.stdout.split()]


if __name__ == "__main__":
    sys.exit(main())
