"""The incidents a status reads: one row per incident in a date range, classified once.

Each incident of the range comes back as a :class:`Tally` row: its first day, its zone under
the agreement, and what it counts as (violation, verified violation, allegation, undetermined,
not assessed). Days the ceasefire was in force are classified from the stored assessments
(current rules). Days before it took effect have no violations by definition, so for the
baseline the rules are applied *as if it had been in force* (same parties, scope, acts and
exclusions): what would have been a violation. Those rows carry ``hypothetical=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, true
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
class Tally:
    """One incident as the status counts it."""

    id: int
    day: date
    zone: str
    party: str
    side: str
    verdict: str
    status: str
    allegation: bool
    fatalities: int
    location: str
    latitude: float | None
    longitude: float | None
    hypothetical: bool

    @property
    def violation(self) -> bool:
        return self.verdict == "violation" and not self.allegation

    @property
    def verified(self) -> bool:
        return self.violation and self.status == "verified" and not self.hypothetical


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


_COLUMNS = (
    IncidentRow.id, IncidentRow.date_from, IncidentRow.admin1,
    IncidentRow.latitude, IncidentRow.longitude, IncidentRow.location, IncidentRow.allegation,
    IncidentRow.fatalities, IncidentRow.status, AssessmentRow.verdict, AssessmentRow.party,
    AssessmentRow.side,
)  # fmt: skip
_FACTS = (
    IncidentRow.event_type, IncidentRow.sub_event_type, IncidentRow.actor1, IncidentRow.actor2,
    IncidentRow.country, IncidentRow.claimant, IncidentRow.source_count,
)  # fmt: skip


def _hypothetical(
    session: Session,
    agreement: Agreement,
    start: date,
    end: date,
    registry: ActorRegistry | None,
) -> dict[int, tuple[str, str, str]]:
    """Verdict, party and side of each incident of ``start``..``end`` as if in force."""
    imagined = _as_if_in_force(agreement)
    query = select(
        IncidentRow.id, IncidentRow.date_from, IncidentRow.date_to, IncidentRow.admin1,
        IncidentRow.latitude, IncidentRow.longitude, IncidentRow.allegation, *_FACTS,
    ).where(IncidentRow.date_from >= start, IncidentRow.date_from <= end)  # fmt: skip
    memo: dict[tuple[object, ...], tuple[str, str, str]] = {}
    out: dict[int, tuple[str, str, str]] = {}
    for iid, day, day_to, admin1, lat, lon, allegation, *facts in session.execute(query):
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
            memo[key] = (judged.verdict, judged.party, judged.side)
        out[iid] = memo[key]
    return out


def tally(
    session: Session,
    agreement: Agreement,
    span: Period,
    *,
    registry: ActorRegistry | None = None,
    all_from: date | None = None,
) -> list[Tally]:
    """Every incident whose first day falls in ``span``, classified (see the module doc).

    With ``all_from``, the days of ``span`` before it (read only for spikes) give only the
    violations, and every incident of days before the ceasefire.
    """
    start_day = first_full_day(agreement)
    joined = and_(
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement.id,
        AssessmentRow.rules_version == RULES_VERSION,
    )
    query = (
        select(*_COLUMNS)
        .select_from(IncidentRow)
        .outerjoin(AssessmentRow, joined)
        .where(IncidentRow.date_from >= span.start, IncidentRow.date_from <= span.end)
    )
    verdict_column: ColumnElement[str]
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL would hash-join the whole assessments table (every row matches the
        # agreement and rules version); one index look-up per incident of the span is faster.
        verdicts = (
            select(AssessmentRow.verdict, AssessmentRow.party, AssessmentRow.side)
            .where(joined)
            .limit(1)
            .lateral("a")
        )
        query = (
            select(*_COLUMNS[:-3], verdicts.c.verdict, verdicts.c.party, verdicts.c.side)
            .select_from(IncidentRow)
            .outerjoin(verdicts, true())
            .where(IncidentRow.date_from >= span.start, IncidentRow.date_from <= span.end)
        )
        verdict_column = verdicts.c.verdict
    else:
        verdict_column = AssessmentRow.__table__.c.verdict
    if all_from is not None and all_from > span.start:
        query = query.where(
            or_(
                IncidentRow.date_from >= all_from,
                IncidentRow.date_from < start_day,
                and_(verdict_column == "violation", IncidentRow.allegation.is_(False)),
            )
        )
    imagined: dict[int, tuple[str, str, str]] = {}
    if span.start < start_day:
        end = min(span.end, start_day - timedelta(days=1))
        imagined = _hypothetical(session, agreement, span.start, end, registry)
    zones: dict[tuple[str, float | None, float | None], str] = {}
    finder = ZoneFinder(agreement)
    out: list[Tally] = []
    # Core rows (not ORM entities): the window of a status can hold tens of thousands.
    for (
        iid,
        day,
        admin1,
        lat,
        lon,
        location,
        allegation,
        deaths,
        status,
        verdict,
        party,
        side,
    ) in session.connection().execute(query):
        key = (admin1, lat, lon)
        zone = zones.get(key)
        if zone is None:
            zone = zones[key] = finder.zone(admin1, lat, lon)
        hypothetical = iid in imagined
        if hypothetical:
            verdict, party, side = imagined[iid]
        out.append(
            Tally(
                iid,
                day,
                zone,
                party or "",
                side or "",
                verdict or "",
                status,
                bool(allegation),
                int(deaths or 0),
                location or "",
                lat,
                lon,
                hypothetical,
            )
        )
    return out
