"""Real uvicorn servers over any store URL, for end-to-end tests and benchmarks over HTTP.

The one way tests start a live server: :func:`serve` runs one in a thread of this process
(the API tests, ``tests/api/conftest.py``; the dashboard's browser tests,
``tests/web/conftest.py``; end-to-end CLI tests); :func:`start_process` runs one in its own
process (``ceasefire serve`` by default, see :func:`serve_command`) and returns once it
answers ``/health``, for kill -9 tests (``test_crash.py``), several workers and the soak
(bench/soak_api.py). Both listen on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from fastapi import FastAPI

from ceasefire.api.app import create_app


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(url: str, *, app: FastAPI | None = None, log_level: str = "warning") -> Iterator[str]:
    """The base URL of a server on ``url`` (reports stay queued: no background coder), or of
    ``app`` when given (an app built over ``url`` with other settings or extra routes)."""
    port = free_port()
    config = uvicorn.Config(
        app if app is not None else create_app(url, warm_coder=False, background_coding=False),
        host="127.0.0.1", port=port, log_level=log_level,
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def serve_command(url: str, port: int, *, workers: int = 1) -> list[str]:
    """``ceasefire serve`` on ``url`` with ``workers`` worker processes, as a user runs it."""
    cli = "from ceasefire.cli.main import main; main()"
    return [sys.executable, "-c", cli, "serve", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--db", url]  # fmt: skip


def uvicorn_command(app: str, port: int, *, workers: int = 1) -> list[str]:
    """uvicorn running the app factory ``app`` (``module:function``; the store comes from
    ``CEASEFIRE_DATABASE_URL``), for experiments with another app."""
    return [sys.executable, "-m", "uvicorn", "--factory", app, "--host", "127.0.0.1", "--port",
            str(port), "--log-level", "warning", "--workers", str(workers),
            "--timeout-keep-alive", "75"]  # fmt: skip


@dataclass
class ServerProcess:
    """A server started by ``start_process``; ``base`` is its URL."""

    process: subprocess.Popen[bytes]
    base: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, *, hard: bool = False, timeout: float = 60) -> None:
        """SIGTERM (or with ``hard`` SIGKILL) and wait; if it outlives ``timeout``, SIGKILL.
        Then SIGKILL whatever it had started and left behind (uvicorn's workers and their
        coders outlive a supervisor that was killed)."""
        below = _tree(self.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for pid, command in below.items():
            if _command(pid) == command:  # still that process (not a reused pid)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def _command(pid: int) -> bytes | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _tree(pid: int) -> dict[int, bytes]:
    """The processes below ``pid`` with their command lines (``pgrep -P``, Linux)."""
    found: dict[int, bytes] = {}
    todo = [pid]
    while todo:
        out = subprocess.run(
            ["pgrep", "-P", str(todo.pop())], capture_output=True, text=True, check=False
        )
        for child in (int(p) for p in out.stdout.split()):
            command = _command(child)
            if command is not None:
                found[child] = command
                todo.append(child)
    return found


def start_process(
    command: list[str],
    base: str,
    *,
    env: Mapping[str, str] | None = None,
    seconds: float = 300,
    quiet: bool = True,
) -> ServerProcess:
    """Run ``command`` and return once ``base``/health answers 200 (``RuntimeError`` with the
    end of its stderr if it exits first, or after killing it if ``seconds`` pass).

    ``quiet`` keeps its stderr (in a temporary file, which never fills up as a pipe would) for
    that message; else it goes to ours (a benchmark's log).
    """
    log = tempfile.TemporaryFile() if quiet else None  # noqa: SIM115 (the server's lifetime)
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=log
    )
    server = ServerProcess(process, base)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = ""
            if log is not None:
                log.seek(0)
                said = log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"server exited with {process.returncode} at startup: {said}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.stop(hard=True)
    raise RuntimeError(f"server did not answer {base}/health in {seconds:.0f} s")
