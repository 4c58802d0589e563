"""Role x route matrix over real HTTP: every route, every role, the expected allow or deny.

The table is written out by hand, independently of ``accounts.permissions`` and
``api.access``: a change to either that grants a role more than this table says fails here.
A route added to the app without a row here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from ceasefire.api.app import create_app, operations
from ceasefire.scenarios import scenario_dir

from .conftest import REPORT, ROLES, Live

_names = itertools.count(1)

ADM, MON, LIA, OBS, PUB, ANON = ROLES
EVERYONE = {ADM, MON, LIA, OBS, PUB, ANON}
READERS = {ADM, MON, LIA, OBS}  # incidents, events, documents, audit
REPORTERS = {ADM, MON, LIA}
DECIDERS = {ADM, MON}  # fuse, assess, vote, transition
ADMINS = {ADM}


def _user_body() -> dict[str, Any]:
    return {"json": {"name": f"matrix-{next(_names)}", "role": "observer"}}


def _agreement_body() -> dict[str, Any]:
    text = (scenario_dir("astana-2017") / "agreement.yaml").read_bytes()
    return {"content": text, "headers": {"content-type": "application/yaml"}}


#: (method, path as in the schema, concrete path, request kwargs or a factory, roles allowed)
MATRIX: list[tuple[str, str, str, Any, set[str]]] = [
    ("GET", "/health", "/health", {}, EVERYONE),
    ("GET", "/me", "/me", {}, EVERYONE),
    ("GET", "/agreements", "/agreements", {}, EVERYONE),
    ("GET", "/agreements/{agreement_id}", "/agreements/astana-2017", {}, EVERYONE),
    ("POST", "/agreements", "/agreements", _agreement_body, ADMINS),
    (
        "GET",
        "/public/aggregates",
        "/public/aggregates",
        {"params": {"agreement": "astana-2017"}},
        EVERYONE,
    ),
    ("POST", "/documents", "/documents", {"json": {"text": REPORT}}, REPORTERS),
    (
        "POST",
        "/documents/file",
        "/documents/file",
        {"files": {"file": ("r.txt", REPORT.encode(), "text/plain")}},
        REPORTERS,
    ),
    ("GET", "/documents/{document_id}", "/documents/" + "0" * 64, {}, READERS),
    ("GET", "/events", "/events", {}, READERS),
    ("GET", "/events/{event_id}", "/events/1", {}, READERS),
    ("POST", "/events/{event_id}/split", "/events/1/split", {"json": {"reason": "r"}}, DECIDERS),
    ("GET", "/incidents", "/incidents", {}, READERS),
    ("GET", "/incidents/{incident_id}", "/incidents/1", {}, READERS),
    ("POST", "/incidents/fuse", "/incidents/fuse", {}, DECIDERS),
    ("GET", "/assessments", "/assessments", {"params": {"agreement": "astana-2017"}}, READERS),
    ("POST", "/assessments", "/assessments", {"json": {"agreement": "astana-2017"}}, DECIDERS),
    ("GET", "/incidents/{incident_id}/votes", "/incidents/1/votes", {}, READERS),
    (
        "POST",
        "/incidents/{incident_id}/transitions",
        "/incidents/2/transitions",
        {"json": {"to": "under_review", "reason": "r", "agreement": "astana-2017"}},
        DECIDERS,
    ),
    (
        "POST",
        "/incidents/{incident_id}/votes",
        "/incidents/2/votes",
        {"json": {"choice": "abstain", "rationale": "r"}},
        DECIDERS,
    ),
    ("GET", "/incidents/{incident_id}/comments", "/incidents/1/comments", {}, READERS),
    (
        "POST",
        "/incidents/{incident_id}/comments",
        "/incidents/1/comments",
        {"json": {"text": "Our positions were shelled first."}},
        REPORTERS,
    ),
    ("GET", "/audit", "/audit", {}, READERS),
    ("GET", "/audit/verify", "/audit/verify", {}, READERS),
    ("GET", "/audit/checkpoint", "/audit/checkpoint", {}, READERS),
    ("GET", "/exports/events", "/exports/events", {"params": {"format": "jsonl"}}, READERS),
    ("GET", "/dashboard/config", "/dashboard/config", {}, EVERYONE),
    ("GET", "/dashboard/boundaries", "/dashboard/boundaries", {}, EVERYONE),
    (
        "GET",
        "/dashboard/zones",
        "/dashboard/zones",
        {"params": {"agreement": "astana-2017"}},
        EVERYONE,
    ),
    (
        "GET",
        "/dashboard/points",
        "/dashboard/points",
        {"params": {"agreement": "astana-2017"}},
        READERS,
    ),
    (
        "GET",
        "/dashboard/incidents",
        "/dashboard/incidents",
        {"params": {"bbox": "35,32,43,38"}},
        READERS,
    ),
    (
        "GET",
        "/dashboard/incidents/{incident_id}/assessments",
        "/dashboard/incidents/1/assessments",
        {},
        READERS,
    ),
    (
        "GET",
        "/dashboard/timeline",
        "/dashboard/timeline",
        {"params": {"agreement": "astana-2017"}},
        READERS,
    ),
    ("GET", "/dashboard/export", "/dashboard/export", {"params": {"format": "geojson"}}, READERS),
    (
        "GET",
        "/dashboard/zone-status",
        "/dashboard/zone-status",
        {"params": {"agreement": "astana-2017"}},
        READERS,
    ),
    ("GET", "/users", "/users", {}, ADMINS),
    ("POST", "/users", "/users", _user_body, ADMINS),
    ("POST", "/users/{name}/revoke", "/users/nobody/revoke", {}, ADMINS),
]
CELLS = [(row, role) for row in MATRIX for role in ROLES]


def test_every_route_is_in_the_matrix() -> None:
    app = create_app("sqlite:///unused.db", warm_coder=False)
    in_app = set(operations(app).values())
    in_matrix = {(method, path) for method, path, *_ in MATRIX}
    assert in_app == in_matrix


@pytest.mark.parametrize(
    ("row", "role"), CELLS, ids=[f"{r[0]} {r[2]} as {who}" for r, who in CELLS]
)
def test_role_matrix_over_http(live: Live, row: tuple[Any, ...], role: str) -> None:
    method, _template, path, kwargs, allowed = row
    request = dict(kwargs() if callable(kwargs) else kwargs)
    headers = {**request.pop("headers", {}), **live.world.headers(role)}
    response = httpx.request(method, live.base + path, headers=headers, timeout=30, **request)
    assert response.status_code < 500, response.text
    if role in allowed:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("row", MATRIX, ids=[f"{r[0]} {r[2]}" for r in MATRIX])
def test_revoked_token_is_refused_everywhere(live: Live, row: tuple[Any, ...]) -> None:
    method, _template, path, kwargs, _allowed = row
    request = dict(kwargs() if callable(kwargs) else kwargs)
    headers = {**request.pop("headers", {}), **live.world.headers("revoked")}
    response = httpx.request(method, live.base + path, headers=headers, timeout=30, **request)
    assert (response.status_code, response.json()["error"]["code"]) == (401, "unauthenticated")


def test_only_members_vote_once_each_over_http(live: Live) -> None:
    url = f"{live.base}/incidents/1"
    opened = httpx.post(
        f"{url}/transitions", headers=live.world.headers("monitor"), timeout=30,
        json={"to": "under_review", "reason": "r", "agreement": "astana-2017"},
    )  # fmt: skip
    assert opened.status_code == 200, opened.text
    vote = {"choice": "not_verified", "rationale": "one source only"}
    outsider = httpx.post(f"{url}/votes", json=vote, headers=live.world.headers("un_monitor"))
    assert outsider.status_code == 403
    first = httpx.post(f"{url}/votes", json=vote, headers=live.world.headers("monitor"))
    assert first.status_code == 200, first.text
    again = httpx.post(f"{url}/votes", json=vote, headers=live.world.headers("monitor"))
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
