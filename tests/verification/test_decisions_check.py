"""``audit verify`` over the decisions: incidents, review states, assessments, votes, users."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.demo import run_decisions_demo
from ceasefire.db.engine import session_factory
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.verification.integrity import verify_store


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
        ("UPDATE incidents SET status = 'verified' WHERE id = 32",
         "incident 32: review state: it was changed after its audit entry"),
        ("UPDATE assessments SET verdict = 'no_violation' WHERE incident_id = 29",
         "it was changed after its audit entry"),
        ("UPDATE votes SET choice = 'verified' WHERE member = 'Iran'",
         "it was changed after its audit entry"),
        ("UPDATE users SET role = 'admin' WHERE name = 'demo-un'",
         "it was changed after its audit entry"),
        ("DELETE FROM incident_events WHERE event_id = (SELECT MIN(event_id) FROM incident_events"
         " WHERE incident_id = 32)", "incident 32"),
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
