"""A store with incidents under review, members' keys and signed votes, for the audit tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.audit import crypto
from ceasefire.audit import log as audit
from ceasefire.audit.keys import new_key
from ceasefire.audit.signatures import sign_vote
from ceasefire.db.engine import transaction
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord, hash_content
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.review_models import VoteRow
from ceasefire.verification.votes import vote
from ceasefire.verification.workflow import transition

STRIKES = [
    EventRecord(
        event_date=datetime(2017, 1, day, tzinfo=UTC).date(),
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        actor1="Military Forces of Syria (2000-)", actor2="Opposition Rebels (Syria)",
        country="Syria", location=place, latitude=lat, longitude=lon, source="SOHR",
    )
    for day, place, lat, lon in ((9, "Douma", 33.5715, 36.404), (12, "Aleppo", 36.2021, 37.1343))
]  # fmt: skip


def make_world(engine: Engine, tmp_path: Path) -> dict[str, UserRow]:
    """Astana; incidents 1 and 2 under review (Russia and Turkey vote); users ru, tr, un."""
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e.to_json_dict()) + "\n" for e in STRIKES))
    ingest_file(engine, events, actor="test")
    with transaction(engine) as session:
        fuse(session)
        users = {
            name: create_user(session=session, name=name, role=role, organisation=org)[0]
            for name, role, org in (("ru", "monitor", "Russia"), ("tr", "monitor", "Turkey"),
                                    ("un", "admin", "United Nations"))
        }  # fmt: skip
        for incident in (1, 2):
            transition(session=session, incident_id=incident, to="under_review",
                       user=users["un"], reason="open", agreement_id="astana-2017")  # fmt: skip
    return users


def register(engine: Engine, org: str) -> crypto.PrivateKey:
    with transaction(engine) as session:
        return new_key(session, organisation=org, actor="admin")[0]


def cast(
    engine: Engine, users: dict[str, UserRow], who: str, *, incident: int = 1,
    key: crypto.PrivateKey | None = None, signed: str = "verified", time: str | None = None,
    choice: str = "verified",
) -> VoteRow:  # fmt: skip
    signature = signed_at = None
    if key is not None:
        signature, signed_at = sign_vote(key, incident=incident, round=1, outcome=signed,
                                         rationale="Two sources", evidence=["https://e.org/1"],
                                         time=time)  # fmt: skip
    with transaction(engine) as session:
        return vote(session=session, incident_id=incident, user=users[who], choice=choice,
                    rationale="Two sources ", evidence=["https://e.org/1"], signature=signature,
                    signed_at=signed_at)[0]  # fmt: skip


def rewrite_vote(engine: Engine, vote_id: int, choice: str) -> None:
    """A dishonest operator: change the vote, its audit entry's content hash, and every hash."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE votes SET choice = :c WHERE id = :i"), {"c": choice, "i": vote_id}
        )
        v = conn.execute(text("SELECT * FROM votes WHERE id = :i"), {"i": vote_id}).mappings().one()
        user = conn.execute(
            text("SELECT name FROM users WHERE id = :i"), {"i": v["user_id"]}
        ).scalar()
        content = hash_content([v["incident_id"], v["round"], v["member"], user, v["choice"],
                                v["rationale"], json.loads(v["evidence"])])  # fmt: skip
        conn.execute(
            text("UPDATE audit_entries SET content_hash = :h, detail = replace(detail, "
                 "'\"verified\"', :d) WHERE record_type = 'vote' AND record_id = :i"),
            {"h": content, "d": json.dumps(choice), "i": str(vote_id)},
        )  # fmt: skip
        rows = conn.execute(text("SELECT * FROM audit_entries ORDER BY seq")).mappings().all()
        prev = audit.GENESIS_HASH
        for row in rows:
            fields = {k: row[k] for k in ("seq", "at", "actor", "action", "record_type",
                                          "record_id", "content_hash", "detail")}  # fmt: skip
            new = audit.entry_hash(**fields, prev_hash=prev)
            conn.execute(text("UPDATE audit_entries SET prev_hash = :p, entry_hash = :h "
                              "WHERE id = :i"), {"p": prev, "h": new, "i": row["id"]})  # fmt: skip
            prev = new
