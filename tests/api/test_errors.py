"""Every error the API returns has one JSON shape; request bodies are limited in size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ceasefire.api.app import create_app
from ceasefire.api.limits import MAX_JSON_BYTES

from .conftest import World

SHAPE_KEYS = {"code", "message", "hint"}


def assert_error_shape(body: Any) -> None:
    """``{"error": {"code", "message", "hint", "field"?, "line"?}}`` and nothing else."""
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert SHAPE_KEYS <= set(error) <= SHAPE_KEYS | {"field", "line"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["hint"] is None or isinstance(error["hint"], str)
    assert "field" not in error or isinstance(error["field"], str)
    assert "line" not in error or (isinstance(error["line"], int) and error["line"] >= 1)


#: (who, method, path, keyword arguments, status, code): one of each kind of error.
ERRORS: list[tuple[str, str, str, dict[str, Any], int, str]] = [
    ("anonymous", "GET", "/no-such-route", {}, 404, "not_found"),
    ("anonymous", "DELETE", "/health", {}, 405, "method_not_allowed"),
    ("anonymous", "GET", "/incidents", {}, 403, "forbidden"),
    ("revoked", "GET", "/health", {}, 401, "unauthenticated"),
    ("garbage", "GET", "/me", {}, 401, "unauthenticated"),
    ("observer", "GET", "/incidents/999", {}, 404, "not_found"),
    ("observer", "GET", "/agreements/nope", {}, 404, "not_found"),
    ("observer", "GET", "/incidents", {"params": {"limit": 501}}, 422, "input_error"),
    ("observer", "GET", "/incidents", {"params": {"status": "bogus"}}, 422, "input_error"),
    ("monitor", "POST", "/documents", {"json": {}}, 422, "input_error"),
    (
        "monitor",
        "POST",
        "/documents",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        422,
        "input_error",
    ),
    ("monitor", "POST", "/documents", {"json": {"text": "   "}}, 422, "input_error"),
    (
        "monitor",
        "POST",
        "/documents/file",
        {"files": {"file": ("a.txt", b"", "text/plain")}},
        422,
        "input_error",
    ),
    (
        "monitor",
        "POST",
        "/incidents/1/votes",
        {"json": {"choice": "verified", "rationale": "r"}},
        409,
        "conflict",
    ),
    (
        "monitor",
        "POST",
        "/incidents/1/transitions",
        {"json": {"to": "verified", "reason": "r"}},
        409,
        "conflict",
    ),
    (
        "party_liaison",
        "POST",
        "/incidents/1/transitions",
        {"json": {"to": "under_review", "reason": "r"}},
        403,
        "forbidden",
    ),
    ("admin", "POST", "/users", {"json": {"name": "monitor", "role": "monitor"}}, 409, "conflict"),
    ("observer", "GET", "/exports/events", {"params": {"agreement": "nope"}}, 404, "not_found"),
]


@pytest.mark.parametrize(("who", "method", "path", "kwargs", "status", "code"), ERRORS)
def test_every_error_has_one_shape(
    client: TestClient,
    world: World,
    who: str,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
) -> None:
    kwargs = dict(kwargs)
    headers = dict(kwargs.pop("headers", {}))
    if who == "garbage":
        headers["Authorization"] = "Bearer not-a-token"
    else:
        headers.update(world.headers(who))
    response = client.request(method, path, headers=headers, **kwargs)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert_error_shape(response.json())


def test_json_body_over_the_limit_is_refused(client: TestClient, world: World) -> None:
    text = "x" * (MAX_JSON_BYTES + 10)
    response = client.post("/documents", json={"text": text}, headers=world.headers("monitor"))
    assert (response.status_code, response.json()["error"]["code"]) == (413, "payload_too_large")
    assert_error_shape(response.json())


@pytest.fixture
def small(world: World) -> Iterator[TestClient]:
    app = create_app(world.url, warm_coder=False, max_json=1000, max_upload=5000)
    with TestClient(app) as test_client:
        yield test_client


def test_streamed_body_without_length_is_counted(small: TestClient, world: World) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 100
        yield b'"}'

    headers = {"content-type": "application/json", **world.headers("monitor")}
    response = small.post("/documents", content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert (response.status_code, response.json()["error"]["code"]) == (413, "payload_too_large")
    assert_error_shape(response.json())


def test_upload_over_the_limit_is_refused(small: TestClient, world: World) -> None:
    files = {"file": ("big.txt", b"z" * 6000, "text/plain")}
    response = small.post("/documents/file", files=files, headers=world.headers("monitor"))
    assert (response.status_code, response.json()["error"]["code"]) == (413, "payload_too_large")
    small_file = {"file": ("ok.txt", b"Rebels shelled Aleppo on 3 January 2017.", "text/plain")}
    fine = small.post("/documents/file", files=small_file, headers=world.headers("monitor"))
    assert (fine.status_code, fine.json()["coding"]) == (202, "queued"), fine.text
