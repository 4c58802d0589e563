"""Assessing stored incidents under a stored agreement, and reading incidents with verdicts.

Re-assessing is idempotent: an incident whose facts, agreement terms and rules version are
unchanged keeps its row; changed facts update it. A run that changed anything writes one audit
entry (``assessment.run``) whose content hash is a digest over every assessment it wrote.
An allegation found worth reviewing is put under review by the workflow itself, unless all
it claims is attached to an observed incident (``events.claims``), reviewed there.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.actors.registry import default_registry
from ceasefire.agreements.parties import AgreementActors
from ceasefire.agreements.service import get_agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION, IncidentFacts, Verdict, assess
from ceasefire.audit import log as audit
from ceasefire.events.claims import fully_attached
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.record import hash_content
from ceasefire.events.sanity import SkippedRecord, coordinates_problem, date_problem
from ceasefire.verification.workflow import transition


@dataclass
class AssessSummary:
    """What an assessment run did, and the verdicts it holds."""

    agreement_id: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reviews_opened: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    #: Incidents left out because a stored value cannot be worked on (``events.sanity``).
    skipped: list[SkippedRecord] = field(default_factory=list)


@dataclass(frozen=True)
class IncidentLine:
    """An incident with its verdict under one agreement (None when not assessed)."""

    incident: IncidentRow
    assessment: AssessmentRow | None


def incident_facts(incident: IncidentRow) -> IncidentFacts:
    return IncidentFacts(
        date_from=incident.date_from,
        date_to=incident.date_to,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        actor1=incident.actor1,
        actor2=incident.actor2,
        actor1_id=incident.actor1_id,
        actor2_id=incident.actor2_id,
        country=incident.country,
        admin1=incident.admin1,
        latitude=incident.latitude,
        longitude=incident.longitude,
        geo_precision=incident.geo_precision,
        allegation=incident.allegation,
        claimant=incident.claimant,
        source_count=incident.source_count,
    )


def incident_problem(incident: IncidentRow, today: date) -> str | None:
    """Why an incident's stored facts cannot be assessed, or None."""
    for name in ("date_from", "date_to"):
        problem = date_problem(getattr(incident, name), today)
        if problem is not None:
            return f"{name} {problem}"
    return coordinates_problem(incident.latitude, incident.longitude)


def assessment_hash(row: AssessmentRow) -> str:
    """Content hash of a stored assessment (what its audit entry vouches for)."""
    return hash_content(
        [row.incident_id, row.agreement_id, row.rules_version, row.verdict, row.party, row.side,
         row.confidence, row.trace, row.facts_hash]
    )  # fmt: skip


def _apply(row: AssessmentRow, verdict: Verdict, facts_hash: str) -> None:
    row.verdict = verdict.verdict
    row.party = verdict.party
    row.side = verdict.side
    row.confidence = verdict.confidence
    row.trace = json.dumps([s.as_dict() for s in verdict.trace], ensure_ascii=False)
    row.facts_hash = facts_hash
    row.assessed_at = datetime.now(UTC).isoformat(timespec="seconds")


def assess_incidents(session: Session, *, agreement_id: str, actor: str = "local") -> AssessSummary:
    """Assess every incident under ``agreement_id`` with the current rules.

    An incident whose stored dates or coordinates cannot be worked on is left out and listed
    in ``skipped``: one bad row never stops the assessment of the others.
    """
    agreement = get_agreement(session, agreement_id)
    terms = agreement.content_hash()
    registry = default_registry()
    actors = AgreementActors(agreement, registry)
    stored = {
        r.incident_id: r
        for r in session.scalars(
            select(AssessmentRow).where(
                AssessmentRow.agreement_id == agreement_id,
                AssessmentRow.rules_version == RULES_VERSION,
            )
        )
    }
    summary = AssessSummary(agreement_id)
    changed: list[AssessmentRow] = []
    to_open: list[int] = []
    today = date.today()
    for incident in session.scalars(select(IncidentRow).order_by(IncidentRow.id)).all():
        problem = incident_problem(incident, today)
        if problem is not None:
            summary.skipped.append(SkippedRecord("incident", incident.id, problem))
            continue
        facts = incident_facts(incident)
        facts_hash = hash_content([repr(facts), terms, RULES_VERSION])
        row = stored.get(incident.id)
        if row is not None and row.facts_hash == facts_hash:
            summary.unchanged += 1
            summary.verdicts[row.verdict] += 1
            continue
        if row is None:
            row = AssessmentRow(
                incident_id=incident.id, agreement_id=agreement_id, rules_version=RULES_VERSION
            )
            session.add(row)
            summary.created += 1
        else:
            summary.updated += 1
        _apply(row, assess(facts, agreement, registry, actors), facts_hash)
        changed.append(row)
        summary.verdicts[row.verdict] += 1
        if (
            incident.allegation
            and incident.status == "reported"
            and row.verdict != "no_violation"
            and not fully_attached(session, incident.id)  # its claims sit with an observed one
        ):
            to_open.append(incident.id)
    if not changed:
        return summary
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="assessment.run",
        record_type="assessment_run",
        record_id=f"{agreement_id}@{changed[0].assessed_at}",
        content_hash=hash_content(sorted([r.id, assessment_hash(r)] for r in changed)),
        detail={
            "agreement": agreement_id,
            "rules": RULES_VERSION,
            "assessments": {str(r.id): assessment_hash(r) for r in changed},
            "verdicts": dict(Counter(r.verdict for r in changed)),
        },
    )
    for incident_id in to_open:
        transition(
            session=session, incident_id=incident_id, to="under_review", user=None,
            reason="an allegation opens a review", agreement_id=agreement_id,
        )  # fmt: skip
        summary.reviews_opened += 1
    return summary


def list_incidents(
    session: Session,
    *,
    agreement_id: str | None = None,
    status: str | None = None,
    verdict: str | None = None,
    limit: int | None = None,
) -> list[IncidentLine]:
    """Incidents by date, each with its assessment under ``agreement_id`` (if given)."""
    if agreement_id is None:
        plain = select(IncidentRow)
        if status is not None:
            plain = plain.where(IncidentRow.status == status)
        plain = plain.order_by(IncidentRow.date_from, IncidentRow.id).limit(limit)
        return [IncidentLine(inc, None) for inc in session.scalars(plain)]
    get_agreement(session, agreement_id)
    query = select(IncidentRow, AssessmentRow).outerjoin(
        AssessmentRow,
        (AssessmentRow.incident_id == IncidentRow.id)
        & (AssessmentRow.agreement_id == agreement_id)
        & (AssessmentRow.rules_version == RULES_VERSION),
    )
    if status is not None:
        query = query.where(IncidentRow.status == status)
    if verdict is not None:
        query = query.where(AssessmentRow.verdict == verdict)
    query = query.order_by(IncidentRow.date_from, IncidentRow.id).limit(limit)
    return [IncidentLine(inc, assessed) for inc, assessed in session.execute(query).tuples()]


def is_verified_violation(line: IncidentLine) -> bool:
    """Verified by the body AND assessed a violation AND not an allegation alone: what the
    public aggregates count."""
    return (
        line.incident.status == "verified"
        and not line.incident.allegation
        and line.assessment is not None
        and line.assessment.verdict == "violation"
    )
