"""Claims: which allegations attach to which observed incident, idempotent and audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from ceasefire.audit.integrity import verify_store
from ceasefire.audit.log import verify_chain
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.claim_models import IncidentClaimRow
from ceasefire.events.claims import accused_of, attach_claims, best_match, match
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.models import EventRow
from ceasefire.events.record import EventRecord
from ceasefire.sources.ingest import ingest_file

DAY = date(2017, 1, 20)


def incident(**kw: object) -> IncidentRow:
    values: dict[str, object] = {
        "id": 1, "allegation": False, "date_from": DAY, "date_to": DAY, "country": "Syria",
        "admin1": "Idleb", "location": "Khan Sheikhoun", "latitude": 35.4383,
        "longitude": 36.6517,
    }  # fmt: skip
    return IncidentRow(**{**values, **kw})


def claim(**kw: object) -> EventRow:
    values: dict[str, object] = {
        "id": 10, "event_date": DAY, "modality": "alleged", "country": "Syria",
        "admin1": "Idleb", "location": "Khan Sheikhoun", "latitude": 35.4383,
        "longitude": 36.6517, "geo_precision": 1, "actor1": "", "actor2": "", "claimant": "",
    }  # fmt: skip
    return EventRow(**{**values, **kw})


@pytest.mark.parametrize(
    ("why", "event", "target", "expected"),
    [
        ("same place, same day", {}, {}, (0.0, 0)),
        ("the day after", {"event_date": date(2017, 1, 21)}, {}, (0.0, 1)),
        ("the day before a two-day incident", {"event_date": date(2017, 1, 19)},
         {"date_to": date(2017, 1, 21)}, (0.0, 1)),
        ("two days after", {"event_date": date(2017, 1, 22)}, {}, None),
        ("1.7 km away, another name", {"latitude": 35.4536, "location": "Tell Aas"}, {},
         (1.701, 0)),
        ("2.8 km away, another name", {"latitude": 35.4636, "location": "Tell Aas"}, {}, None),
        ("2.8 km away, the same name", {"latitude": 35.4636}, {}, (2.813, 0)),
        ("12 km away, the same name", {"latitude": 35.5483}, {}, None),
        ("located only to the district", {"geo_precision": 2}, {}, None),
        ("located only to the province", {"geo_precision": 3}, {}, None),
        ("located to the country", {"admin1": "", "location": "Syria"}, {}, None),
        ("another country", {"country": "Turkey"}, {}, None),
        ("no coordinates, same name and admin1", {"latitude": None, "longitude": None}, {},
         (None, 0)),
        ("no coordinates, same name, other admin1",
         {"latitude": None, "longitude": None, "admin1": "Hama"}, {}, None),
        ("no coordinates, other name", {"latitude": None, "longitude": None,
                                        "location": "Tell Aas"}, {}, None),
        ("onto an allegation", {}, {"allegation": True}, None),
    ],
)  # fmt: skip
def test_match(
    why: str, event: dict[str, object], target: dict[str, object], expected: object
) -> None:
    found = match(claim(**event), incident(**target))
    assert (None if found is None else (found.distance_km, found.day_gap)) == expected, why


def test_the_nearest_incident_wins_then_the_closer_day_then_the_lower_id() -> None:
    far = incident(id=1, latitude=35.4483)
    near = incident(id=2)
    later = incident(id=3, date_from=date(2017, 1, 21), date_to=date(2017, 1, 21))
    twin = incident(id=4)
    assert best_match(claim(), [far, later, twin, near]) is not None
    assert best_match(claim(), [far, later, twin, near]).incident_id == 2  # type: ignore[union-attr]
    assert best_match(claim(), [far, later]).incident_id == 3  # type: ignore[union-attr]
    assert best_match(claim(), []) is None


@pytest.mark.parametrize(
    ("actor1", "actor2", "claimant", "accused"),
    [
        ("Military Forces of Syria (2000-)", "", "Opposition Rebels (Syria)",
         "Military Forces of Syria (2000-)"),  # the coder: the accused acts, X claims it
        ("Government of Syria (2000-)", "Opposition Rebels (Syria)",
         "Government of Syria (2000-)", "Opposition Rebels (Syria)"),  # ACLED-style ACCUSE
        ("government of syria (2000-)", "Opposition Rebels (Syria)",
         "Government of Syria (2000-)", "Opposition Rebels (Syria)"),  # names folded
        ("Military Forces of Syria (2000-)", "Civilians (Syria)", "",
         "Military Forces of Syria (2000-)"),  # no claimant named
        ("", "Opposition Rebels (Syria)", "", "Opposition Rebels (Syria)"),
        ("", "", "SANA", ""),
    ],
)  # fmt: skip
def test_accused(actor1: str, actor2: str, claimant: str, accused: str) -> None:
    assert accused_of(claim(actor1=actor1, actor2=actor2, claimant=claimant)) == accused


def links(engine: Engine) -> dict[str, str]:
    """Claim event id_cnty -> the first member id_cnty of the incident it is attached to."""
    with session_factory(engine)() as session:
        rows = session.execute(
            select(EventRow.event_id_cnty, IncidentClaimRow.incident_id).join(
                IncidentClaimRow, IncidentClaimRow.event_id == EventRow.id
            )
        ).tuples()
        return {
            cnty: str(session.get_one(IncidentRow, inc).location) + f"#{inc}" for cnty, inc in rows
        }


def audit_actions(engine: Engine) -> list[str]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(AuditEntryRow.action).order_by(AuditEntryRow.seq)))


def test_fusion_attaches_claims_once_and_audits_it(engine: Engine, structured: Path) -> None:
    ingest_file(engine, structured / "khan-sheikhoun.jsonl", actor="test")
    with transaction(engine) as session:
        done = fuse(session, actor="test")
    assert done.claims_changed == 2
    assert links(engine) == {"CF-T-02": "Khan Sheikhoun#2", "CF-T-03": "Khan Sheikhoun#2"}
    assert audit_actions(engine) == ["ingest", "fusion.run", "claims.attach"]
    with session_factory(engine)() as session:
        entry = session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.action == "claims.attach")
        ).one()
        assert json.loads(entry.detail) == {
            "rule": "rule:claims/1", "claims": {"2": 2, "3": 2}, "attached": 2, "moved": 0,
            "detached": 0,
        }  # fmt: skip
    with transaction(engine) as session:
        again = attach_claims(session, actor="test")
        assert (again.attached, again.moved, again.detached) == (0, 0, 0)
        assert fuse(session, actor="test").claims_changed == 0
    assert audit_actions(engine) == ["ingest", "fusion.run", "claims.attach"]


def test_a_nearer_incident_fused_later_takes_the_claim(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    ingest_file(engine, structured / "khan-sheikhoun.jsonl", actor="test")
    with transaction(engine) as session:
        fuse(session, actor="test")
    nearer = EventRecord(
        event_id_cnty="CF-T-08", event_date=date(2017, 1, 21),
        event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Syria)", actor2="Civilians (Syria)", country="Syria",
        admin1="Idleb", location="Khan Sheikhoun", latitude=35.445, longitude=36.647,
        geo_precision=1, source="SOHR",
    )  # fmt: skip
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps(nearer.to_json_dict()) + "\n", encoding="utf-8")
    ingest_file(engine, path, actor="test")
    with transaction(engine) as session:
        done = fuse(session, actor="test")
    assert (done.incidents_created, done.claims_changed) == (1, 1)
    assert links(engine) == {"CF-T-02": "Khan Sheikhoun#2", "CF-T-03": "Khan Sheikhoun#8"}
    with session_factory(engine)() as session:
        entry = session.scalars(
            select(AuditEntryRow).order_by(AuditEntryRow.seq.desc()).limit(1)
        ).one()
        assert (entry.action, json.loads(entry.detail)["claims"]) == ("claims.attach", {"3": 8})
        assert json.loads(entry.detail)["moved"] == 1
        assert verify_chain(session)[1] is None


@pytest.mark.parametrize(
    ("tamper", "found"),
    [
        ("UPDATE incident_claims SET incident_id = 5 WHERE event_id = 3",
         "audit entry 3, claim of event 3: it was changed after its audit entry"),
        ("DELETE FROM incident_claims WHERE event_id = 2",
         "audit entry 3, claim of event 2: it was removed after its audit entry"),
        ("INSERT INTO incident_claims (event_id, incident_id, rule, day_gap, linked_at) "
         "VALUES (7, 2, 'rule:claims/1', 0, '2017-01-26')",
         "no audit entry, claim of event 7: no audit entry wrote it"),
    ],
)  # fmt: skip
def test_audit_verify_catches_a_tampered_claim(
    engine: Engine, structured: Path, tamper: str, found: str
) -> None:
    ingest_file(engine, structured / "khan-sheikhoun.jsonl", actor="test")
    with transaction(engine) as session:
        fuse(session, actor="test")
    with session_factory(engine)() as session:
        assert verify_store(session).problems == []
    with engine.begin() as conn:
        conn.execute(text(tamper))
    with session_factory(engine)() as session:
        assert [str(p) for p in verify_store(session).problems] == [found]
