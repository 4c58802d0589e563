"""The review state machine: every (from, to) pair, for every kind of actor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import ROLES
from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.workflow import STATES, TRANSITIONS, may_transition, transition

#: Written out independently of TRANSITIONS: who may make each allowed move.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("reported", "under_review"): {"admin", "monitor", "system"},
    ("under_review", "reported"): {"admin"},
    ("under_review", "verified"): {"system"},
    ("under_review", "not_verified"): {"system"},
    ("under_review", "disputed"): {"system"},
    ("disputed", "under_review"): {"admin", "monitor"},
    ("verified", "under_review"): {"admin"},
    ("not_verified", "under_review"): {"admin"},
}
PAIRS = [(a, b) for a in STATES for b in STATES]
WHO = (*ROLES, "system")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_transition_table(source: str, target: str, who: str) -> None:
    assert may_transition(who, source, target) == (who in EXPECTED.get((source, target), set()))


def test_table_lists_only_known_states() -> None:
    assert set(TRANSITIONS) == set(EXPECTED)


STRIKE = EventRecord(
    event_date=date(2017, 1, 9), event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike", actor1="Military Forces of Syria (2000-)",
    actor2="Opposition Rebels (Syria)", country="Syria", location="Douma",
    latitude=33.5715, longitude=36.404, source="SOHR",
)  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, dict[str, UserRow]]]:
    tmp = tmp_path_factory.mktemp("workflow")
    url = f"sqlite:///{tmp}/t.db"
    init_store(url)
    engine = open_store(url)
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
    path = tmp / "events.jsonl"
    path.write_text(json.dumps(STRIKE.to_json_dict()) + "\n")
    ingest_file(engine, path, actor="test")
    with transaction(engine) as session:
        fuse(session)
        users = {
            role: create_user(session=session, name=role, role=role, organisation="Russia")[0]
            for role in ("admin", "monitor", "party_liaison")
        }
    yield engine, users
    engine.dispose()


def _set(engine: Engine, status: str, agreement: str | None = "astana-2017") -> None:
    with transaction(engine) as session:
        incident = session.get_one(IncidentRow, 1)
        incident.status, incident.review_agreement_id = status, agreement


@pytest.mark.parametrize("who", ["admin", "monitor", "party_liaison", "system"])
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_transition_function_allows_and_denies_every_pair(
    world: tuple[Engine, dict[str, UserRow]], source: str, target: str, who: str
) -> None:
    engine, users = world
    _set(engine, source)
    user = None if who == "system" else users[who]
    with transaction(engine) as session:
        if (source, target) not in EXPECTED:
            with pytest.raises(ConflictError, match=f"cannot move to {target}"):
                transition(session=session, incident_id=1, to=target, user=user, reason="t")
        elif who in EXPECTED[(source, target)]:
            row = transition(session=session, incident_id=1, to=target, user=user, reason="t")
            assert row.status == target
            last = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.seq.desc())).first()
            assert last is not None and last.action == "incident.transition"
            assert json.loads(last.detail)["from"] == source
            assert last.actor == who
        else:
            with pytest.raises(PermissionDeniedError):
                transition(session=session, incident_id=1, to=target, user=user, reason="t")


def test_reopening_starts_a_new_round_and_needs_an_agreement(
    world: tuple[Engine, dict[str, UserRow]],
) -> None:
    engine, users = world
    _set(engine, "reported", agreement=None)
    with transaction(engine) as session:
        with pytest.raises(InputError, match="which agreement"):
            transition(session=session, incident_id=1, to="under_review", user=users["monitor"],
                       reason="open")  # fmt: skip
        with pytest.raises(InputError, match="reason is required"):
            transition(session=session, incident_id=1, to="under_review",
                       user=users["monitor"], reason=" ", agreement_id="astana-2017")  # fmt: skip
        with pytest.raises(InputError, match="unknown state"):
            transition(session=session, incident_id=1, to="closed", user=None, reason="x")
        start = session.get_one(IncidentRow, 1).review_round
        row = transition(
            session=session,
            incident_id=1,
            to="under_review",
            user=users["monitor"],
            reason="open",
            agreement_id="astana-2017",
        )
        assert (row.review_round, row.review_agreement_id) == (start + 1, "astana-2017")
        transition(session=session, incident_id=1, to="disputed", user=None, reason="split")
        assert row.decided_at is not None
        row = transition(session=session, incident_id=1, to="under_review",
                         user=users["monitor"], reason="new round")  # fmt: skip
        assert (row.review_round, row.decided_at) == (start + 2, None)


def test_an_unknown_incident_is_not_found(world: tuple[Engine, dict[str, UserRow]]) -> None:
    engine, _ = world
    with transaction(engine) as session, pytest.raises(NotFoundError, match="no incident 99"):
        transition(session=session, incident_id=99, to="under_review", user=None, reason="x")
