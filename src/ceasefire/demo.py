"""``ceasefire demo``: the reference scenario end to end, ending with its status and report.

The demo stores into the store it is given (any URL: SQLite or PostgreSQL), or into a SQLite
file in its working folder. After the decisions it computes the holding status over the last
four weeks of the scenario and writes the situation report of those weeks (HTML).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ceasefire.agreements.service import store_agreement
from ceasefire.analytics.status import StatusReport, holding_status
from ceasefire.analytics.window import first_full_day
from ceasefire.assessment.demo import DecisionsDemoResult, run_decisions_demo
from ceasefire.audit.integrity import VerifyReport, verify_store
from ceasefire.db.engine import session_factory
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.store import iter_events
from ceasefire.reports.render import write_situation_report
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import IngestSummary, ingest_file


@dataclass
class DemoResult:
    """What the demo did and the figures it prints."""

    workdir: str
    database_url: str
    agreement_id: str
    agreement_name: str
    ingests: list[IngestSummary] = field(default_factory=list)
    #: (event type, before the ceasefire / in force, modality) -> (events, fatalities)
    by_type: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)
    hotspots: list[tuple[str, int, int]] = field(default_factory=list)
    decisions: DecisionsDemoResult | None = None
    verify: VerifyReport | None = None
    status: StatusReport | None = None
    report: Path | None = None


#: The status and the report cover the last STATUS_DAYS days of the scenario.
STATUS_DAYS = 28


def run_demo(
    workdir: Path,
    *,
    scenario: str = "astana-2017",
    actor: str = "demo",
    database_url: str | None = None,
    report: Path | None = None,
    replace_report: bool = False,
) -> DemoResult:
    """Load the scenario's agreement and reports into a store, decide, summarise, report.

    The store is ``database_url`` when given (created or upgraded; the demo's records are
    added to what it holds, idempotently), else a SQLite file in ``workdir``. The situation
    report goes to ``report`` (default: ``workdir/situation-report.html``); an existing file
    there is replaced only with ``replace_report``.
    """
    folder = scenario_dir(scenario)
    workdir.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{workdir / 'ceasefire.db'}"
    init_store(url)
    engine = open_store(url)
    try:
        agreement, _ = store_agreement(engine, folder / "agreement.yaml", actor=actor)
        result = DemoResult(str(workdir), url, agreement.id, agreement.name)
        for reports in sorted(folder.glob("*.jsonl")) + sorted(folder.glob("*.csv")):
            result.ingests.append(ingest_file(engine, reports, actor=actor))
        counts: Counter[tuple[str, str, str]] = Counter()
        deaths: Counter[tuple[str, str, str]] = Counter()
        places: Counter[str] = Counter()
        place_deaths: Counter[str] = Counter()
        with session_factory(engine)() as session:
            for row in iter_events(session):
                in_force = agreement.covers_time(row.event_date)
                period = {True: "in force", False: "before"}.get(in_force, "start day")  # type: ignore[arg-type]
                key = (row.event_type or "(none)", period, row.modality)
                counts[key] += 1
                deaths[key] += row.fatalities
                violent = agreement.prohibits(row.event_type, row.sub_event_type)
                if in_force and violent and row.modality == "observed" and row.location:
                    places[row.location] += 1
                    place_deaths[row.location] += row.fatalities
            result.by_type = {k: (counts[k], deaths[k]) for k in sorted(counts)}
            result.hotspots = [(p, n, place_deaths[p]) for p, n in places.most_common(5)]
        result.decisions = run_decisions_demo(engine, agreement.id)
        with session_factory(engine)() as session:
            result.verify = verify_store(session)
            as_of = _last_day(session, first_full_day(agreement))
            result.status = holding_status(
                session, agreement_id=agreement.id, as_of=as_of, days=STATUS_DAYS
            )
        result.report = report or workdir / "situation-report.html"
        write_situation_report(
            engine, agreement_id=agreement.id, output=result.report, force=replace_report,
            date_from=result.status.window.start, date_to=as_of,
        )  # fmt: skip
    finally:
        engine.dispose()
    return result


def _last_day(session: Session, start: date) -> date:
    """The last day with an incident (at least the ceasefire's first full day)."""
    last = session.scalar(select(func.max(IncidentRow.date_from)))
    return max(last, start) if last is not None else start + timedelta(days=STATUS_DAYS - 1)
