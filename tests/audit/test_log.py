"""The audit log: appends chain, and ``verify_store`` catches every edit made behind its back."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ceasefire.agreements.service import store_agreement
from ceasefire.audit import log as audit
from ceasefire.audit.integrity import VerifyReport, verify_store
from ceasefire.db.engine import session_factory, transaction
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file


def verify(engine: Engine) -> VerifyReport:
    with session_factory(engine)() as session:
        return verify_store(session)


@pytest.fixture
def loaded(engine: Engine, structured: Path) -> Engine:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    ingest_file(engine, structured / "acled_modern.csv")
    ingest_file(engine, structured / "ucdp_ged.csv")
    ingest_file(engine, scenario_dir("astana-2017") / "reports.jsonl")
    return engine


def sql(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement))


def test_entries_chain_in_order(loaded: Engine) -> None:
    with session_factory(loaded)() as session:
        entries = list(audit.iter_entries(session))
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert [e.action for e in entries] == ["agreement.load", "ingest", "ingest", "ingest"]


def test_intact_store_verifies(loaded: Engine) -> None:
    report = verify(loaded)
    assert report.ok, report.problems
    assert (report.entries, report.events, report.agreements) == (4, 48, 1)


@pytest.mark.parametrize(
    ("statement", "seq", "reason"),
    [
        ("UPDATE events SET fatalities = 30 WHERE event_id_cnty = 'CFT102'", 2,
         "no longer match the content hash"),
        ("UPDATE events SET actor1 = 'Military Forces of Turkey (2016-)' "
         "WHERE event_id_cnty = 'UCDP-900002'", 3, "no longer match the content hash"),
        ("UPDATE events SET residual = '{}' WHERE event_id_cnty = 'CFT106'", 2,
         "no longer match the content hash"),
        ("UPDATE events SET notes = 'nothing happened' WHERE event_id_cnty = 'CF-AST-0003'", 4,
         "no longer match the content hash"),
        ("UPDATE events SET hash_key = 7 WHERE event_id_cnty = 'CF-AST-0003'", 4,
         "stored row was changed (column 'hash_key')"),
        ("DELETE FROM events WHERE event_id_cnty = 'CFT104'", 2,
         "do not match the audit entry"),
        ("UPDATE audit_entries SET actor = 'someone else' WHERE seq = 2", 2,
         "entry content does not match its hash"),
        ("DELETE FROM audit_entries WHERE seq = 4", None,
         "no audit entry wrote it"),
        ("UPDATE agreements SET body = replace(body, 'Iran', 'Irak')", 1,
         "stored terms were changed"),
    ],
)  # fmt: skip
def test_edit_behind_the_tools_back_is_caught(
    loaded: Engine, statement: str, seq: int | None, reason: str
) -> None:
    sql(loaded, statement)
    report = verify(loaded)
    assert not report.ok
    problem = report.problems[0]
    assert (problem.seq, reason in problem.reason) == (seq, True), str(problem)


def test_a_row_inserted_behind_the_tools_back_is_caught(loaded: Engine) -> None:
    sql(
        loaded,
        "INSERT INTO batches (kind, source_format, source_path, header, created_at, actor) "
        "VALUES ('events', 'jsonl', 'x', '', '2017-01-01', 'intruder')",
    )
    report = verify(loaded)
    assert "no audit entry wrote it" in str(report.problems[0])


def test_failed_write_leaves_no_audit_entry(engine: Engine) -> None:
    with pytest.raises(RuntimeError), transaction(engine) as session:
        audit.append(
            session, actor="t", action="x", record_type="y", record_id="1", content_hash="0" * 64
        )
        raise RuntimeError("boom")
    assert verify(engine).entries == 0
