"""Assessing stored incidents: idempotent re-runs, audit entries, the demo round."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.demo import run_decisions_demo
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.service import assess_incidents, list_incidents
from ceasefire.audit.integrity import verify_store
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import session_factory, transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incidents import fuse
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file


@pytest.fixture
def astana_db(tmp_path: Path) -> Iterator[Engine]:
    """A store holding the Astana agreement and its 40 sample reports."""
    url = f"sqlite:///{tmp_path}/t.db"
    init_store(url)
    engine = open_store(url)
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml", actor="test")
    ingest_file(engine, folder / "reports.jsonl", actor="test")
    yield engine
    engine.dispose()


def audit_count(engine: Engine) -> int:
    with session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0


def test_assessing_twice_changes_nothing(astana_db: Engine) -> None:
    with transaction(astana_db) as session:
        fuse(session)
        first = assess_incidents(session, agreement_id="astana-2017")
    # 37 incidents: the talks in Astana on 23 and 24 Jan are two (Iran joined on the 24th).
    # 2 of the 5 allegations in force are claims on an observed incident (events.claims)
    assert (first.created, first.reviews_opened) == (37, 3)
    assert dict(first.verdicts) == {"no_violation": 19, "violation": 12, "undetermined": 6}
    entries = audit_count(astana_db)
    with transaction(astana_db) as session:
        again = assess_incidents(session, agreement_id="astana-2017")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 37)
    assert audit_count(astana_db) == entries


def test_every_assessment_keeps_its_trace(astana_db: Engine) -> None:
    with transaction(astana_db) as session:
        fuse(session)
        assess_incidents(session, agreement_id="astana-2017")
    with session_factory(astana_db)() as session:
        lines = list_incidents(session, agreement_id="astana-2017", verdict="violation")
        first = lines[0]
        assert first.assessment is not None
        assert (first.incident.location, first.assessment.party) == (
            "Kfeir al-Zeit",
            "Military Forces of Syria (2000-)",
        )
        assert [s["rule"] for s in json.loads(first.assessment.trace)] == [
            "time", "scope", "act", "actors", "excluded", "perpetrator",
        ]  # fmt: skip
        rows = session.scalar(select(func.count()).select_from(AssessmentRow))
        assert rows == 37


def test_decisions_demo_runs_a_verification_round(astana_db: Engine) -> None:
    result = run_decisions_demo(astana_db, "astana-2017")
    reviewed = {i.id: i for i in result.incidents if i.id in result.reviewed}
    assert [(i.dates, i.location, i.status) for i in reviewed.values()] == [
        ("2016-12-30", "Kfeir al-Zeit", "verified"),
        ("2017-02-08", "Al Waer", "disputed"),
        ("2017-02-09", "Al Bab", "verified"),
    ]
    members = [[v[0] for v in i.votes] for i in reviewed.values()]
    # Al Bab: a Russian strike killed Turkish soldiers; Russia recuses, Turkey and Iran decide.
    assert members == [["Russia", "Turkey"], ["Russia", "Turkey", "Iran"],
                       ["Turkey", "Iran"]]  # fmt: skip
    # Dar'a (SOHR; Reuters, then SOHR) is two reports but one independent source.
    darraa = next(i for i in result.incidents if i.location == "Dar'a")
    assert (darraa.source_count, darraa.fatalities, darraa.party) == (1, "10 (0-10)", "")
    with session_factory(astana_db)() as session:
        assert verify_store(session).ok
