"""Soak the REST API: N concurrent clients submit distinct reports for T seconds; then check
that nothing was lost or stored twice and that the audit chain is intact; then kill -9 the
server in the middle of ingest, restart it and resubmit everything.

All traffic goes to 127.0.0.1. Prints counts and p50/p99 latency of accepted submissions.

Example:
    python bench/soak_api.py --db sqlite:////tmp/soak.db
    createdb -h 127.0.0.1 -p 54330 -U postgres soak
    python bench/soak_api.py --db postgresql+psycopg://postgres@127.0.0.1:54330/soak --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

import httpx
from sqlalchemy import func, select

from ceasefire.accounts.service import create_user
from ceasefire.db.engine import session_factory, transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.sources.models import BatchRow, DocumentRow
from ceasefire.verification.integrity import verify_store

PLACES = ("Douma", "Aleppo", "Idlib", "Daraa", "Homs", "Hama", "Harasta", "Zabadani")


def report(tag: str, i: int) -> str:
    return (
        f"Title: Soak {tag} {i}\nDate: 2017-01-{1 + i % 28:02d}\n\n"
        f"Government forces shelled {PLACES[i % len(PLACES)]} on Monday, killing {2 + i % 5} "
        f"civilians, activists said (soak {tag}, report {i})."
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CEASEFIRE_DATABASE_URL": url}
    command = [sys.executable, "-m", "uvicorn", "--factory", "ceasefire.api.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("server exited at startup")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("server did not start in 120 s")


def stop(process: subprocess.Popen[bytes], *, hard: bool = False) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
    process.wait(timeout=30)


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
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
    while time.monotonic() < until and i < max_each:
        if i and interval:
            await asyncio.sleep(interval)
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
        if response.status_code != 200:
            key = str(response.status_code)
            run.errors[key] = run.errors.get(key, 0) + 1
            continue
        run.latencies.append(elapsed)
        data = response.json()
        run.duplicates += data["duplicate_documents"]
        for doc_id in data["document_ids"]:
            run.accepted[doc_id] = f"{tag}-c{index}/{i - 1}"


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
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits) as h:
        await asyncio.gather(
            *(client(h, tag, c, until, run, max_each, interval) for c in range(clients))
        )
    return run


def store_counts(url: str, tag: str) -> tuple[int, int, bool, int]:
    engine = open_store(url)
    try:
        with session_factory(engine)() as session:
            docs = session.scalar(
                select(func.count()).select_from(DocumentRow)
                .where(DocumentRow.title.like(f"Soak {tag}-%"))
            ) or 0  # fmt: skip
            batches = session.scalar(
                select(func.count(func.distinct(DocumentRow.batch_id)))
                .where(DocumentRow.title.like(f"Soak {tag}-%"))
            ) or 0  # fmt: skip
            orphans = session.scalar(
                select(func.count()).select_from(BatchRow)
                .where(BatchRow.kind == "documents", ~BatchRow.id.in_(select(DocumentRow.batch_id)))
            ) or 0  # fmt: skip
            report_ = verify_store(session)
            if not report_.ok:
                print("audit problems:", *report_.problems[:3], sep="\n  ")
    finally:
        engine.dispose()
    return docs, batches, report_.ok, orphans


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:////tmp/ceasefire-soak.db")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-per-client", type=int, default=10_000)
    parser.add_argument("--crash-reports", type=int, default=200)
    parser.add_argument(
        "--interval",
        type=float,
        default=0.0,
        help="Seconds each client waits between its requests (0: back to back).",
    )
    args = parser.parse_args()
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
        run = asyncio.run(
            soak(base, token, tag, args.clients, args.seconds, args.max_per_client, args.interval)
        )
    finally:
        stop(server)
    docs, batches, audit_ok, orphans = store_counts(args.db, tag)
    lost = len(run.accepted) - docs
    p50, p99 = percentile(run.latencies, 0.50), percentile(run.latencies, 0.99)
    print(f"soak   db={args.db.split('://')[0]} clients={args.clients} seconds={args.seconds} "
          f"workers={args.workers}")  # fmt: skip
    print(f"  sent={run.sent} accepted={len(run.accepted)} stored={docs} batches={batches} "
          f"lost={lost} duplicates_reported={run.duplicates} errors={run.errors}")  # fmt: skip
    print(f"  throughput={len(run.latencies) / args.seconds:.1f}/s p50={p50 * 1000:.1f} ms "
          f"p99={p99 * 1000:.1f} ms max={max(run.latencies, default=0) * 1000:.1f} ms "
          f"mean={statistics.fmean(run.latencies or [0]) * 1000:.1f} ms")  # fmt: skip
    print(f"  audit chain intact={audit_ok} orphan batches={orphans}")
    ok &= lost == 0 and docs == batches and audit_ok and orphans == 0 and not run.errors

    crash_tag = f"{tag}x"
    server = start_server(args.db, port, args.workers)
    killed_after = 0.0

    async def crash_phase() -> Run:
        nonlocal killed_after
        live = Run()
        run_box = [live]
        each = max(1, args.crash_reports // args.clients)
        task = asyncio.create_task(soak(base, token, crash_tag, args.clients, 60, each, run=live))
        start = time.monotonic()
        while len(run_box[0].accepted) < 10 and time.monotonic() - start < 60:
            await asyncio.sleep(0.01)
        killed_after = time.monotonic() - start
        for child in _children(server.pid):
            os.kill(child, signal.SIGKILL)
        server.send_signal(signal.SIGKILL)
        return await task

    try:
        crash = asyncio.run(crash_phase())
    finally:
        stop(server, hard=True)
    before = store_counts(args.db, crash_tag)
    server = start_server(args.db, port, args.workers)
    try:
        again = asyncio.run(
            soak(
                base,
                token,
                crash_tag,
                args.clients,
                120,
                max(1, args.crash_reports // args.clients),
            )
        )
    finally:
        stop(server)
    after = store_counts(args.db, crash_tag)
    expected = args.clients * max(1, args.crash_reports // args.clients)
    stored_twice = len(again.accepted) - again.duplicates - (after[0] - before[0])
    print(f"crash  kill -9 after {killed_after:.1f} s: accepted before kill={len(crash.accepted)} "
          f"stored={before[0]} batches={before[1]} audit intact={before[2]} "
          f"orphans={before[3]}")  # fmt: skip
    print(f"  restart + resubmit {expected}: newly stored={after[0] - before[0]} "
          f"duplicates={again.duplicates} total={after[0]} batches={after[1]} "
          f"audit intact={after[2]} errors={again.errors}")  # fmt: skip
    ok &= (
        before[2] and before[0] == before[1] and before[3] == 0
        and len(crash.accepted) <= before[0] and after[0] == expected and after[1] == expected
        and again.duplicates == before[0] and after[2] and stored_twice == 0
    )  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return []
    return [int(p) for p in out.stdout.split()]


if __name__ == "__main__":
    sys.exit(main())
