"""A real uvicorn server and one persistent connection: after any error response (a 500
included) the next request on the same keep-alive connection is answered."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from ceasefire.api.app import create_app

from .conftest import World, seed
from .live_server import serve


def _with_a_failing_route(app: FastAPI) -> FastAPI:
    """A route whose handler fails with an exception no handler knows (a bug, in the test)."""

    def explode() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/explode", explode, methods=["GET"], name="health")
    return app


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, World]]:
    folder: Path = tmp_path_factory.mktemp("keepalive")
    world = seed(f"sqlite:///{folder / 'keepalive.db'}", folder)
    app = _with_a_failing_route(create_app(world.url, warm_coder=False, background_coding=False))
    with serve(world.url, app=app, log_level="critical") as base:
        yield int(base.rsplit(":", 1)[1]), world


#: (who, method, path, headers, body, status, code) sent one after another on one connection.
SEQUENCE: list[tuple[str, str, str, dict[str, str], bytes, int, str]] = [
    ("anonymous", "GET", "/explode", {}, b"", 500, "internal_error"),
    ("anonymous", "GET", "/no-such-route", {}, b"", 404, "not_found"),
    ("anonymous", "GET", "/explode", {}, b"", 500, "internal_error"),
    ("anonymous", "DELETE", "/health", {}, b"", 405, "method_not_allowed"),
    ("garbage", "GET", "/me", {}, b"", 401, "unauthenticated"),
    ("observer", "POST", "/users", {"content-type": "application/json"},
     b'{"name": "x", "role": "admin"}', 403, "forbidden"),
    ("monitor", "POST", "/documents", {"content-type": "application/json"}, b"{not json", 422,
     "input_error"),
    ("monitor", "POST", "/documents", {"content-type": "application/json"},
     b"[" * 100_000 + b"]" * 100_000, 400, "bad_request"),
    ("monitor", "POST", "/documents", {"content-type": "application/json"},
     b'{"text": ' + b"9" * 5000 + b"}", 400, "bad_request"),
    ("admin", "POST", "/agreements", {"content-type": "application/yaml"},
     b"id: x\nname: !foo y\n", 422, "input_error"),
    ("admin", "POST", "/agreements", {"content-type": "application/yaml"},
     b"id: x\neffective_from: 2017-13-45\n", 422, "input_error"),
    ("admin", "POST", "/agreements", {"content-type": "text/html"}, b"<p>", 415,
     "unsupported_media_type"),
    ("observer", "GET", "/incidents/999", {}, b"", 404, "not_found"),
    ("anonymous", "GET", "/explode", {}, b"", 500, "internal_error"),
    ("anonymous", "GET", "/health", {}, b"", 200, ""),
]  # fmt: skip


def test_every_error_leaves_the_connection_usable(server: tuple[int, World]) -> None:
    port, world = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.connect()
    sock = connection.sock
    seen: list[tuple[int, str]] = []
    for who, method, path, headers, body, _status, _code in SEQUENCE:
        token = {"Authorization": "Bearer cf_garbage"} if who == "garbage" else world.headers(who)
        connection.request(method, path, body=body or None, headers={**headers, **token})
        answer = connection.getresponse()
        payload = json.loads(answer.read() or b"{}")
        assert answer.getheader("connection") != "close", (path, payload)
        assert connection.sock is sock, f"the connection was closed after {method} {path}"
        seen.append((answer.status, payload.get("error", {}).get("code", "")))
    assert seen == [(status, code) for *_, status, code in SEQUENCE]
    connection.close()


def test_a_500_says_nothing_of_the_bug(server: tuple[int, World]) -> None:
    port, _world = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/explode")
    answer = connection.getresponse()
    assert (answer.status, json.loads(answer.read())) == (500, {"error": {
        "code": "internal_error", "message": "unexpected server error",
        "hint": "Report it with the time of the request."}})  # fmt: skip
    assert answer.getheader("x-content-type-options") == "nosniff"
    connection.close()
