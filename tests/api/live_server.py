"""A real uvicorn server (in a thread) over any store URL, for end-to-end tests over HTTP.

The one way tests start a live server: the API tests (``tests/api/conftest.py``), the
dashboard's browser tests (``tests/web/conftest.py``) and end-to-end CLI tests all use
:func:`serve`."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
