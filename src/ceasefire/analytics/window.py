"""The incidents a status reads, counted in SQL: groups of incidents that count alike.

A status needs, per period (the window, the previous period, the baseline), how many incidents
of each kind each place and party had: :func:`count_groups` asks the database for exactly
that, one row per (period, place, party, side, verdict, review status, allegation) with the
number of incidents and their fatalities, so a million stored incidents never cross into
Python one by one. Places become zones once per distinct place (:class:`ZoneFinder`).
:func:`daily_violations` gives the violations per day and place that spikes read.

Days the ceasefire was in force are classified from the stored assessments (current rules).
Days before it took effect have no violations by definition, so for the baseline the rules are
applied *as if it had been in force* (same parties, scope, acts and exclusions): what would
have been a violation. Those incidents are judged one by one in Python (there are only the
days of one baseline) and carry ``hypothetical=True``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, func, select, true
from sqlalchemy.orm import Session

from ceasefire.actors.registry import ActorRegistry
from ceasefire.agreements.names import normalise_place
from ceasefire.agreements.schema import Agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION, IncidentFacts, assess
from ceasefire.events.incident_models import IncidentRow

NO_ZONE = "(no zone)"
UNATTRIBUTED = "(unattributed)"
_ALWAYS = datetime(1, 1, 2, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """Calendar days ``start``..``end`` (both included), in the agreement's time zone."""

    start: date
    end: date
    kind: str = "window"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def shifted(self, days: int, kind: str) -> Period:
        return Period(self.start - timedelta(days=days), self.end - timedelta(days=days), kind)


@dataclass(frozen=True)
class Group:
    """``incidents`` incidents of one period that count alike: same place, verdict, party,
    side, review status and allegation flag; ``fatalities`` is their sum."""

    period: str
    zone: str
    party: str
    side: str
    verdict: str
    status: str
    allegation: bool
    location: str
    latitude: float | None
    longitude: float | None
    hypothetical: bool
    incidents: int = 1
    fatalities: int = 0

    @property
    def violation(self) -> bool:
        return self.verdict == "violation" and not self.allegation

    @property
    def verified(self) -> bool:
        return self.violation and self.status == "verified" and not self.hypothetical


@dataclass(frozen=True)
class DailyViolations:
    """Violations in one zone on one day (what spikes read)."""

    zone: str
    day: date
    violations: int


class ZoneFinder:
    """``Agreement.zone_of`` (polygon, then admin1; first zone in the file wins) with the
    folded admin1 names and polygon bounds computed once, for many places."""

    def __init__(self, agreement: Agreement) -> None:
        self._polygons = [(z.id, z.polygon, z.polygon.bounds()) for z in agreement.zones
                          if z.polygon is not None]  # fmt: skip
        self._admin1: dict[str, str] = {}
        for zone in agreement.zones:
            for name in zone.admin1:
                self._admin1.setdefault(normalise_place(name), zone.id)
        self._agreement = agreement
        self._admin2 = any(z.admin2 for z in agreement.zones)

    def zone(self, admin1: str | None, lat: float | None, lon: float | None) -> str:
        """The zone id of the place, or ``NO_ZONE``."""
        if self._admin2:  # admin2 zones need the admin2 name, which incidents do not keep
            found = self._agreement.zone_of(admin1, None, lat, lon)
            return found.id if found is not None else NO_ZONE
        if lat is not None and lon is not None:
            for zone_id, polygon, (w, s, e, n) in self._polygons:
                if w <= lon <= e and s <= lat <= n and polygon.contains(lon, lat):
                    return zone_id
        if admin1:
            return self._admin1.get(normalise_place(admin1), NO_ZONE)
        return NO_ZONE


def first_full_day(agreement: Agreement) -> date:
    """The first calendar day (agreement's time zone) wholly in force."""
    day = agreement.effective_from.astimezone(agreement.local_zone()).date()
    return day if agreement.covers_time(day) else day + timedelta(days=1)


def _as_if_in_force(agreement: Agreement) -> Agreement:
    return agreement.model_copy(update={"effective_from": _ALWAYS, "effective_until": None})


_FACTS = (
    IncidentRow.event_type, IncidentRow.sub_event_type, IncidentRow.actor1, IncidentRow.actor2,
    IncidentRow.country, IncidentRow.claimant, IncidentRow.source_count,
)  # fmt: skip


Judged = tuple[date, str, float | None, float | None, str, bool, int, str, tuple[str, str, str]]


def _hypothetical(
    session: Session,
    agreement: Agreement,
    start: date,
    end: date,
    registry: ActorRegistry | None,
) -> list[Judged]:
    """Each incident of ``start``..``end`` (day, admin1, lat, lon, place, allegation,
    fatalities, status) with its verdict, party and side as if the ceasefire were in force."""
    imagined = _as_if_in_force(agreement)
    query = select(
        IncidentRow.date_from, IncidentRow.date_to, IncidentRow.admin1, IncidentRow.latitude,
        IncidentRow.longitude, IncidentRow.location, IncidentRow.allegation,
        IncidentRow.fatalities, IncidentRow.status, *_FACTS,
    ).where(IncidentRow.date_from >= start, IncidentRow.date_from <= end)  # fmt: skip
    memo: dict[tuple[object, ...], tuple[str, str, str]] = {}
    out: list[Judged] = []
    for day, day_to, admin1, lat, lon, place, allegation, dead, status, *facts in session.execute(
        query
    ):
        key = (day_to - day, admin1, lat, lon, allegation, *facts)
        if key not in memo:
            event_type, sub, actor1, actor2, country, claimant, sources = facts
            judged = assess(
                IncidentFacts(
                    date_from=day, date_to=day_to, event_type=event_type, sub_event_type=sub,
                    actor1=actor1, actor2=actor2, country=country, admin1=admin1,
                    latitude=lat, longitude=lon, allegation=bool(allegation),
                    claimant=claimant, source_count=sources,
                ),
                imagined,
                registry,
            )  # fmt: skip
            memo[key] = (judged.verdict, judged.party or "", judged.side or "")
        out.append((day, admin1, lat, lon, place or "", bool(allegation), int(dead or 0),
                    status, memo[key]))  # fmt: skip
    return out


def _assessed(session: Session, agreement: Agreement, start: date, end: date) -> Subquery:
    """Incidents whose first day is in ``start``..``end`` with their stored verdict, party and
    side under ``agreement`` (current rules; None when not assessed)."""
    joined = and_(
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement.id,
        AssessmentRow.rules_version == RULES_VERSION,
    )
    columns = (
        IncidentRow.date_from, IncidentRow.admin1, IncidentRow.latitude, IncidentRow.longitude,
        IncidentRow.location, IncidentRow.allegation, IncidentRow.fatalities, IncidentRow.status,
    )  # fmt: skip
    in_span = (IncidentRow.date_from >= start, IncidentRow.date_from <= end)
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL would hash-join the whole assessments table (every row matches the
        # agreement and rules version); one index look-up per incident of the span is faster.
        verdicts = (
            select(AssessmentRow.verdict, AssessmentRow.party, AssessmentRow.side)
            .where(joined)
            .limit(1)
            .lateral("a")
        )
        query = select(*columns, verdicts.c.verdict, verdicts.c.party, verdicts.c.side)
        query = query.select_from(IncidentRow).outerjoin(verdicts, true())
    else:
        query = select(*columns, AssessmentRow.verdict, AssessmentRow.party, AssessmentRow.side)
        query = query.select_from(IncidentRow).outerjoin(AssessmentRow, joined)
    return query.where(*in_span).subquery("assessed")


def _stored_groups(
    session: Session, agreement: Agreement, window: Period, previous: Period, zones: _Zones
) -> Iterator[Group]:
    """The groups of the days in force of ``previous`` and ``window`` (one SQL GROUP BY)."""
    start = max(previous.start, first_full_day(agreement))
    if start > window.end:
        return
    rows = _assessed(session, agreement, start, window.end)
    period = case((rows.c.date_from >= window.start, "window"), else_="previous")
    keys: list[ColumnElement[Any]] = [
        period, rows.c.admin1, rows.c.latitude, rows.c.longitude, rows.c.location,
        rows.c.party, rows.c.side, rows.c.verdict, rows.c.status, rows.c.allegation,
    ]  # fmt: skip
    query = select(*keys, func.count(), func.coalesce(func.sum(rows.c.fatalities), 0))
    query = query.group_by(*keys)
    for (
        when,
        admin1,
        lat,
        lon,
        place,
        party,
        side,
        verdict,
        status,
        alleged,
        n,
        dead,
    ) in session.connection().execute(query):
        yield Group(
            when, zones(admin1, lat, lon), party or "", side or "", verdict or "", status,
            bool(alleged), place or "", lat, lon, False, int(n), int(dead),
        )  # fmt: skip


def _imagined_groups(
    session: Session,
    agreement: Agreement,
    periods: list[Period],
    start: date,
    zones: _Zones,
    registry: ActorRegistry | None,
) -> tuple[list[Group], list[DailyViolations]]:
    """The incidents of the days from ``start`` to the ceasefire, judged as if it were in
    force: one group per incident in every one of ``periods`` its day falls in, and their
    violations per zone and day."""
    before = first_full_day(agreement) - timedelta(days=1)
    if start > before:
        return [], []
    imagined = _hypothetical(session, agreement, start, before, registry)
    groups: list[Group] = []
    daily: Counter[tuple[str, date]] = Counter()
    for day, admin1, lat, lon, place, alleged, dead, status, (verdict, party, side) in imagined:
        zone = zones(admin1, lat, lon)
        one = Group("", zone, party, side, verdict, status, alleged, place, lat, lon, True, 1,
                    dead)  # fmt: skip
        if one.violation:
            daily[(zone, day)] += 1
        kinds = {p.kind: p for p in periods}  # a baseline that is the previous period: once
        groups.extend(replace(one, period=k) for k, p in kinds.items() if day in p)
    return groups, [DailyViolations(z, d, n) for (z, d), n in daily.items()]


def daily_violations(
    session: Session, agreement: Agreement, span: Period, zones: _Zones
) -> list[DailyViolations]:
    """Violations (stored verdicts, allegations apart) per zone and day of ``span``'s days in
    force (one SQL GROUP BY over days and places)."""
    start = max(span.start, first_full_day(agreement))
    if start > span.end:
        return []
    rows = _assessed(session, agreement, start, span.end)
    keys = (rows.c.date_from, rows.c.admin1, rows.c.latitude, rows.c.longitude)
    query = (
        select(*keys, func.count())
        .where(rows.c.verdict == "violation", rows.c.allegation.is_(False))
        .group_by(*keys)
    )
    daily: Counter[tuple[str, date]] = Counter()
    for day, admin1, lat, lon, n in session.connection().execute(query):
        daily[(zones(admin1, lat, lon), day)] += int(n)
    return [DailyViolations(z, d, n) for (z, d), n in daily.items()]


class _Zones:
    """The zone of a place, decided once per distinct (admin1, latitude, longitude)."""

    def __init__(self, agreement: Agreement) -> None:
        self._finder = ZoneFinder(agreement)
        self._seen: dict[tuple[str | None, float | None, float | None], str] = {}

    def __call__(self, admin1: str | None, lat: float | None, lon: float | None) -> str:
        key = (admin1, lat, lon)
        zone = self._seen.get(key)
        if zone is None:
            zone = self._seen[key] = self._finder.zone(admin1, lat, lon)
        return zone


@dataclass(frozen=True)
class Counted:
    """What :func:`count_groups` gives: the groups of each period and the daily violations."""

    groups: dict[str, list[Group]]
    daily: list[DailyViolations]


def count_groups(
    session: Session,
    agreement: Agreement,
    periods: tuple[Period, Period, Period],
    rolling: Period,
    *,
    registry: ActorRegistry | None = None,
) -> Counted:
    """The groups of the (window, previous, baseline) ``periods`` (see the module doc), keyed
    by period kind, and the violations per zone and day of ``rolling`` (for spikes).

    The baseline is either the previous period (its groups are shared) or days before the
    ceasefire; every day before it is judged as if it had been in force.
    """
    window, previous, baseline = periods
    zones = _Zones(agreement)
    out: dict[str, list[Group]] = {window.kind: [], previous.kind: [], baseline.kind: []}
    for group in _stored_groups(session, agreement, window, previous, zones):
        out[window.kind if group.period == "window" else previous.kind].append(group)
    start = min(rolling.start, previous.start, baseline.start)
    imagined, imagined_daily = _imagined_groups(
        session, agreement, [window, previous, baseline], start, zones, registry
    )
    for group in imagined:
        out[group.period].append(group)
    daily = daily_violations(session, agreement, rolling, zones)
    daily += [d for d in imagined_daily if d.day in rolling]
    return Counted(out, daily)
