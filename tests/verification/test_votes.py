"""Votes of the verification body: membership at the incident's date, quorum, dissent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents, is_verified_violation, list_incidents
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.errors import ConflictError, InputError, PermissionDeniedError
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.votes import decide, list_votes, tally, vote
from ceasefire.verification.workflow import transition

RU, TR, IR = "Russia", "Turkey", "Iran"


@pytest.mark.parametrize(
    ("eligible", "needed", "votes", "outcome"),
    [
        ([RU, TR, IR], 3, {}, None),
        ([RU, TR, IR], 3, {RU: "verified", TR: "verified"}, None),
        ([RU, TR, IR], 3, {RU: "verified", TR: "verified", IR: "verified"}, "verified"),
        ([RU, TR, IR], 3, {RU: "verified", IR: "not_verified"}, "disputed"),
        ([RU, TR, IR], 3, {RU: "abstain"}, "disputed"),
        (
            [RU, TR, IR],
            3,
            {RU: "not_verified", TR: "not_verified", IR: "not_verified"},
            "not_verified",
        ),
        ([RU, TR], 2, {RU: "verified", TR: "verified"}, "verified"),
        ([RU, TR, IR], 2, {RU: "verified", TR: "verified"}, "verified"),  # majority of 3
        ([RU, TR, IR], 2, {RU: "verified", TR: "not_verified"}, None),  # Iran decides
        ([RU, TR, IR], 2, {RU: "verified", TR: "not_verified", IR: "abstain"}, "disputed"),
        ([RU, TR, IR, "UN"], 2, {RU: "not_verified", TR: "not_verified"}, "not_verified"),  # 2 of 4
    ],
)
def test_decide(
    eligible: list[str], needed: int, votes: dict[str, str], outcome: str | None
) -> None:
    assert decide(eligible, needed, votes) == outcome


BEFORE_IRAN = EventRecord(
    event_date=date(2017, 1, 9), event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike", actor1="Military Forces of Syria (2000-)",
    actor2="Opposition Rebels (Syria)", country="Syria", location="Douma",
    latitude=33.5715, longitude=36.404, source="SOHR",
)  # fmt: skip
AFTER_IRAN = replace(BEFORE_IRAN, event_date=date(2017, 2, 8), location="Al Waer",
                     latitude=34.745, longitude=36.665)  # fmt: skip
ALLEGATION = replace(
    AFTER_IRAN, event_type="Strategic developments", sub_event_type="Other",
    actor1="Opposition Rebels (Syria)", actor2="Military Forces of Syria (2000-)",
    modality="alleged", claimant="Opposition Rebels (Syria)", plover_code="ACCUSE",
)  # fmt: skip


IRAN_ACCUSED = replace(AFTER_IRAN, event_date=date(2017, 2, 10), location="Harasta",
                       latitude=33.5586, longitude=36.365,
                       assoc_actor_1="Military Forces of Iran (1989-)")  # fmt: skip
RUSSIA_STRIKE = replace(AFTER_IRAN, event_date=date(2017, 2, 12), location="Dar'a",
                        latitude=32.6189, longitude=36.1021,
                        actor1="Military Forces of Russia (2000-)")  # fmt: skip
AFTER_END = replace(AFTER_IRAN, event_date=date(2020, 3, 10), location="Saraqib",
                    latitude=35.8625, longitude=36.8053)  # fmt: skip
EXTRA = (IRAN_ACCUSED, RUSSIA_STRIKE, AFTER_END)  # events 4, 5, 6


def make_world(tmp: Path, quorum: str = "unanimous") -> tuple[Engine, dict[str, UserRow]]:
    url = f"sqlite:///{tmp}/t.db"
    init_store(url)
    engine = open_store(url)
    text = (scenario_dir("astana-2017") / "agreement.yaml").read_text()
    agreement = tmp / "agreement.yaml"
    agreement.write_text(text.replace("quorum: unanimous", f"quorum: {quorum}"))
    store_agreement(engine, agreement, actor="test")
    events = tmp / "events.jsonl"
    records = (BEFORE_IRAN, AFTER_IRAN, ALLEGATION, *EXTRA)
    events.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    ingest_file(engine, events, actor="test")
    with transaction(engine) as session:
        fuse(session)
        assess_incidents(session, agreement_id="astana-2017")
        users = {
            name: create_user(session=session, name=name, role=role, organisation=org)[0]
            for name, role, org in (
                ("ru", "monitor", RU), ("tr", "monitor", TR), ("ir", "monitor", IR),
                ("un", "admin", "United Nations"), ("sy", "party_liaison", "Syria"),
                ("obs", "observer", RU),
            )
        }  # fmt: skip
    return engine, users


def incident_of(engine: Engine, event_id: int) -> int:
    with transaction(engine) as session:
        return session.get_one(IncidentEventRow, event_id).incident_id


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Engine, dict[str, UserRow]]]:
    engine, users = make_world(tmp_path)
    yield engine, users
    engine.dispose()


def open_review(engine: Engine, users: dict[str, UserRow], incident: int) -> None:
    with transaction(engine) as session:
        transition(session=session, incident_id=incident, to="under_review", user=users["un"],
                   reason="open", agreement_id="astana-2017")  # fmt: skip


def cast(engine: Engine, users: dict[str, UserRow], incident: int, who: str, choice: str) -> str:
    with transaction(engine) as session:
        return vote(
            session=session,
            incident_id=incident,
            user=users[who],
            choice=choice,
            rationale=f"{who} says {choice}",
            evidence=["https://example.org/e"],
        )[2]


def test_iran_does_not_vote_before_it_joined(world: tuple[Engine, dict[str, UserRow]]) -> None:
    engine, users = world
    inc = incident_of(engine, 1)
    open_review(engine, users, inc)
    with transaction(engine) as session:
        now = tally(session, session.get_one(IncidentRow, inc))
        assert (now.eligible, now.needed) == ([RU, TR], 2)
        assert now.describe() == (
            "quorum unanimous (assumed): 2 of 2 voting members (Russia, Turkey); Iran not a "
            "member of the verification body on 2017-01-09; it joined on 2017-01-24"
        )
    refused = (
        "Iran does not vote on incident 1: not a member of the verification body on 2017-01-09"
    )
    with pytest.raises(PermissionDeniedError, match=refused):
        cast(engine, users, inc, "ir", "verified")
    assert cast(engine, users, inc, "ru", "verified") == "under_review"
    assert cast(engine, users, inc, "tr", "verified") == "verified"
    # Regression: after the decision Iran was told "incident 1 is verified, not under review".
    with pytest.raises(PermissionDeniedError, match=refused):
        cast(engine, users, inc, "ir", "verified")


def test_one_dissent_under_unanimity_is_disputed_and_kept(
    world: tuple[Engine, dict[str, UserRow]],
) -> None:
    engine, users = world
    inc = incident_of(engine, 2)
    open_review(engine, users, inc)
    assert cast(engine, users, inc, "ru", "verified") == "under_review"
    assert cast(engine, users, inc, "ir", "not_verified") == "disputed"
    with transaction(engine) as session:
        votes = list_votes(session, inc)
        assert [(v.member, v.choice, v.rationale) for v in votes] == [
            (RU, "verified", "ru says verified"), (IR, "not_verified", "ir says not_verified"),
        ]  # fmt: skip
        assert json.loads(votes[1].evidence) == ["https://example.org/e"]
        assert verify_store(session).ok


def test_majority_quorum_decides_on_two_of_three(tmp_path: Path) -> None:
    engine, users = make_world(tmp_path, quorum="majority")
    inc = incident_of(engine, 2)
    open_review(engine, users, inc)
    assert cast(engine, users, inc, "ir", "not_verified") == "under_review"
    assert cast(engine, users, inc, "tr", "not_verified") == "not_verified"
    engine.dispose()


@pytest.mark.parametrize(
    ("who", "choice", "rationale", "error", "match"),
    [
        ("sy", "verified", "r", PermissionDeniedError, "may not vote"),
        ("obs", "verified", "r", PermissionDeniedError, "may not vote"),
        ("un", "verified", "r", PermissionDeniedError, "does not belong to a member"),
        ("ru", "maybe", "r", InputError, "unknown choice"),
        ("ru", "verified", "  ", InputError, "rationale is required"),
    ],
)
def test_who_may_vote_and_how(
    world: tuple[Engine, dict[str, UserRow]],
    who: str, choice: str, rationale: str, error: type[Exception], match: str,
) -> None:  # fmt: skip
    engine, users = world
    inc = incident_of(engine, 2)
    open_review(engine, users, inc)
    with transaction(engine) as session, pytest.raises(error, match=match):
        vote(session=session, incident_id=inc, user=users[who], choice=choice,
             rationale=rationale)  # fmt: skip


def test_a_member_votes_once_and_only_under_review(
    world: tuple[Engine, dict[str, UserRow]],
) -> None:
    engine, users = world
    inc = incident_of(engine, 2)
    with pytest.raises(ConflictError, match="not under review"):
        cast(engine, users, inc, "ru", "verified")
    open_review(engine, users, inc)
    cast(engine, users, inc, "ru", "verified")
    with pytest.raises(ConflictError, match="already voted"):
        cast(engine, users, inc, "ru", "abstain")


def test_an_allegation_opens_a_review_but_is_never_a_verified_violation(
    world: tuple[Engine, dict[str, UserRow]],
) -> None:
    engine, users = world
    inc = incident_of(engine, 3)
    for who in ("ru", "tr", "ir"):
        cast(engine, users, inc, who, "verified")
    with transaction(engine) as session:
        lines = {line.incident.id: line for line in list_incidents(session,
                 agreement_id="astana-2017")}  # fmt: skip
        line = lines[inc]
        assert (line.incident.status, line.incident.allegation) == ("verified", True)
        assert line.assessment is not None and line.assessment.verdict == "undetermined"
        assert not is_verified_violation(line)


@pytest.mark.parametrize(
    ("event", "absent", "voters", "why"),
    [
        (4, {IR: "recuses: its own forces or a listed affiliate (Military Forces of Iran (1989-)) "
                 "are the accused"}, [RU, TR],
         "Iran's forces fought alongside the army: Iran does not judge it"),
        (5, {RU: "recuses: its own forces or a listed affiliate (Military Forces of Russia "
                 "(2000-)) are the accused"}, [TR, IR],
         "a Russian strike: Russia does not judge it"),
        (2, {}, [RU, TR, IR], "the army alone: all three vote"),
    ],
)  # fmt: skip
def test_a_member_whose_forces_are_accused_recuses(
    world: tuple[Engine, dict[str, UserRow]], event: int, absent: dict[str, str],
    voters: list[str], why: str,
) -> None:  # fmt: skip
    engine, users = world
    inc = incident_of(engine, event)
    open_review(engine, users, inc)
    with transaction(engine) as session:
        now = tally(session, session.get_one(IncidentRow, inc))
        assert (now.absent, now.eligible, now.needed) == (absent, voters, len(voters)), why
    for member in absent:
        who = {RU: "ru", TR: "tr", IR: "ir"}[member]
        with pytest.raises(PermissionDeniedError, match=f"{member} does not vote on incident"):
            cast(engine, users, inc, who, "verified")
    statuses = [cast(engine, users, inc, {RU: "ru", TR: "tr", IR: "ir"}[m], "verified")
                for m in voters]  # fmt: skip
    assert statuses[-1] == "verified"


def test_a_late_vote_is_recorded_and_does_not_change_the_outcome(tmp_path: Path) -> None:
    engine, users = make_world(tmp_path, quorum="majority")
    inc = incident_of(engine, 2)
    open_review(engine, users, inc)
    assert cast(engine, users, inc, "ru", "verified") == "under_review"
    assert cast(engine, users, inc, "tr", "verified") == "verified"
    # Iran votes after the majority decided: kept in round 1, outcome unchanged.
    assert cast(engine, users, inc, "ir", "not_verified") == "verified"
    with transaction(engine) as session:
        incident = session.get_one(IncidentRow, inc)
        votes = list_votes(session, inc)
        assert [(v.round, v.member, v.choice) for v in votes] == [
            (1, RU, "verified"), (1, TR, "verified"), (1, IR, "not_verified"),
        ]  # fmt: skip
        now = tally(session, incident)
        assert (now.late, now.outcome, incident.status) == ([IR], "verified", "verified")
        assert now.describe().endswith("; voted after the decision: Iran")
        assert verify_store(session).ok
    with pytest.raises(ConflictError, match="Iran already voted on incident 2 in round 1"):
        cast(engine, users, inc, "ir", "verified")
    engine.dispose()


def test_no_review_under_an_agreement_not_in_force_then(
    world: tuple[Engine, dict[str, UserRow]],
) -> None:
    engine, users = world
    inc = incident_of(engine, 6)
    with pytest.raises(ConflictError) as caught:
        open_review(engine, users, inc)
    assert str(caught.value.args[0]) == (
        f"agreement astana-2017 was not in force on incident {inc}'s dates (2020-03-10); it was "
        "in force from 2016-12-30 until 2017-05-06"
    )
    assert "No stored agreement was in force then" in (caught.value.hint or "")
    with transaction(engine) as session:
        assert session.get_one(IncidentRow, inc).status == "reported"
