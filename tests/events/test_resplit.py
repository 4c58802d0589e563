"""An agreement stored after fusion splits the incidents that span its boundaries: the store
ends as it would have had the agreement come first, verdicts included, and the audit log holds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.service import assess_incidents
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory, transaction
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.incidents import fuse
from ceasefire.events.record import EventRecord
from ceasefire.events.resplit import RULE
from ceasefire.reports.incidents import incident_records
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

ASTANA = scenario_dir("astana-2017") / "agreement.yaml"
CLASH = EventRecord(
    event_date=date(2017, 1, 9), event_type="Battles", sub_event_type="Armed clash",
    actor1="Military Forces of Syria (2000-)", actor2="Opposition Rebels (Syria)",
    country="Syria", admin1="Rural Damascus", location="Basima", latitude=33.599,
    longitude=36.203, geo_precision=1, source="SOHR", fatalities=2,
)  # fmt: skip
#: A truce of our own that starts on 11 Feb 2017 (Damascus time), for a split under a second
#: agreement after verdicts were given under Astana.
LATE_TRUCE = (
    ASTANA.read_text(encoding="utf-8")
    .replace("id: astana-2017", "id: late-truce")
    .replace("effective_from: 2016-12-30T00:00:00", "effective_from: 2017-02-11T00:00:00")
)


def store_clashes(engine: Engine, path: Path, days: tuple[date, date]) -> None:
    one, other = replace(CLASH, event_date=days[0]), replace(CLASH, event_date=days[1],
                                                             source="Reuters")  # fmt: skip
    path.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in (one, other)))
    ingest_file(engine, path, actor="test")


def membership(engine: Engine) -> list[tuple[int, str, list[object]]]:
    """(incident id, status, [first day, last day, member count]) of every incident."""
    with session_factory(engine)() as session:
        out: list[tuple[int, str, list[object]]] = []
        for inc in session.scalars(select(IncidentRow).order_by(IncidentRow.id)):
            members = session.scalars(
                select(IncidentEventRow.event_id).where(IncidentEventRow.incident_id == inc.id)
            ).all()
            out.append((inc.id, inc.status, [str(inc.date_from), str(inc.date_to), len(members)]))
        return out


@pytest.mark.parametrize(
    ("days", "incidents", "why"),
    [
        ((date(2016, 12, 29), date(2016, 12, 30)),
         [(1, "reported", ["2016-12-29", "2016-12-29", 1]),
          (2, "reported", ["2016-12-30", "2016-12-30", 1])],
         "the truce starts at 00:00 on 30 Dec: one clash before it, one under it"),
        ((date(2017, 1, 23), date(2017, 1, 24)),
         [(1, "reported", ["2017-01-23", "2017-01-23", 1]),
          (2, "reported", ["2017-01-24", "2017-01-24", 1])],
         "Iran joins the guarantors on 24 Jan: two verification bodies"),
        ((date(2017, 1, 24), date(2017, 1, 25)),
         [(1, "reported", ["2017-01-24", "2017-01-25", 2])], "both after Iran joined"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("agreement_first", [True, False], ids=["agreement-first", "fused-first"])
def test_no_incident_spans_a_boundary_whatever_the_order(
    engine: Engine, tmp_path: Path, days: tuple[date, date],
    incidents: list[tuple[int, str, list[object]]], why: str, agreement_first: bool,
) -> None:  # fmt: skip
    if agreement_first:
        store_agreement(engine, ASTANA, actor="test")
    store_clashes(engine, tmp_path / "clashes.jsonl", days)
    with transaction(engine) as session:
        fuse(session, actor="test")
    if not agreement_first:
        store_agreement(engine, ASTANA, actor="test")
    assert membership(engine) == incidents, why
    with session_factory(engine)() as session:
        links = sorted(session.scalars(select(IncidentEventRow.added_by)).all())
        assert verify_store(session).ok
    split = len(incidents) == 2 and not agreement_first
    assert links == ([RULE, "rule:fusion/2"] if split else ["rule:fusion/2"] * len(days))


def test_a_later_agreement_splits_an_assessed_incident_and_verdicts_follow(
    engine: Engine, tmp_path: Path
) -> None:
    store_agreement(engine, ASTANA, actor="test")
    store_clashes(engine, tmp_path / "clashes.jsonl", (date(2017, 2, 10), date(2017, 2, 11)))
    with transaction(engine) as session:
        fuse(session, actor="test")
        assess_incidents(session, agreement_id="astana-2017", actor="test")
    late = tmp_path / "late.yaml"
    late.write_text(LATE_TRUCE, encoding="utf-8")
    store_agreement(engine, late, actor="test")
    with session_factory(engine)() as session:
        under_astana = incident_records(session, agreement="astana-2017").items
        under_late = incident_records(session, agreement="late-truce").items
        assert verify_store(session).ok
    assert [(r["id"], r["date_from"], r["date_to"], r["event_count"], r["verdict"])
            for r in under_astana] == [
        (1, "2017-02-10", "2017-02-10", 1, "violation"),
        (2, "2017-02-11", "2017-02-11", 1, "violation"),
    ]  # fmt: skip
    assert [r["verdict"] for r in under_late] == [None, None]  # not assessed under it yet
    # storing the same terms again changes nothing
    store_agreement(engine, late, actor="test")
    assert [i for i, _, _ in membership(engine)] == [1, 2]
