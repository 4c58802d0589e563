"""``ceasefire demo``: the reference scenario end to end on an embedded SQLite store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ceasefire.agreements.service import store_agreement
from ceasefire.assessment.demo import DecisionsDemoResult, run_decisions_demo
from ceasefire.db.engine import session_factory
from ceasefire.db.store import init_store, open_store
from ceasefire.events.store import iter_events
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import IngestSummary, ingest_file
from ceasefire.verification.integrity import VerifyReport, verify_store


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


def run_demo(workdir: Path, *, scenario: str = "astana-2017", actor: str = "demo") -> DemoResult:
    """Create a store in ``workdir``, load the scenario's agreement and reports, summarise."""
    folder = scenario_dir(scenario)
    workdir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{workdir / 'ceasefire.db'}"
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
    finally:
        engine.dispose()
    return result
