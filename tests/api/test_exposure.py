"""What the API shows to whom: audit entries about users to admins only (the chain still
followable), no server paths in upload errors, security headers on every response."""

from __future__ import annotations

import hashlib
import json
from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ceasefire.api.headers import CONTENT_SECURITY_POLICY
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import read_session
from ceasefire.db.store import open_store

from .conftest import USERS, World


def _audit(client: TestClient, world: World, who: str) -> list[dict[str, Any]]:
    answer = client.get("/audit", params={"limit": 500}, headers=world.headers(who))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


@pytest.mark.parametrize(
    ("who", "sees"), [("admin", True), ("monitor", False), ("party_liaison", False),
                      ("observer", False)],
)  # fmt: skip
def test_audit_entries_about_users_only_to_admins(
    client: TestClient, world: World, who: str, sees: bool
) -> None:
    entries = _audit(client, world, who)
    users = [e for e in entries if e["record_type"] == "user"]
    assert len(users) == len(USERS) + 1  # every account created, and one revoked
    text = json.dumps(users)
    for name, (_role, organisation) in USERS.items():
        assert (f'"name": "{name}"' in text) == sees
        if organisation:
            assert (organisation in text) == sees
    for entry in users:
        assert entry["redacted"] is not sees
        assert (entry["detail"] == {}) is not sees
        assert (entry["detail_sha256"] is None) is sees
    others = [e for e in entries if e["record_type"] != "user"]
    assert others and all(not e["redacted"] and e["detail_sha256"] is None for e in others)


def test_a_redacted_entry_keeps_its_hashes_and_the_chain_links(
    client: TestClient, world: World
) -> None:
    seen = _audit(client, world, "observer")
    full = _audit(client, world, "admin")
    assert [e["entry_hash"] for e in seen] == [e["entry_hash"] for e in full]
    for before, entry in pairwise(seen):
        assert entry["prev_hash"] == before["entry_hash"]
    engine = open_store(world.url)
    with read_session(engine) as session:
        stored = {row.seq: row.detail for row in session.scalars(select(AuditEntryRow))}
    engine.dispose()
    redacted = [e for e in seen if e["redacted"]]
    assert redacted
    for entry in redacted:
        digest = hashlib.sha256(stored[entry["seq"]].encode()).hexdigest()
        assert entry["detail_sha256"] == digest
    verify = client.get("/audit/verify", headers=world.headers("observer")).json()
    assert verify["ok"] is True


@pytest.mark.parametrize(
    ("name", "content", "fmt", "expected"),
    [
        ("bad.csv", b"event_id_cnty,event_date\nA,2017-13-45\n", "acled",
         "bad.csv:1, field 'event_type': missing columns"),
        ("nul.csv", b"event_id_cnty,event_date\nA,20\x0017\n", None,
         "nul.csv:2: contains a NUL character"),
        ("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "jsonl",
         "deep.jsonl:1: JSON nested too deeply to be a record"),
        ("../../etc/passwd.jsonl", b'{"event_date": "2017-13-45"}\n', "jsonl",
         "passwd.jsonl:1, field 'event_date'"),
    ],
)  # fmt: skip
def test_upload_errors_name_the_file_sent_not_where_the_server_kept_it(
    client: TestClient, world: World, name: str, content: bytes, fmt: str | None, expected: str
) -> None:
    data = {"format": fmt} if fmt else {}
    answer = client.post(
        "/documents/file", files={"file": (name, content, "text/plain")}, data=data,
        headers=world.headers("monitor"),
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    message = answer.json()["error"]["message"]
    assert message.startswith(expected), message
    assert "/tmp" not in answer.text and "ceasefire-api-" not in answer.text


def test_a_stored_upload_keeps_its_name_not_the_servers_path(
    client: TestClient, world: World
) -> None:
    text = b"Title: Shelling\nDate: 2017-01-10\n\nGovernment forces shelled Douma on Monday."
    answer = client.post(
        "/documents/file", files={"file": ("report.txt", text, "text/plain")},
        headers=world.headers("monitor"),
    )  # fmt: skip
    assert answer.status_code == 202, answer.text
    document = client.get(
        f"/documents/{answer.json()['document_ids'][0]}", headers=world.headers("monitor")
    )
    assert "ceasefire-api-" not in document.text
    assert "ceasefire-api-" not in json.dumps(_audit(client, world, "admin"))


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("anonymous", "/health", 200),
        ("anonymous", "/incidents", 403),
        ("anonymous", "/no-such-route", 404),
        ("observer", "/incidents", 200),
        ("observer", "/audit", 200),
        ("observer", "/users", 403),
        ("garbage", "/me", 401),
        ("anonymous", "/openapi.json", 200),
    ],
)
def test_security_headers_on_every_response(
    client: TestClient, world: World, who: str, path: str, status: int
) -> None:
    headers = {"Authorization": "Bearer cf_garbage"} if who == "garbage" else world.headers(who)
    answer = client.get(path, headers=headers)
    assert answer.status_code == status
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert (answer.headers.get("cache-control") == "no-store") is (who != "anonymous")


def test_the_policy_allows_only_the_apps_own_scripts() -> None:
    rules = dict(rule.split(" ", 1) for rule in CONTENT_SECURITY_POLICY.split("; "))
    assert rules["script-src"] == "'self'"  # no 'unsafe-inline', no CDN
    assert rules["connect-src"] == "'self'"
    assert rules["object-src"] == "'none'" and rules["frame-ancestors"] == "'none'"
