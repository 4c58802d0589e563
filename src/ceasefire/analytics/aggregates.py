"""Public aggregates: counts and fatalities of the violations the verification body verified.

A *verified violation* (``assessment.service.is_verified_violation``) is an incident that is
``verified``, assessed a ``violation`` under the agreement (current rules) and not an
allegation alone. The public sees only these counts, by day (first day of the incident), zone
of the agreement and attributed party: no sources and no place finer than a zone. Counting
and grouping by day and party happen in SQL; zones are decided once per distinct place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ceasefire.agreements.service import get_agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.events.incident_models import IncidentRow

NO_ZONE = "(no zone)"
UNATTRIBUTED = "(unattributed)"


@dataclass(frozen=True)
class CountRow:
    """One group: its key, how many verified violations and their fatalities."""

    key: str
    incidents: int
    fatalities: int


@dataclass(frozen=True)
class Aggregates:
    """The published figures of one agreement."""

    agreement_id: str
    incidents: int
    fatalities: int
    by_day: list[CountRow]
    by_zone: list[CountRow]
    by_party: list[CountRow]


def _verified_violations(agreement_id: str) -> ColumnElement[bool]:
    return and_(
        IncidentRow.status == "verified",
        IncidentRow.allegation.is_(False),
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement_id,
        AssessmentRow.rules_version == RULES_VERSION,
        AssessmentRow.verdict == "violation",
    )


def _rows(counts: Counter[str], deaths: Counter[str]) -> list[CountRow]:
    return [CountRow(k, n, deaths[k]) for k, n in sorted(counts.items())]


def public_aggregates(session: Session, *, agreement_id: str) -> Aggregates:
    """Verified violations of ``agreement_id`` counted by day, zone and party.

    Example:
        public_aggregates(session, agreement_id="astana-2017").by_zone
    """
    terms = get_agreement(session, agreement_id)
    where = _verified_violations(agreement_id)
    counted = (func.count(IncidentRow.id), func.coalesce(func.sum(IncidentRow.fatalities), 0))
    count = select(*counted).select_from(IncidentRow).join(AssessmentRow, where)
    total, deaths = session.execute(count).one()
    by_day = [
        CountRow(day.isoformat(), n, int(d))
        for day, n, d in session.execute(
            select(IncidentRow.date_from, *counted)
            .select_from(IncidentRow)
            .join(AssessmentRow, where)
            .group_by(IncidentRow.date_from)
            .order_by(IncidentRow.date_from)
        ).tuples()
    ]
    party_counts: Counter[str] = Counter()
    party_deaths: Counter[str] = Counter()
    for party, n, d in session.execute(
        select(AssessmentRow.party, *counted)
        .select_from(IncidentRow)
        .join(AssessmentRow, where)
        .group_by(AssessmentRow.party)
    ).tuples():
        key = party or UNATTRIBUTED
        party_counts[key] += n
        party_deaths[key] += int(d)
    zone_counts: Counter[str] = Counter()
    zone_deaths: Counter[str] = Counter()
    places = (IncidentRow.admin1, IncidentRow.latitude, IncidentRow.longitude)
    for admin1, lat, lon, n, d in session.execute(
        select(*places, *counted)
        .select_from(IncidentRow)
        .join(AssessmentRow, where)
        .group_by(*places)
    ).tuples():
        zone = terms.zone_of(admin1, None, lat, lon)
        key = zone.id if zone is not None else NO_ZONE
        zone_counts[key] += n
        zone_deaths[key] += int(d)
    return Aggregates(
        agreement_id=agreement_id, incidents=int(total), fatalities=int(deaths), by_day=by_day,
        by_zone=_rows(zone_counts, zone_deaths), by_party=_rows(party_counts, party_deaths),
    )  # fmt: skip
