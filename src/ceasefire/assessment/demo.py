"""The decisions part of ``ceasefire demo``: fuse, assess, and one scripted verification round.

The Astana guarantors each get a demo monitor (Russia, Turkey, Iran). Three incidents assessed
as violations go under review: one from before Iran joined (only Russia and Turkey vote), one
where Iran dissents (the unanimous quorum cannot be reached: disputed), one the members verify.
A member that does not vote on an incident (not yet a member, or recused because its own
forces are accused) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.service import create_user, get_user
from ceasefire.assessment.service import (
    AssessSummary,
    IncidentLine,
    assess_incidents,
    list_incidents,
)
from ceasefire.db.engine import transaction
from ceasefire.errors import NotFoundError
from ceasefire.events.incidents import FusionSummary, fuse, get_incident
from ceasefire.verification.votes import list_votes, tally, vote
from ceasefire.verification.workflow import transition

IRAN_JOINED = date(2017, 1, 24)
DEMO_USERS = (
    ("demo-russia", "Russia"),
    ("demo-turkey", "Turkey"),
    ("demo-iran", "Iran"),
    ("demo-un", "United Nations"),
)
#: Per scripted round: each member's choice. Rationales are written for the demo.
SCRIPT = (
    {"Russia": "verified", "Turkey": "verified"},
    {"Russia": "verified", "Turkey": "verified", "Iran": "not_verified"},
    {"Russia": "verified", "Turkey": "verified", "Iran": "verified"},
)
RATIONALE = {
    "verified": "The reports agree on the date, the place and the forces involved.",
    "not_verified": "The sources do not establish who fired; more evidence is needed.",
    "abstain": "No position.",
}


@dataclass(frozen=True)
class DemoIncident:
    """An incident as the demo prints it."""

    id: int
    dates: str
    location: str
    event_type: str
    actor1: str
    event_count: int
    source_count: int
    fatalities: str
    allegation: bool
    verdict: str
    party: str
    status: str
    votes: tuple[tuple[str, str, str], ...] = ()


@dataclass
class DecisionsDemoResult:
    fusion: FusionSummary
    assessment: AssessSummary
    incidents: list[DemoIncident] = field(default_factory=list)
    reviewed: list[int] = field(default_factory=list)


def _user(session: Session, name: str, org: str) -> UserRow:
    try:
        return get_user(session, name)
    except NotFoundError:
        return create_user(
            session=session, name=name, role="monitor", organisation=org, actor="demo"
        )[0]


def _pick(lines: list[IncidentLine]) -> list[IncidentLine]:
    """One violation from before Iran joined, then two after (most sources first)."""
    candidates = [
        line
        for line in lines
        if line.assessment is not None
        and line.assessment.verdict == "violation"
        and line.incident.status == "reported"
    ]
    before = [c for c in candidates if c.incident.date_from < IRAN_JOINED][:1]
    after = sorted(
        (c for c in candidates if c.incident.date_from >= IRAN_JOINED),
        key=lambda c: (-c.incident.source_count, c.incident.date_from, c.incident.id),
    )[:2]
    return before + after


def _view(session: Session, line: IncidentLine) -> DemoIncident:
    inc, verdict = line.incident, line.assessment
    dates = inc.date_from.isoformat()
    if inc.date_to != inc.date_from:
        dates += f"..{inc.date_to:%m-%d}"
    deaths = str(inc.fatalities)
    if inc.fatalities_min != inc.fatalities_max:
        deaths += f" ({inc.fatalities_min}-{inc.fatalities_max})"
    users = {u.id: u.name for u in session.query(UserRow)}
    return DemoIncident(
        id=inc.id, dates=dates, location=inc.location, event_type=inc.event_type,
        actor1=inc.actor1, event_count=inc.event_count, source_count=inc.source_count,
        fatalities=deaths, allegation=inc.allegation,
        verdict=verdict.verdict if verdict else "", party=verdict.party if verdict else "",
        status=inc.status,
        votes=tuple((v.member, v.choice, users.get(v.user_id, "")) for v in
                    list_votes(session, inc.id)),
    )  # fmt: skip


def run_decisions_demo(engine: Engine, agreement_id: str) -> DecisionsDemoResult:
    """Fuse and assess the stored events, run the scripted verification round, and return the
    incidents with their verdicts and statuses."""
    with transaction(engine) as session:
        fusion = fuse(session, actor="demo")
        summary = assess_incidents(session, agreement_id=agreement_id, actor="demo")
    result = DecisionsDemoResult(fusion, summary)
    with transaction(engine) as session:
        users = {org: _user(session, name, org) for name, org in DEMO_USERS}
        chosen = _pick(list_incidents(session, agreement_id=agreement_id))
        for line, choices in zip(chosen, SCRIPT, strict=False):
            incident_id = line.incident.id
            transition(
                session=session, incident_id=incident_id, to="under_review",
                user=users["United Nations"], reason="demo: assessed as a violation",
                agreement_id=agreement_id,
            )  # fmt: skip
            absent = tally(session, get_incident(session, incident_id)).absent
            for member, choice in choices.items():
                if member in absent:
                    continue
                vote(
                    session=session, incident_id=incident_id, user=users[member],
                    choice=choice, rationale=RATIONALE[choice],
                )  # fmt: skip
            result.reviewed.append(incident_id)
    with transaction(engine) as session:
        lines = list_incidents(session, agreement_id=agreement_id)
        result.incidents = [_view(session, line) for line in lines]
    return result
