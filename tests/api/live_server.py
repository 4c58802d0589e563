"""A real uvicorn server (in a thread) over any store URL, for end-to-end tests over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from tests.api.conftest import free_port

from ceasefire.api.app import create_app


@contextmanager
def serve(url: str) -> Iterator[str]:
    """The base URL of a server on ``url`` (reports stay queued: no background coder)."""
    port = free_port()
    config = uvicorn.Config(
        create_app(url, warm_coder=False, background_coding=False),
        host="127.0.0.1", port=port, log_level="warning",
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
