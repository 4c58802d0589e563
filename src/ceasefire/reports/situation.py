"""The situation report's content: status per zone, what changed, series, incidents, gaps.

:func:`build_situation` gathers, for one agreement and a period of days, everything the
report shows; :mod:`ceasefire.reports.render` turns it into HTML or PDF. A period without
incidents gives a report that says so; reversed dates, an unknown agreement or zone are
``InputError`` / ``NotFoundError``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.analytics.status import StatusReport, ZoneStatus, holding_status
from ceasefire.analytics.window import NO_ZONE, first_full_day
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.audit.tree import head_line
from ceasefire.errors import InputError, NotFoundError
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.models import EventRow
from ceasefire.verification.votes import list_votes

TOP_INCIDENTS = 10
SIDE_UNKNOWN = "(unattributed)"


@dataclass(frozen=True)
class Source:
    """One report an incident was fused from: who published it and what it said."""

    source: str
    date: str
    notes: str


@dataclass(frozen=True)
class Item:
    """An incident as the report lists it, with its verdict, status, votes and sources."""

    id: int
    day: date
    dates: str
    location: str
    admin1: str
    zone: str
    latitude: float | None
    longitude: float | None
    event_type: str
    actor1: str
    actor2: str
    fatalities: int
    allegation: bool
    claimant: str
    verdict: str
    party: str
    side: str
    status: str
    in_scope: bool = True
    votes: list[tuple[str, str, str]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def violation(self) -> bool:
        return self.verdict == "violation" and not self.allegation


@dataclass(frozen=True)
class Change:
    """A zone's status and violations in the previous period and now."""

    zone: str
    name: str
    before: str
    now: str
    violations_before: int
    violations_now: int


@dataclass(frozen=True)
class Series:
    """Per day of the period: violations by side of the attributed party, and fatalities."""

    days: list[date]
    by_side: dict[str, list[int]]
    fatalities: list[int]


@dataclass(frozen=True)
class Situation:
    """Everything :mod:`ceasefire.reports.render` shows."""

    agreement: Agreement
    date_from: date
    date_to: date
    zone: str | None
    generated_at: datetime
    status: StatusReport
    previous: StatusReport | None
    changes: list[Change]
    series: Series
    items: list[Item]
    top: list[Item]
    claims: list[Item]
    undetermined: list[Item]
    unverified: list[Item]
    #: The audit log's tree head when the report was written (``audit.tree.head_line``).
    audit_head: str = ""

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def zones(self) -> list[ZoneStatus]:
        return [z for z in self.status.zones if self.zone is None or z.zone == self.zone]


def _items(session: Session, agreement: Agreement, start: date, end: date) -> list[Item]:
    joined = and_(
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement.id,
        AssessmentRow.rules_version == RULES_VERSION,
    )
    query = (
        select(IncidentRow, AssessmentRow)
        .outerjoin(AssessmentRow, joined)
        .where(IncidentRow.date_from >= start, IncidentRow.date_from <= end)
        .order_by(IncidentRow.date_from, IncidentRow.id)
    )
    out: list[Item] = []
    for inc, verdict in session.execute(query).tuples():
        found = agreement.zone_of(inc.admin1, None, inc.latitude, inc.longitude)
        dates = inc.date_from.isoformat()
        if inc.date_to != inc.date_from:
            dates += f" to {inc.date_to.isoformat()}"
        out.append(
            Item(
                id=inc.id, day=inc.date_from, dates=dates, location=inc.location,
                admin1=inc.admin1, zone=found.id if found else NO_ZONE, latitude=inc.latitude,
                longitude=inc.longitude, event_type=inc.event_type, actor1=inc.actor1,
                actor2=inc.actor2, fatalities=inc.fatalities, allegation=inc.allegation,
                claimant=inc.claimant, verdict=verdict.verdict if verdict else "",
                party=verdict.party if verdict else "", side=verdict.side if verdict else "",
                status=inc.status,
                in_scope=agreement.covers_place(inc.country, inc.admin1, inc.latitude,
                                                inc.longitude, precision=inc.geo_precision)
                is not False,
            )
        )  # fmt: skip
    return out


def _details(session: Session, item: Item) -> Item:
    """``item`` with its votes and sources filled in (only for the incidents listed)."""
    votes = [(v.member, v.choice, v.rationale) for v in list_votes(session, item.id)]
    rows = session.execute(
        select(EventRow.source, EventRow.event_date, EventRow.notes)
        .join(IncidentEventRow, IncidentEventRow.event_id == EventRow.id)
        .where(IncidentEventRow.incident_id == item.id)
        .order_by(EventRow.event_date, EventRow.id)
    ).tuples()
    sources = [Source(s or "(source not named)", d.isoformat(), n or "") for s, d, n in rows]
    return Item(**{**item.__dict__, "votes": votes, "sources": sources})


def _series(items: list[Item], start: date, end: date) -> Series:
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    by_side: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    deaths = [0] * len(days)
    for it in items:
        if it.violation:
            by_side[it.side or SIDE_UNKNOWN][index[it.day]] += 1
            deaths[index[it.day]] += it.fatalities
    return Series(days, dict(sorted(by_side.items())), deaths)


def _rank(item: Item) -> tuple[int, int, int, int]:
    return (0 if item.violation else 1, -item.fatalities, -len(item.sources), item.id)


def check_period(date_from: date, date_to: date) -> None:
    """Refuse a period whose first day is after its last."""
    if date_from > date_to:
        raise InputError(
            f"--from {date_from.isoformat()} is after --to {date_to.isoformat()}",
            field="--from", hint="Give the earlier date to --from.",
        )  # fmt: skip


def build_situation(
    session: Session,
    *,
    agreement_id: str,
    date_from: date,
    date_to: date,
    zone: str | None = None,
) -> Situation:
    """The situation report of ``agreement_id`` for ``date_from``..``date_to`` (both included).

    ``zone`` (a zone id of the agreement) narrows the report to that zone. The cut-off is the
    end of ``date_to`` in the agreement's time zone.

    Example:
        build_situation(session, agreement_id="astana-2017", date_from=date(2017, 1, 1),
                        date_to=date(2017, 1, 31))
    """
    check_period(date_from, date_to)
    agreement = get_agreement(session, agreement_id)
    if zone is not None and zone != NO_ZONE and agreement.zone(zone) is None:
        known = ", ".join(z.id for z in agreement.zones) or "none"
        raise NotFoundError(
            f"agreement {agreement_id!r} has no zone {zone!r}", hint=f"Its zones: {known}."
        )
    days = (date_to - date_from).days + 1
    status = holding_status(session, agreement_id=agreement_id, as_of=date_to, days=days, zone=zone)
    previous = None
    if date_from - timedelta(days=1) >= first_full_day(agreement):
        previous = holding_status(
            session, agreement_id=agreement_id, as_of=date_from - timedelta(days=1), days=days,
            zone=zone,
        )  # fmt: skip
    items = [
        it
        for it in _items(session, agreement, date_from, date_to)
        if zone is None or it.zone == zone
    ]
    before = {z.zone: z for z in previous.zones} if previous else {}
    quiet = previous.thresholds.status(0, 0) if previous else ""
    changes = [
        Change(
            z.zone, z.name, before[z.zone].status if z.zone in before else quiet,
            z.status, before[z.zone].violations if z.zone in before else 0, z.violations,
        )
        for z in status.zones
        if zone is None or z.zone == zone
    ]  # fmt: skip
    top = [_details(session, it) for it in sorted(items, key=_rank)[:TOP_INCIDENTS]]
    return Situation(
        agreement=agreement, date_from=date_from, date_to=date_to, zone=zone,
        generated_at=datetime.now(UTC).replace(microsecond=0), status=status,
        previous=previous, changes=changes, series=_series(items, date_from, date_to),
        items=items, top=top,
        claims=[_details(session, it) for it in items if it.allegation],
        undetermined=[it for it in items if it.verdict == "undetermined" and not it.allegation],
        unverified=[it for it in items if it.violation and it.status != "verified"],
        audit_head=head_line(session),
    )  # fmt: skip
