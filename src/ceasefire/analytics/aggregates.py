"""Public aggregates: counts and fatalities of the violations the verification body verified.

A *verified violation* (``assessment.service.is_verified_violation``) is an incident that is
``verified``, assessed a ``violation`` under the agreement (current rules) and not an
allegation alone. The public sees only these counts, by day (first day of the incident), zone
of the agreement and attributed party: no sources and no place finer than a zone. Counting
and grouping happen in SQL (one query); zones are decided once per distinct place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.analytics.window import NO_ZONE, UNATTRIBUTED, ZoneFinder
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.events.incident_models import IncidentRow

__all__ = [
    "NO_ZONE", "STATUS_DAYS", "UNATTRIBUTED", "Aggregates", "CountRow", "PublicZoneStatus",
    "public_aggregates",
]  # fmt: skip
#: Length of the window of the public zone statuses, as the members' map (``zone-status``).
STATUS_DAYS = 7


@dataclass(frozen=True)
class CountRow:
    """One group: its key, how many verified violations and their fatalities."""

    key: str
    incidents: int
    fatalities: int


@dataclass(frozen=True)
class PublicZoneStatus:
    """A zone's holding status from its verified violations alone (what the public may see)."""

    zone: str
    status: str
    why: str
    verified: int
    fatalities: int


@dataclass(frozen=True)
class Aggregates:
    """The published figures of one agreement; ``zone_status`` over the ``status_days`` days
    to ``status_as_of`` (the last day with a verified violation; None when there is none)."""

    agreement_id: str
    incidents: int
    fatalities: int
    by_day: list[CountRow]
    by_zone: list[CountRow]
    by_party: list[CountRow]
    status_as_of: date | None = None
    status_days: int = STATUS_DAYS
    zone_status: list[PublicZoneStatus] = field(default_factory=list)


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

    One SQL query groups them by day, party and place (a million stored incidents are read
    once, in the database); days, parties and zones are summed from those groups.

    Example:
        public_aggregates(session, agreement_id="astana-2017").by_zone
    """
    terms = get_agreement(session, agreement_id)
    zones = ZoneFinder(terms)
    keys = (IncidentRow.date_from, AssessmentRow.party, IncidentRow.admin1,
            IncidentRow.latitude, IncidentRow.longitude)  # fmt: skip
    query = (
        select(*keys, func.count(), func.coalesce(func.sum(IncidentRow.fatalities), 0))
        .select_from(IncidentRow)
        .join(AssessmentRow, _verified_violations(agreement_id))
        .group_by(*keys)
    )
    counts: dict[str, Counter[str]] = {"day": Counter(), "party": Counter(), "zone": Counter()}
    deaths: dict[str, Counter[str]] = {"day": Counter(), "party": Counter(), "zone": Counter()}
    seen: dict[tuple[str, float | None, float | None], str] = {}
    daily: list[tuple[date, str, int, int]] = []
    for day, party, admin1, lat, lon, n, d in session.connection().execute(query):
        place = (admin1, lat, lon)
        zone = seen.get(place)
        if zone is None:
            zone = seen[place] = zones.zone(admin1, lat, lon)
        daily.append((day, zone, int(n), int(d)))
        for kind, key in (("day", day.isoformat()), ("party", party or UNATTRIBUTED),
                          ("zone", zone)):  # fmt: skip
            counts[kind][key] += int(n)
            deaths[kind][key] += int(d)
    return Aggregates(
        agreement_id=agreement_id, incidents=counts["day"].total(),
        fatalities=deaths["day"].total(), by_day=_rows(counts["day"], deaths["day"]),
        by_zone=_rows(counts["zone"], deaths["zone"]),
        by_party=_rows(counts["party"], deaths["party"]),
        status_as_of=max((d for d, *_ in daily), default=None),
        zone_status=_zone_status(terms, daily),
    )  # fmt: skip


def _zone_status(
    terms: Agreement, daily: list[tuple[date, str, int, int]]
) -> list[PublicZoneStatus]:
    """Each zone's status over the ``STATUS_DAYS`` days to the last verified violation, from
    the verified violations only, with the agreement's thresholds scaled to that window."""
    if not daily:
        return []
    last = max(d for d, *_ in daily)
    first = last - timedelta(days=STATUS_DAYS - 1)
    n: Counter[str] = Counter()
    dead: Counter[str] = Counter()
    for day, zone, count, deaths in daily:
        if first <= day:
            n[zone] += count
            dead[zone] += deaths
    limits = terms.status_thresholds().for_window(STATUS_DAYS)
    limits = limits.model_copy(update={"counts": "verified"})  # the public sees no other
    out = []
    for zone in [z.id for z in terms.zones] + ([NO_ZONE] if n[NO_ZONE] else []):
        v, d = n[zone], dead[zone]
        why = (f"{v} verified violation{'s' if v != 1 else ''} and {d} death{'s' if d != 1 else ''}"
               f" in {STATUS_DAYS} days to {last.isoformat()}; {limits.describe()}")  # fmt: skip
        out.append(PublicZoneStatus(zone, limits.status(v, d), why, v, d))
    return out
