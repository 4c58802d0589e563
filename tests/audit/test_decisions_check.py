"""``audit verify`` over the decisions: incidents, review states, assessments, votes, users."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.demo import run_decisions_demo
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.coding_queue import code_queued, queue_documents
from ceasefire.sources.document_ingest import ingest_texts
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.text import parse_text


@pytest.fixture
def decided(engine: Engine) -> Engine:
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml")
    ingest_file(engine, folder / "reports.jsonl")
    run_decisions_demo(engine, "astana-2017")
    return engine


def problems(engine: Engine) -> list[str]:
    with session_factory(engine)() as session:
        return [str(p) for p in verify_store(session).problems]


def test_decisions_verify_intact(decided: Engine) -> None:
    assert problems(decided) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE incidents SET fatalities = fatalities + 5 WHERE id = 6",
         "incident 6: it was changed after its audit entry"),
        ("UPDATE incidents SET location = 'Elsewhere' WHERE id = 6",
         "incident 6: column 'location' does not match its events"),
        ("UPDATE incidents SET status = 'verified' WHERE id = 30",
         "incident 30: review state: it was changed after its audit entry"),
        ("UPDATE assessments SET verdict = 'no_violation' WHERE incident_id = 6",
         "it was changed after its audit entry"),
        ("UPDATE votes SET choice = 'verified' WHERE member = 'Iran'",
         "it was changed after its audit entry"),
        ("UPDATE users SET role = 'admin' WHERE name = 'demo-un'",
         "it was changed after its audit entry"),
        ("DELETE FROM incident_events WHERE event_id = (SELECT MIN(event_id) FROM incident_events"
         " WHERE incident_id = 33)", "incident 33"),
    ],
)  # fmt: skip
def test_decision_edits_are_caught(decided: Engine, statement: str, expected: str) -> None:
    with decided.begin() as conn:
        conn.execute(text(statement))
    found = problems(decided)
    assert found and expected in found[0], found


def test_incident_inserted_behind_the_tools_back(decided: Engine, tmp_path: Path) -> None:
    with decided.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO incidents (key, allegation, date_from, date_to, country, admin1, "
                "location, event_type, sub_event_type, actor1, actor2, claimant, fatalities, "
                "fatalities_min, fatalities_max, event_count, source_count, sources, "
                "disagreements, status, review_round, created_at, updated_at) VALUES ('x', "
                "false, '2017-01-01', '2017-01-01', 'Syria', '', 'X', 'Battles', '', '', '', '',"
                " 0, 0, 0, 0, 0, '', '{}', 'reported', 0, '', '')"
            )
        )
    found = problems(decided)
    assert found and "no audit entry wrote it" in found[0], found


TEXTS = {
    "sync": "Title: A\n\nGovernment forces shelled Douma on Monday, killing two civilians.",
    "coded": "Title: B\n\nRebels shelled Aleppo on Tuesday, killing three soldiers.",
    "queued": "Title: C\n\nGovernment forces shelled Idlib on Friday, killing four civilians.",
}


@pytest.fixture
def coding(engine: Engine) -> dict[str, str]:
    """One text coded when stored, one queued and coded later, one still queued."""
    docs = {k: parse_text(v, source="test") for k, v in TEXTS.items()}
    ingest_texts(engine, [docs["sync"]])
    queue_documents(engine, [docs["coded"]], reference_date=date(2017, 1, 10))
    assert code_queued(engine).coded == 1
    queue_documents(engine, [docs["queued"]])
    return {k: d.id for k, d in docs.items()}


def test_coding_queue_verifies_intact(engine: Engine, coding: dict[str, str]) -> None:
    assert problems(engine) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE coding_jobs SET coded_at = NULL, batch_id = NULL WHERE document_id = :coded",
         "it was changed after its audit entry"),
        ("UPDATE coding_jobs SET reference_date = '2017-02-01' WHERE document_id = :coded",
         "its reference date was changed after its audit entry"),
        ("UPDATE coding_jobs SET coded_at = 'x' WHERE document_id = :queued",
         "it is coded but no audit entry coded it"),
        ("DELETE FROM coding_jobs WHERE document_id = :queued", "its coding job is missing"),
        ("INSERT INTO coding_jobs (document_id, queued_at) VALUES (:sync, 'x')",
         "no audit entry queued it"),
    ],
)  # fmt: skip
def test_coding_queue_edits_are_caught(
    engine: Engine, coding: dict[str, str], statement: str, expected: str
) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), coding)
    found = problems(engine)
    assert found and expected in found[0], found


def test_a_document_coded_twice_is_caught(engine: Engine, coding: dict[str, str]) -> None:
    """Re-queue a coded document behind the tool's back and let the coder run: its events now
    come from two audited writes."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE coding_jobs SET coded_at = NULL, batch_id = NULL WHERE document_id = :c"),
            {"c": coding["coded"]},
        )
    assert code_queued(engine).coded == 2
    found = problems(engine)
    assert found and "it was coded more than once" in found[0], found
