"""Property-based requests generated from the OpenAPI schema, sent over HTTP to a live server as
an admin (the role that reaches every route): no 5xx, and every error in the one JSON shape.

Bounded: a few examples per operation, derandomised, so the run is repeatable and short.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from .conftest import Live
from .test_errors import assert_error_shape

EXAMPLES = 15


def test_no_server_errors(live: Live) -> None:
    schema = schemathesis.openapi.from_url(f"{live.base}/openapi.json")
    headers = live.world.headers("admin")
    checked: list[str] = []
    calls: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck),
        )  # fmt: skip
        def run(case: Any) -> None:
            response = case.call(base_url=live.base, headers=headers, timeout=30)
            calls.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                assert_error_shape(response.json())

        run()
        checked.append(operation.label)
    operations = sum(len(item) for item in schema.raw_schema["paths"].values())
    assert len(checked) == operations
    assert len(calls) >= operations
