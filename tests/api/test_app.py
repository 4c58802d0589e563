"""The API in-process: each domain's routes call the library and answer in the documented shape."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.verification.integrity import verify_store

from .conftest import REPORT, World


def test_health_and_me(client: TestClient, world: World) -> None:
    assert client.get("/health").json()["status"] == "ok"
    me = client.get("/me", headers=world.headers("monitor")).json()
    assert (me["name"], me["role"], me["organisation"]) == ("monitor", "monitor", "Russia")
    assert client.get("/me").json()["actions"] == ["read_public_aggregates"]


def test_submitting_a_report_twice_stores_it_once(client: TestClient, world: World) -> None:
    headers = world.headers("party_liaison")
    first = client.post("/documents", json={"text": REPORT}, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["kind"], body["stored_documents"], body["duplicate_documents"]) == (
        "documents", 1, 0,
    )  # fmt: skip
    assert body["events"] >= 1
    again = client.post("/documents", json={"text": REPORT}, headers=headers).json()
    assert (again["stored_documents"], again["duplicate_documents"], again["events"]) == (0, 1, 0)
    assert again["document_ids"] == body["document_ids"]
    doc = client.get(f"/documents/{body['document_ids'][0]}", headers=headers).json()
    assert doc["title"] == "Shelling in Douma"
    entries = client.get("/audit", headers=world.headers("observer")).json()["items"]
    assert [e["actor"] for e in entries if e["action"] == "ingest"][-1] == "party_liaison"


def test_submitting_a_file(client: TestClient, world: World) -> None:
    files = {"file": ("douma.txt", REPORT.encode(), "text/plain")}
    response = client.post("/documents/file", files=files, headers=world.headers("monitor"))
    assert response.status_code == 200, response.text
    assert response.json()["stored_documents"] == 1


def test_events_paginate_with_total(client: TestClient, world: World) -> None:
    headers = world.headers("observer")
    page = client.get("/events", params={"limit": 1, "offset": 1}, headers=headers).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)
    assert page["items"][0]["location"] == "Aleppo"
    one = client.get(f"/events/{page['items'][0]['id']}", headers=headers).json()
    assert one["fatalities"] == 2


def test_incident_filters(client: TestClient, world: World) -> None:
    headers = world.headers("observer")

    def locations(**params: object) -> list[str]:
        response = client.get("/incidents", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [i["location"] for i in response.json()["items"]]

    assert locations() == ["Douma", "Aleppo"]
    assert locations(bbox="36.0,33.3,36.6,33.8") == ["Douma"]
    assert locations(date_from="2017-01-10") == ["Aleppo"]
    assert locations(party="Opposition Rebels (Syria)", date_to="2017-01-09") == ["Douma"]
    assert locations(type="Battles") == []
    assert locations(status="reported", limit=1, offset=1) == ["Aleppo"]
    assert locations(agreement="astana-2017", zone="no-such-zone") == []
    bad = client.get("/incidents", params={"zone": "wadi-barada"}, headers=headers)
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "zone")
    bad = client.get("/incidents", params={"bbox": "1,2,3"}, headers=headers)
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "bbox")
    detail = client.get("/incidents/1", headers=headers).json()
    assert [e["location"] for e in detail["events"]] == ["Douma"]


def test_review_vote_and_publish(client: TestClient, world: World) -> None:
    run = client.post("/assessments", json={"agreement": "astana-2017"},
                      headers=world.headers("monitor"))  # fmt: skip
    assert run.status_code == 200, run.text
    verdicts = client.get("/assessments", params={"agreement": "astana-2017"},
                          headers=world.headers("observer")).json()  # fmt: skip
    assert verdicts["total"] == 2
    opened = client.post(
        "/incidents/1/transitions", headers=world.headers("monitor"),
        json={"to": "under_review", "reason": "two sources", "agreement": "astana-2017"},
    )  # fmt: skip
    assert (opened.status_code, opened.json()["status"]) == (200, "under_review")
    vote = {"choice": "verified", "rationale": "SOHR and video", "evidence": ["https://x.org/1"]}
    outsider = client.post("/incidents/1/votes", json=vote, headers=world.headers("un_monitor"))
    assert (outsider.status_code, outsider.json()["error"]["code"]) == (403, "forbidden")
    first = client.post("/incidents/1/votes", json=vote, headers=world.headers("monitor"))
    assert (first.status_code, first.json()["status"]) == (200, "under_review")
    twice = client.post("/incidents/1/votes", json=vote, headers=world.headers("monitor"))
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "conflict")
    second = client.post("/incidents/1/votes", json=vote, headers=world.headers("admin"))
    assert second.json()["status"] == "verified"
    votes = client.get("/incidents/1/votes", headers=world.headers("observer")).json()
    assert [v["member"] for v in votes["votes"]] == ["Russia", "Turkey"]
    published = client.get("/public/aggregates", params={"agreement": "astana-2017"}).json()
    assert (published["incidents"], published["by_day"][0]["key"]) == (1, "2017-01-09")
    assert set(published) == {
        "agreement_id", "incidents", "fatalities", "by_day", "by_zone", "by_party",
    }  # fmt: skip


def test_fuse_and_split(client: TestClient, world: World) -> None:
    done = client.post("/incidents/fuse", headers=world.headers("monitor")).json()
    assert done == {"new_events": 0, "incidents_created": 0, "incidents_extended": 0}
    alone = client.post("/events/1/split", json={"reason": "x"}, headers=world.headers("monitor"))
    assert (alone.status_code, alone.json()["error"]["code"]) == (409, "conflict")


def test_exports(client: TestClient, world: World) -> None:
    headers = world.headers("observer")
    lines = client.get("/exports/events", params={"format": "jsonl"}, headers=headers)
    assert lines.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(x)["location"] for x in lines.text.splitlines()] == ["Douma", "Aleppo"]
    geo = client.get("/exports/events", params={"format": "geojson"}, headers=headers).json()
    assert len(geo["features"]) == 2
    csv = client.get("/exports/events", params={"country": "Nowhere"}, headers=headers)
    assert csv.text.splitlines()[0].startswith("event_id_cnty,event_date,year")


def test_users_and_revocation(client: TestClient, world: World) -> None:
    admin = world.headers("admin")
    made = client.post("/users", json={"name": "tr-monitor", "role": "monitor",
                                       "organisation": "Turkey"}, headers=admin)  # fmt: skip
    assert made.status_code == 201, made.text
    token = {"Authorization": f"Bearer {made.json()['token']}"}
    assert client.get("/me", headers=token).json()["name"] == "tr-monitor"
    assert client.post("/users/tr-monitor/revoke", headers=admin).json()["revoked_at"]
    after = client.get("/me", headers=token)
    assert (after.status_code, after.json()["error"]["code"]) == (401, "unauthenticated")
    assert after.headers["www-authenticate"] == "Bearer"
    names = [u["name"] for u in client.get("/users", headers=admin).json()]
    assert "tr-monitor" in names


def test_audit_chain_verifies_after_api_writes(client: TestClient, world: World) -> None:
    client.post("/documents", json={"text": REPORT}, headers=world.headers("monitor"))
    check = client.get("/audit/verify", headers=world.headers("observer")).json()
    assert (check["ok"], check["problems"]) == (True, [])
    engine = open_store(world.url)
    with session_factory(engine)() as session:
        assert verify_store(session).ok
    engine.dispose()
