"""Property-based tests over every request body the API takes: arbitrary JSON (and bytes where a
file or YAML is taken) gets an answer below 500, errors in the one JSON shape.

Bounded for CI: a fixed number of examples per route, no deadline, derandomised.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import World
from .test_errors import assert_error_shape

BOUNDED = settings(
    max_examples=25, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip
#: Keys the routes read, so bodies get past "field required" into the values' checks.
KEYS = [
    "text", "reference_date", "choice", "rationale", "evidence", "to", "reason", "agreement",
    "agreement_id", "name", "role", "organisation", "incident_id", "note",
]  # fmt: skip
VALUES = JSON | st.sampled_from([
    "2017-13-45", "0001-01-01", "9999-12-31", "verified", "under_review", "astana-2017", "admin",
    "\x00", "A" * 5000,
])  # fmt: skip
BODY = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5) | JSON
#: Bodies json.dumps cannot make.
RAW = st.sampled_from([
    b"[" * 100_000 + b"]" * 100_000, b'{"text": ' + b"9" * 5000 + b"}", b'{"text": NaN}',
    b"\xff\xfe{", b"", b'{"text": "a", "text": "b"}',
])  # fmt: skip

JSON_ROUTES = [
    ("monitor", "/documents"), ("admin", "/events/1/split"), ("monitor", "/incidents/1/votes"),
    ("monitor", "/incidents/2/transitions"), ("party_liaison", "/incidents/1/comments"),
    ("admin", "/assessments"), ("admin", "/users"),
]  # fmt: skip


def _check(answer: Any) -> None:
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        assert_error_shape(answer.json())


@pytest.mark.parametrize(("who", "path"), JSON_ROUTES)
@BOUNDED
@given(body=BODY.map(lambda b: json.dumps(b).encode()) | RAW)
def test_any_json_body_is_answered_below_500(
    client: TestClient, world: World, who: str, path: str, body: bytes
) -> None:
    headers = {**world.headers(who), "content-type": "application/json"}
    _check(client.post(path, content=body, headers=headers))


YAML_TEXT = st.binary(max_size=600) | st.text(max_size=600).map(str.encode) | st.sampled_from([
    b"id: x\nname: !foo y\n", b"id: x\neffective_from: 2017-13-45\n",
    b"id: " + b"9" * 5000 + b"\n", b"a: " + b"[" * 100 + b"]" * 100 + b"\n",
    b"effective_from: 0001-01-01T00:00:00+05:00\n",
])  # fmt: skip


@BOUNDED
@given(body=YAML_TEXT)
def test_any_agreement_upload_is_answered_below_500(
    client: TestClient, world: World, body: bytes
) -> None:
    headers = {**world.headers("admin"), "content-type": "application/yaml"}
    _check(client.post("/agreements", content=body, headers=headers))


@BOUNDED
@given(
    content=st.binary(max_size=1500),
    name=st.text(max_size=30),
    fmt=st.sampled_from([None, "text", "html", "feed", "acled", "ucdp", "jsonl"]),
)
def test_any_uploaded_file_is_answered_below_500(
    client: TestClient, world: World, content: bytes, name: str, fmt: str | None
) -> None:
    answer = client.post(
        "/documents/file", files={"file": (name or "f", content, "application/octet-stream")},
        data={"format": fmt} if fmt else {}, headers=world.headers("monitor"),
    )  # fmt: skip
    _check(answer)
    assert "ceasefire-api-" not in answer.text
