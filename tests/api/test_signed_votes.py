"""The vote route over a real uvicorn server: once Russia has a key, an unsigned or badly
signed vote is refused with 400 and nothing is stored; a signed one is stored with its signature."""

from __future__ import annotations

from pathlib import Path

import httpx

from ceasefire.audit.integrity import verify_store
from ceasefire.audit.keys import new_key
from ceasefire.audit.signatures import sign_vote
from ceasefire.db.engine import session_factory, transaction
from ceasefire.db.store import open_store

from .conftest import seed
from .live_server import serve

VOTE = {"choice": "verified", "rationale": "SOHR and video", "evidence": ["https://x.org/1"]}


def test_signed_votes_over_http(db_url: str, tmp_path: Path) -> None:
    world = seed(db_url, tmp_path)
    engine = open_store(world.url)
    with transaction(engine) as session:
        key = new_key(session, organisation="Russia", actor="admin")[0]
    with serve(world.url) as base, httpx.Client(base_url=base, timeout=30) as http:
        opened = http.post(
            "/incidents/1/transitions", headers=world.headers("monitor"),
            json={"to": "under_review", "reason": "two sources", "agreement": "astana-2017"},
        )  # fmt: skip
        assert opened.status_code == 200, opened.text
        entries = http.get("/audit", headers=world.headers("admin")).json()["total"]
        signature, time = sign_vote(
            key, incident=1, round=1, outcome="verified", rationale="SOHR and video",
            evidence=["https://x.org/1"],
        )  # fmt: skip
        refused = [
            http.post("/incidents/1/votes", json=body, headers=world.headers("monitor"))
            for body in (
                VOTE,  # unsigned
                {**VOTE, "signature": signature, "time": time, "choice": "not_verified"},
                {**VOTE, "signature": "AAAA", "time": time},
            )
        ]
        assert [(r.status_code, r.json()["error"]["code"]) for r in refused] == [
            (400, "bad_signature")] * 3  # fmt: skip
        assert "must be signed" in refused[0].json()["error"]["message"]
        assert "does not verify under Russia's key" in refused[1].json()["error"]["message"]
        votes = http.get("/incidents/1/votes", headers=world.headers("observer")).json()
        assert votes["votes"] == []
        assert http.get("/audit", headers=world.headers("admin")).json()["total"] == entries
        cast = http.post("/incidents/1/votes", headers=world.headers("monitor"),
                         json={**VOTE, "signature": signature, "time": time})  # fmt: skip
        assert cast.status_code == 200, cast.text
        assert (cast.json()["vote"]["signature"], cast.json()["vote"]["signed_at"]) == (
            signature, time)  # fmt: skip
        turkey = http.post("/incidents/1/votes", json=VOTE, headers=world.headers("admin"))
        assert turkey.json()["status"] == "verified"  # Turkey has no key: unsigned is fine
    with session_factory(engine)() as session:
        assert verify_store(session).ok
    engine.dispose()
