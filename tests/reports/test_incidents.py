"""The incident objects: paging, the agreement an incident is shown under, and the source
document and text span of a coded event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy import event as sql_event

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import NotFoundError
from ceasefire.events.incidents import fuse
from ceasefire.reports.incidents import incident_record, incident_records
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.intake import ingest_path
from ceasefire.sources.models import DocumentRow

ARTICLE = """Title: Shelling in Kafr Zita
Date: 2017-02-03
Source: Fixture Wire

Government forces shelled Kafr Zita on Thursday, killing two civilians.
"""


@pytest.fixture
def khan(engine: Engine, structured: Path) -> Engine:
    store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml", actor="test")
    ingest_file(engine, structured / "khan-sheikhoun.jsonl", actor="test")
    with transaction(engine) as session:
        fuse(session, actor="test")
    return engine


def test_pages_count_every_match(khan: Engine) -> None:
    with transaction(khan) as session:
        assess_incidents(session, agreement_id="astana-2017")
    with session_factory(khan)() as session:
        page = incident_records(session, agreement="astana-2017", verdict="undetermined",
                                limit=2, offset=1)  # fmt: skip
        assert ([r["id"] for r in page.items], page.total, page.limit, page.offset) == (
            [3, 4], 4, 2, 1,
        )  # fmt: skip
        every = incident_records(session)
        assert ([r["id"] for r in every.items], every.total, every.limit) == (
            [1, 2, 3, 4, 5, 6, 7], 7, None,
        )  # fmt: skip
        assert {
            (r["agreement"], r["verdict"], r["zone"], len(r["trace"])) for r in every.items
        } == {(None, None, None, 0)}


def test_without_assessment_the_verdict_is_none(khan: Engine) -> None:
    with session_factory(khan)() as session:
        record = incident_record(session, 2)
        assert (record["agreement"], record["verdict"], record["trace"], record["zone"]) == (
            None, None, [], None,
        )  # fmt: skip
        under = incident_record(session, 2, agreement="astana-2017")
        assert (under["agreement"], under["verdict"], under["zone"]) == (
            "astana-2017", None, "idleb",
        )  # fmt: skip
        assert len(under["claims"]) == 2
        with pytest.raises(NotFoundError, match="no incident 42"):
            incident_record(session, 42)


def test_a_coded_event_names_its_document_and_span(khan: Engine, tmp_path: Path) -> None:
    article = tmp_path / "kafr-zita.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    ingest_path(khan, article)
    with transaction(khan) as session:
        fuse(session, actor="test")
    with session_factory(khan)() as session:
        coded = [
            (r["id"], e)
            for r in incident_records(session).items
            for e in r["events"]
            if e["document_id"] is not None
        ]
    assert [
        (e["document"], e["event_id_cnty"], e["modality"], e["text"]) for _, e in coded
    ] == [
        ("kafr-zita.txt", "", "observed",
         "Government forces shelled Kafr Zita on Thursday, killing two civilians."),
    ]  # fmt: skip
    with session_factory(khan)() as session:
        (document,) = session.scalars(select(DocumentRow)).all()
        event = coded[0][1]
        assert document.text[event["span_start"] : event["span_end"]] == event["text"]


def statements(engine: Engine, **filters: Any) -> tuple[list[str], list[tuple[int, str, str]]]:
    """The table each SQL statement of one page of incident objects reads first, and who
    submitted each member event of the page (incident id, submitter, organisation)."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        words = sql.split()
        if words[0] == "SELECT":
            seen.append(words[words.index("FROM") + 1] if "count(*)" not in sql else "count")

    sql_event.listen(engine, "before_cursor_execute", count)
    try:
        with session_factory(engine)() as session:
            page = incident_records(session, agreement="astana-2017", **filters)
            submitters = [
                (r["id"], e["submitted_by"], e["organisation"])
                for r in page.items
                for e in r["events"]
            ]
    finally:
        sql_event.remove(engine, "before_cursor_execute", count)
    return seen, submitters


def test_a_page_reads_each_table_once_however_many_incidents_it_holds(
    khan: Engine, tmp_path: Path
) -> None:
    """Regression: each member event's submitter was read with a query of its own (N+1)."""
    article = tmp_path / "kafr-zita.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    ingest_path(khan, article, actor="reporter")  # a coded event: its document's submitter
    with transaction(khan) as session:
        fuse(session, actor="test")
        assess_incidents(session, agreement_id="astana-2017")
    one, first = statements(khan, limit=1)
    every, submitters = statements(khan)
    assert every == [
        "agreements", "count", "incidents", "incident_events", "incident_claims", "votes",
        "events", "incident_events", "documents", "batches", "incident_events",
    ]  # fmt: skip
    assert [t for t in one if t not in ("documents",)] == every[:7] + every[9:]
    assert len(first) == 1 and len(submitters) == 8
    assert {(who, org) for _, who, org in submitters} == {("reporter", ""), ("test", "")}
