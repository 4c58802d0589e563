"""The API in-process: each domain's routes call the library and answer in the documented shape."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from ceasefire.api.routes.agreements import MAX_AGREEMENT_BYTES
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.text import parse_text

from .conftest import REPORT, STRIKE, World, wait_coded


def test_health_and_me(client: TestClient, world: World) -> None:
    assert client.get("/health").json()["status"] == "ok"
    me = client.get("/me", headers=world.headers("monitor")).json()
    assert (me["name"], me["role"], me["organisation"]) == ("monitor", "monitor", "Russia")
    assert client.get("/me").json()["actions"] == ["read_public_aggregates"]


def test_a_report_is_stored_at_once_and_coded_in_the_background(
    coding_client: TestClient, world: World
) -> None:
    client = coding_client
    headers = world.headers("party_liaison")
    first = client.post("/documents", json={"text": REPORT}, headers=headers)
    assert first.status_code == 202, first.text
    doc_id = first.json()["document_id"]
    assert first.json()["coding"] == "queued"
    assert doc_id == parse_text(REPORT).id  # the hash of the text after its header
    doc = wait_coded(client, world, doc_id)
    assert (doc["coding"], doc["coding_error"], doc["title"]) == (
        "coded",
        None,
        "Shelling in Douma",
    )
    assert [(e["event_type"], e["fatalities"]) for e in doc["events"]] == [
        ("Explosions/Remote violence", 3)
    ]
    again = client.post("/documents", json={"text": REPORT}, headers=headers)
    assert (again.status_code, again.json()) == (
        200, {"document_id": doc_id, "coding": "duplicate", "batch_id": None, "audit_seq": None},
    )  # fmt: skip
    entries = client.get("/audit", headers=world.headers("observer")).json()["items"]
    assert [(e["action"], e["actor"]) for e in entries[-2:]] == [
        ("ingest", "party_liaison"), ("coding", "coder"),
    ]  # fmt: skip
    assert list(entries[-1]["detail"]["coded"]) == [doc_id]


def test_submitting_a_file(coding_client: TestClient, world: World) -> None:
    client = coding_client
    files = {"file": ("douma.txt", REPORT.encode(), "text/plain")}
    response = client.post("/documents/file", files=files, headers=world.headers("monitor"))
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["stored_documents"], body["coding"]) == (1, "queued")
    assert wait_coded(client, world, body["document_ids"][0])["coding"] == "coded"
    again = client.post("/documents/file", files=files, headers=world.headers("monitor"))
    assert (again.status_code, again.json()["duplicate_documents"]) == (200, 1)


def test_submitting_records_stores_them_as_given(client: TestClient, world: World) -> None:
    row = {**STRIKE.to_json_dict(), "location": "Harasta", "latitude": 33.56, "longitude": 36.37}
    files = {"file": ("rows.jsonl", (json.dumps(row) + "\n").encode(), "application/x-ndjson")}
    response = client.post("/documents/file", files=files, headers=world.headers("monitor"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["kind"], body["events"], body["coding"]) == ("records", 1, "none")


def test_events_paginate_with_total(client: TestClient, world: World) -> None:
    headers = world.headers("observer")
    page = client.get("/events", params={"limit": 1, "offset": 1}, headers=headers).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)
    assert page["items"][0]["location"] == "Aleppo"
    one = client.get(f"/events/{page['items'][0]['id']}", headers=headers).json()
    assert one["fatalities"] == 2
    # the registry ids the record's actors resolved to at ingest, as the incident objects give
    assert (one["actor1_id"], one["actor2_id"]) == (
        ["Opposition Rebels (Syria)"], ["Military Forces of Syria (2000-)"],
    )  # fmt: skip


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
    assert locations(agreement="astana-2017", zone="wadi-barada") == []
    bad = client.get("/incidents", params={"agreement": "astana-2017", "zone": "no-such-zone"},
                     headers=headers)  # fmt: skip
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "zone")
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
        "status_as_of", "status_days", "zone_status",
    }  # fmt: skip
    # Zone statuses: zone-level figures of verified violations only, nothing finer.
    assert {k for z in published["zone_status"] for k in z} == {
        "zone", "status", "why", "verified", "fatalities",
    }  # fmt: skip
    assert published["status_as_of"] == "2017-01-09"


def test_fuse_and_split(client: TestClient, world: World) -> None:
    done = client.post("/incidents/fuse", headers=world.headers("monitor")).json()
    assert done == {
        "new_events": 0, "incidents_created": 0, "incidents_extended": 0, "claims_changed": 0,
        "skipped": [],
    }  # fmt: skip
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


def test_audit_chain_verifies_after_api_writes(coding_client: TestClient, world: World) -> None:
    client = coding_client
    sent = client.post("/documents", json={"text": REPORT}, headers=world.headers("monitor"))
    assert wait_coded(client, world, sent.json()["document_id"])["coding"] == "coded"
    check = client.get("/audit/verify", headers=world.headers("observer")).json()
    assert (check["ok"], check["problems"]) == (True, [])
    engine = open_store(world.url)
    with session_factory(engine)() as session:
        assert verify_store(session).ok
    engine.dispose()


ASTANA = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")
YAML = {"content-type": "application/yaml"}


def test_agreement_upload(client: TestClient, world: World) -> None:
    admin = {**world.headers("admin"), **YAML}
    same = client.post("/agreements", content=ASTANA.encode(), headers=admin)
    assert (same.status_code, same.json()["outcome"]) == (200, "unchanged")
    copy = ASTANA.replace("id: astana-2017", "id: astana-copy")
    made = client.post("/agreements", content=copy.encode(), headers=admin)
    assert made.status_code == 201, made.text
    assert (made.json()["outcome"], made.json()["agreement"]["id"]) == ("stored", "astana-copy")
    changed = copy.replace("name: ", "name: Changed ", 1)
    refused = client.post("/agreements", content=changed.encode(), headers=admin)
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "conflict")
    replaced = client.post("/agreements", params={"replace": "true"}, content=changed.encode(),
                           headers=admin)  # fmt: skip
    assert (replaced.status_code, replaced.json()["outcome"]) == (200, "replaced")
    listed = client.get("/agreements").json()
    assert sorted(a["id"] for a in listed) == ["astana-2017", "astana-copy"]
    entries = client.get("/audit", headers=world.headers("observer")).json()["items"]
    assert [(e["action"], e["actor"]) for e in entries[-2:]] == [
        ("agreement.load", "admin"), ("agreement.replace", "admin"),
    ]  # fmt: skip


def test_agreement_upload_errors_name_line_and_field(client: TestClient, world: World) -> None:
    admin = {**world.headers("admin"), **YAML}
    bad = ASTANA.replace("id: astana-2017", "id: x").replace("quorum: unanimous", "quorum: most")
    response = client.post("/agreements", content=bad.encode(), headers=admin)
    assert response.status_code == 422
    error = response.json()["error"]
    line = bad.splitlines().index("  quorum: most") + 1  # wherever the scenario file has it
    assert (error["code"], error["field"], error["line"]) == (
        "input_error", "verification.quorum", line,
    )  # fmt: skip
    assert error["message"].startswith(f"request body:{line}, field 'verification.quorum'")
    broken = client.post("/agreements", content=b"id: [\n", headers=admin).json()["error"]
    assert (broken["code"], broken["line"]) == ("input_error", 2)
    not_yaml = client.post("/agreements", json={"id": "x"}, headers=world.headers("admin"))
    assert (not_yaml.status_code, not_yaml.json()["error"]["code"]) == (
        415, "unsupported_media_type",
    )  # fmt: skip
    latin = client.post("/agreements", content="id: caf\xe9\n".encode("latin-1"), headers=admin)
    assert (latin.status_code, latin.json()["error"]["line"]) == (422, 1)


def test_agreement_upload_size_limit(client: TestClient, world: World) -> None:
    admin = {**world.headers("admin"), **YAML}
    big = ASTANA + "#" * (MAX_AGREEMENT_BYTES + 1)
    response = client.post("/agreements", content=big.encode(), headers=admin)
    assert (response.status_code, response.json()["error"]["code"]) == (413, "payload_too_large")


def test_comments(client: TestClient, world: World) -> None:
    liaison = world.headers("party_liaison")
    made = client.post("/incidents/1/comments", json={"text": " Shelled first. "}, headers=liaison)
    assert made.status_code == 201, made.text
    assert {k: made.json()[k] for k in ("id", "incident_id", "user", "text")} == {
        "id": 1, "incident_id": 1, "user": "party_liaison", "text": "Shelled first.",
    }  # fmt: skip
    listed = client.get("/incidents/1/comments", headers=world.headers("observer")).json()
    assert [(c["user"], c["text"]) for c in listed] == [("party_liaison", "Shelled first.")]
    empty = client.post("/incidents/1/comments", json={"text": "   "}, headers=liaison)
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "text")
    long = client.post("/incidents/1/comments", json={"text": "x" * 10_001}, headers=liaison)
    assert (long.status_code, long.json()["error"]["field"]) == (422, "text")
    missing = client.post("/incidents/99/comments", json={"text": "x"}, headers=liaison)
    assert missing.status_code == 404
    observer = client.post("/incidents/1/comments", json={"text": "x"},
                           headers=world.headers("observer"))  # fmt: skip
    assert observer.status_code == 403
    assert client.get("/audit/verify", headers=liaison).json()["ok"] is True
