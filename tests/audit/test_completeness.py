"""``audit verify`` re-derives the state from the log: the edits a dishonest operator would make
directly in the database (issue 13), each caught and named (table, id, field)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest
from sqlalchemy import Engine, select, text

from ceasefire.accounts.service import get_user
from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.demo import run_decisions_demo
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.incident_models import IncidentEventRow
from ceasefire.events.incidents import split_event
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.coding_queue import queue_documents
from ceasefire.sources.document_ingest import ingest_texts
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.text import parse_text
from ceasefire.verification.comments import comment

CODED = (
    "Title: Douma shelled\nDate: 2017-01-03\nURL: https://example.org/douma\n\n"
    "Government forces shelled Douma on Monday, killing two civilians."
)
QUEUED = "Title: Idlib\nURL: https://example.org/idlib\n\nRebels shelled Idlib on Friday."


@pytest.fixture
def store(engine: Engine) -> Engine:
    """The decisions demo (votes, a dissent, verified and disputed incidents), a comment, a split
    incident, a coded text and a queued one."""
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml")
    ingest_file(engine, folder / "reports.jsonl")
    run_decisions_demo(engine, "astana-2017")
    ingest_texts(engine, [parse_text(CODED, source="wire")])
    queue_documents(engine, [parse_text(QUEUED, source="wire")])
    with transaction(engine) as session:
        user = get_user(session, "demo-un")
        comment(session=session, incident_id=6, user=user, text="Two sources agree.")
        pairs = session.execute(
            text(
                "SELECT i.id, MAX(m.event_id) FROM incidents i JOIN incident_events m "
                "ON m.incident_id = i.id WHERE i.status = 'reported' GROUP BY i.id "
                "HAVING COUNT(*) > 1 ORDER BY i.id"
            )
        ).all()
        split_event(session=session, event_id=pairs[0][1], user=user, reason="two villages")
    return engine


def problems(engine: Engine) -> list[str]:
    with session_factory(engine)() as session:
        return [str(p) for p in verify_store(session).problems]


def edit(engine: Engine, statements: Sequence[str]) -> None:
    """Change the store as its operator could: sqlite3 on the file (foreign keys off, as in the
    sqlite3 tool), or psql with the triggers that enforce foreign keys off."""
    if engine.dialect.name == "sqlite":
        conn = sqlite3.connect(str(engine.url.database))
        with conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()
        return
    with engine.begin() as pg:
        pg.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for statement in statements:
            pg.execute(text(statement))


def test_a_good_store_verifies(store: Engine) -> None:
    assert problems(store) == []
    with session_factory(store)() as session:
        report = verify_store(session)
    assert report.checked["comment"] == 1


SPLIT = "(SELECT MIN(id) FROM fusion_overrides)"
DOC = "(SELECT id FROM documents WHERE title = 'Douma shelled')"
CODED_EVENT = "(SELECT MIN(id) FROM events WHERE document_id IS NOT NULL)"

EDITS = [
    ("all votes", ["DELETE FROM votes"],
     "audit entry 14, vote 1 (table votes, id 1): it is missing"),
    ("the dissenting vote", ["DELETE FROM votes WHERE member = 'Iran' AND incident_id = 30"],
     "vote 5 (table votes, id 5): it is missing"),
    ("all assessments", ["DELETE FROM assessments"],
     "assessment 1 (table assessments, id 1): it is missing"),
    ("an incident and its members",
     ["DELETE FROM assessments WHERE incident_id = 33",
      "DELETE FROM incident_claims WHERE incident_id = 33",
      "DELETE FROM incident_events WHERE incident_id = 33", "DELETE FROM incidents WHERE id = 33"],
     "incident 33 (table incidents, id 33): it is missing"),
    ("all incidents",
     ["DELETE FROM votes", "DELETE FROM comments", "DELETE FROM assessments",
      "DELETE FROM incident_claims", "DELETE FROM incident_events", "DELETE FROM incidents"],
     "incident 1 (table incidents, id 1): it is missing"),
    ("comments", ["DELETE FROM comments"], "comment 1 (table comments, id 1): it is missing"),
    ("an agreement", ["DELETE FROM agreements"],
     "agreement 'astana-2017' (table agreements): it is missing"),
    ("a user", ["DELETE FROM users WHERE name = 'demo-un'"],
     "user 4 (table users, id 4): it is missing"),
    ("verified reset to reported",
     ["UPDATE incidents SET status = 'reported', review_round = 0, review_agreement_id = NULL,"
      " decided_at = NULL, status_changed_at = NULL WHERE id = 6"],
     "incident 6 (table incidents, field status): it is 'reported' but its audited "
     "transitions leave it 'verified'"),
    ("a forged split",
     ["INSERT INTO fusion_overrides (kind, event_a, event_b, \"user\", reason, created_at) "
      "VALUES ('split', 1, 2, 'demo-un', 'forged', '2017-01-05T00:00:00+00:00')"],
     "no audit entry, fusion override 2 (table fusion_overrides, events 1-2): no audit entry "
     "wrote it"),
    ("a split removed", [f"DELETE FROM fusion_overrides WHERE id = {SPLIT}"],
     "(table fusion_overrides): it is missing"),
    ("a split's reason", [f"UPDATE fusion_overrides SET reason = 'x' WHERE id = {SPLIT}"],
     "field reason was changed"),
    ("events.source_line", ["UPDATE events SET source_line = source_line + 1 WHERE id = 3"],
     "batch 1 (table events, field source_line): events.source_line was changed after its "
     "audit entry sealed it"),
    ("events.document_id",
     [f"UPDATE events SET document_id = NULL WHERE id = {CODED_EVENT}"],
     "(table events, field document_id)"),
    ("documents.title", [f"UPDATE documents SET title = 'Aleppo' WHERE id = {DOC}"],
     "(table documents, field title)"),
    ("documents.url", [f"UPDATE documents SET url = 'https://x.org' WHERE id = {DOC}"],
     "(table documents, field url)"),
    ("documents.published_at",
     [f"UPDATE documents SET published_at = '2017-01-09 00:00:00' WHERE id = {DOC}"],
     "(table documents, field published_at)"),
    ("batches.actor", ["UPDATE batches SET actor = 'someone' WHERE id = 1"],
     "batch 1 (table batches, field actor)"),
    ("batches.source_path", ["UPDATE batches SET source_path = 'other.jsonl' WHERE id = 1"],
     "batch 1 (table batches, field source_path)"),
    # the registry ids assessment decides on (an excluded group's id makes a strike on it no
    # violation): an incident's are re-derived from its events, an event's are sealed
    ("incidents.actor2_id",
     ["UPDATE incidents SET actor2_id = '[\"islamic-state\"]' WHERE id = 6"],
     "incident 6: column 'actor2_id' does not match its events"),
    ("incident_events.added_by",
     ["UPDATE incident_events SET added_by = 'user:demo-un' WHERE incident_id = 33"],
     "incident 33 (table incident_events, field added_by)"),
    ("incidents.decided_at",
     ["UPDATE incidents SET decided_at = '2017-02-01T00:00:00+00:00' WHERE id = 6"],
     "incident 6 (table incidents, field decided_at)"),
    ("incidents.decided_at of an open one",
     ["UPDATE incidents SET decided_at = status_changed_at WHERE id = 10"],
     "incident 10 (table incidents, field decided_at)"),
    ("incidents.status_changed_at",
     ["UPDATE incidents SET status_changed_at = '2017-02-01T00:00:00+00:00', "
      "decided_at = '2017-02-01T00:00:00+00:00' WHERE id = 6"],
     "incident 6 (table incidents, field status_changed_at)"),
    ("votes.cast_at", ["UPDATE votes SET cast_at = '2017-01-01T00:00:00+00:00' WHERE id = 2"],
     "vote 2 (table votes, field cast_at)"),
    ("users.created_by", ["UPDATE users SET created_by = 'x' WHERE id = 2"],
     "user 2 (table users, field created_by)"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "statements", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_is_caught_and_named(
    store: Engine, what: str, statements: list[str], expected: str
) -> None:
    edit(store, statements)
    found = problems(store)
    assert found and expected in found[0], (what, found)


def test_an_events_actor_ids_are_sealed_in_or_out_of_an_incident(store: Engine) -> None:
    with session_factory(store)() as session:
        lone = session.scalar(
            text(
                "SELECT MIN(e.id) FROM events e WHERE NOT EXISTS "
                "(SELECT 1 FROM incident_events m WHERE m.event_id = e.id)"
            )
        )
        assert lone is not None  # the coded text is stored after the demo's fusion
        batch = session.scalar(text(f"SELECT batch_id FROM events WHERE id = {lone}"))
    edit(store, [f"UPDATE events SET actor1_id = '[\"islamic-state\"]' WHERE id = {lone}"])
    assert problems(store) == [
        f"audit entry {_entry_of_batch(store, batch)}, batch {batch} (table events, field "
        "actor1_id): events.actor1_id was changed after its audit entry sealed it (changed "
        "behind the tool's back: restore it from a backup)"
    ]


def _entry_of_batch(engine: Engine, batch: int) -> int:
    with session_factory(engine)() as session:
        seq = session.scalar(
            text(
                "SELECT MAX(seq) FROM audit_entries WHERE record_type = 'batch' "
                f"AND record_id = '{batch}'"
            )
        )
    assert seq is not None
    return int(seq)


def test_every_member_keeps_its_adder(store: Engine) -> None:
    with session_factory(store)() as session:
        adders = set(session.scalars(select(IncidentEventRow.added_by)))
    assert adders == {"rule:fusion/2", "user:demo-un"}
