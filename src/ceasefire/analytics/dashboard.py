"""What the dashboard shows for one filter: map points, the incidents in view, the daily
violations by side, and the zones with their shapes.

One ``ViewFilter`` (agreement, zone, party, type, verdict, status, dates, map area) is turned
into SQL conditions once (:func:`conditions`); every answer below applies the same conditions,
so the map, the table, the timeline and the exports always agree. Names are matched the way
agreement files match them and zones are decided per distinct place, as in
``events.queries`` (whose ``zone_places`` this module reuses); counting and grouping happen in
SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union
from sqlalchemy.orm import Session

from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.schema import Agreement, Zone
from ceasefire.agreements.service import get_agreement
from ceasefire.analytics.status import holding_status
from ceasefire.analytics.window import first_full_day
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.errors import InputError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.queries import BBox, IncidentItem, Page, zone_places
from ceasefire.places.boundaries import admin1_shapes

VERDICTS = ("violation", "no_violation", "undetermined")
STATUSES = ("reported", "under_review", "verified", "not_verified", "disputed")
UNASSESSED = "unassessed"
UNATTRIBUTED = "(unattributed)"


@dataclass(frozen=True)
class ViewFilter:
    """The dashboard's filter; every field optional. ``zone`` and ``verdict`` need
    ``agreement``; ``verdict`` may also be ``unassessed``."""

    agreement: str | None = None
    zone: str | None = None
    party: str | None = None
    event_type: str | None = None
    verdict: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    bbox: BBox | None = None

    def check(self) -> None:
        if self.zone is not None and self.agreement is None:
            raise InputError("a zone belongs to an agreement", field="zone",
                             hint="Choose an agreement as well.")  # fmt: skip
        if self.verdict is not None:
            if self.agreement is None:
                raise InputError("a verdict is given under an agreement", field="verdict",
                                 hint="Choose an agreement as well.")  # fmt: skip
            if self.verdict not in (*VERDICTS, UNASSESSED):
                known = ", ".join((*VERDICTS, UNASSESSED))
                raise InputError(f"unknown verdict {self.verdict!r}", field="verdict",
                                 hint=f"Use one of: {known}.")  # fmt: skip
        if self.status is not None and self.status not in STATUSES:
            raise InputError(f"unknown status {self.status!r}", field="status",
                             hint=f"Use one of: {', '.join(STATUSES)}.")  # fmt: skip
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"the dates are reversed: {self.date_from} is after {self.date_to}",
                             field="date_from", hint="Swap the dates.")  # fmt: skip


@dataclass(frozen=True)
class View:
    """A filter turned into SQL: the agreement's terms, the conditions on incidents (and on
    their assessment, outer-joined by ``assessed``)."""

    terms: Agreement | None
    where: list[ColumnElement[bool]]
    assessed: ColumnElement[bool] | None

    def select(self, *columns: Any) -> Select[Any]:
        query = select(*columns).select_from(IncidentRow)
        if self.assessed is not None:
            query = query.outerjoin(AssessmentRow, self.assessed)
        return query.where(*self.where)

    def zone_of(self, row: IncidentRow | tuple[Any, ...]) -> str | None:
        if self.terms is None:
            return None
        if isinstance(row, IncidentRow):
            found = self.terms.zone_of(row.admin1, None, row.latitude, row.longitude)
        else:
            found = self.terms.zone_of(row[0], None, row[1], row[2])
        return found.id if found is not None else None


def _matching(session: Session, columns: Sequence[Any], wanted: str) -> list[str]:
    values = session.scalars(union(*(select(c.label("v")).distinct() for c in columns)))
    key = normalise_name(wanted)
    return [v for v in values if v and normalise_name(v) == key]


def conditions(session: Session, view: ViewFilter) -> View:
    """The SQL conditions of ``view`` (raises ``InputError`` for a bad filter, ``NotFoundError``
    for an unknown agreement or zone)."""
    view.check()
    terms = get_agreement(session, view.agreement) if view.agreement is not None else None
    if terms is not None and view.zone is not None and terms.zone(view.zone) is None:
        raise InputError(
            f"agreement {view.agreement} has no zone {view.zone!r}", field="zone",
            hint=f"Zones: {', '.join(z.id for z in terms.zones) or '(none)'}.",
        )  # fmt: skip
    where: list[ColumnElement[bool]] = []
    if view.status is not None:
        where.append(IncidentRow.status == view.status)
    if view.date_from is not None:
        where.append(IncidentRow.date_to >= view.date_from)
    if view.date_to is not None:
        where.append(IncidentRow.date_from <= view.date_to)
    if view.bbox is not None:
        west, south, east, north = view.bbox
        where.append(IncidentRow.longitude.between(west, east))
        where.append(IncidentRow.latitude.between(south, north))
    if view.event_type is not None:
        where.append(IncidentRow.event_type.in_(
            _matching(session, [IncidentRow.event_type], view.event_type)))  # fmt: skip
    if terms is not None and view.zone is not None:
        where.append(zone_places(session, terms, view.zone, list(where)))
    assessed = None
    if view.agreement is not None:
        assessed = and_(
            AssessmentRow.incident_id == IncidentRow.id,
            AssessmentRow.agreement_id == view.agreement,
            AssessmentRow.rules_version == RULES_VERSION,
        )
        if view.verdict == UNASSESSED:
            where.append(AssessmentRow.id.is_(None))
        elif view.verdict is not None:
            where.append(AssessmentRow.verdict == view.verdict)
    if view.party is not None:
        columns: list[Any] = [IncidentRow.actor1, IncidentRow.actor2]
        if assessed is not None:
            columns.append(AssessmentRow.party)
        names = _matching(session, columns, view.party)
        either = [IncidentRow.actor1.in_(names), IncidentRow.actor2.in_(names)]
        if assessed is not None:
            either.append(AssessmentRow.party.in_(names))
        where.append(or_(*either))
    return View(terms, where, assessed)


@dataclass(frozen=True)
class MapPoint:
    """One incident on the map: where, how it was judged and where it stands."""

    id: int
    latitude: float
    longitude: float
    verdict: str | None
    status: str


def map_points(session: Session, view: ViewFilter) -> list[MapPoint]:
    """Every located incident passing ``view``, in id order (five columns, one query, read
    through the Core connection: ten thousand rows through ORM loading would triple the time)."""
    done = conditions(session, view)
    verdict: Any = AssessmentRow.verdict if done.assessed is not None else None
    columns = [IncidentRow.id, IncidentRow.latitude, IncidentRow.longitude, IncidentRow.status]
    query = done.select(*columns, *([verdict] if verdict is not None else [])).where(
        IncidentRow.latitude.is_not(None), IncidentRow.longitude.is_not(None)
    )
    rows = session.connection().execute(query.order_by(IncidentRow.id)).all()
    if verdict is None:
        return [MapPoint(r[0], r[1], r[2], None, r[3]) for r in rows]
    return [MapPoint(r[0], r[1], r[2], r[4], r[3]) for r in rows]


def incidents_in_view(
    session: Session, view: ViewFilter, *, limit: int = 100, offset: int = 0
) -> Page[IncidentItem]:
    """The incidents passing ``view`` (with ``bbox``: those in the visible map area), by date
    then id, each with its verdict and zone under the agreement."""
    done = conditions(session, view)
    columns: list[Any] = [IncidentRow]
    if done.assessed is not None:
        columns.append(AssessmentRow)
    query = done.select(*columns).order_by(IncidentRow.date_from, IncidentRow.id)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = []
    for row in session.execute(query.limit(limit).offset(offset)).tuples():
        assessment = row[1] if done.assessed is not None else None
        items.append(IncidentItem(row[0], assessment, done.zone_of(row[0])))
    return Page(items, int(total or 0), limit, offset)


def iter_incidents(session: Session, view: ViewFilter) -> Iterator[IncidentItem]:
    """Every incident passing ``view`` (for exports), by date then id, read in chunks."""
    done = conditions(session, view)
    columns: list[Any] = [IncidentRow]
    if done.assessed is not None:
        columns.append(AssessmentRow)
    query = done.select(*columns).order_by(IncidentRow.date_from, IncidentRow.id)
    for row in session.execute(query.execution_options(yield_per=1000)).tuples():
        assessment = row[1] if done.assessed is not None else None
        yield IncidentItem(row[0], assessment, done.zone_of(row[0]))


@dataclass(frozen=True)
class Marker:
    """A date drawn on the timeline: the start of the agreement or a guarantor's joining."""

    date: date
    label: str


@dataclass(frozen=True)
class Timeline:
    """Violations per day (first day of the incident) and side, with the agreement's dates."""

    sides: list[str]
    days: list[tuple[date, dict[str, int]]]
    markers: list[Marker] = field(default_factory=list)


def daily_violations(session: Session, view: ViewFilter) -> Timeline:
    """Incidents assessed ``violation`` under the agreement, per day and attributed side
    (``(unattributed)`` when the verdict names none), for the filter ``view``."""
    if view.agreement is None:
        raise InputError("the timeline counts violations of one agreement", field="agreement",
                         hint="Choose an agreement.")  # fmt: skip
    done = conditions(session, view)
    assert done.terms is not None and done.assessed is not None
    query = (
        done.select(IncidentRow.date_from, AssessmentRow.side, func.count(IncidentRow.id))
        .where(AssessmentRow.verdict == "violation")
        .group_by(IncidentRow.date_from, AssessmentRow.side)
        .order_by(IncidentRow.date_from)
    )
    days: dict[date, dict[str, int]] = {}
    sides: set[str] = set()
    for day, side, count in session.execute(query).tuples():
        key = side or UNATTRIBUTED
        sides.add(key)
        days.setdefault(day, {})[key] = days.get(day, {}).get(key, 0) + int(count)
    local = done.terms.local_zone()
    markers = [Marker(done.terms.effective_from.astimezone(local).date(), "ceasefire starts")]
    for guarantor in done.terms.guarantors:
        if guarantor.joined is not None:
            joined = guarantor.joined.astimezone(local).date()
            markers.append(Marker(joined, f"{guarantor.name} joins as guarantor"))
    if done.terms.effective_until is not None:
        ends = done.terms.effective_until.astimezone(local).date()
        markers.append(Marker(ends, "agreement ends"))
    return Timeline(sorted(sides), sorted(days.items()), markers)


def incident_assessments(session: Session, incident_id: int) -> list[AssessmentRow]:
    """The verdicts on one incident under every agreement (current rules), by agreement."""
    query = (
        select(AssessmentRow)
        .where(AssessmentRow.incident_id == incident_id,
               AssessmentRow.rules_version == RULES_VERSION)
        .order_by(AssessmentRow.agreement_id)
    )  # fmt: skip
    return list(session.scalars(query))


@dataclass(frozen=True)
class ZoneState:
    """A zone's holding status (``analytics.status``) and why, for the map and its list."""

    zone: str
    name: str
    status: str
    why: str
    violations: int


@dataclass(frozen=True)
class ZoneStates:
    """The zones' statuses over ``days`` days to ``as_of``; ``note`` says why there are none."""

    as_of: date | None
    days: int
    zones: list[ZoneState]
    note: str = ""


def zone_states(session: Session, view: ViewFilter, *, days: int = 7) -> ZoneStates:
    """The holding status of each zone of the filter's agreement over the ``days`` days up to
    the filter's last day (else the day of the latest incident stored), as ``ceasefire status``
    computes it, thresholds from the agreement file."""
    if view.agreement is None:
        raise InputError("a holding status belongs to an agreement", field="agreement",
                         hint="Choose an agreement.")  # fmt: skip
    terms = get_agreement(session, view.agreement)
    as_of = view.date_to or session.scalar(select(func.max(IncidentRow.date_from)))
    start = first_full_day(terms)
    if as_of is None or as_of < start:
        note = f"no incident since the agreement took effect on {start.isoformat()}"
        return ZoneStates(as_of, days, [], note)
    report = holding_status(session, agreement_id=view.agreement, as_of=as_of, days=days)
    zones = [ZoneState(z.zone, z.name, z.status, z.why, z.violations) for z in report.zones]
    return ZoneStates(as_of, days, zones)


def zone_features(terms: Agreement) -> list[dict[str, Any]]:
    """GeoJSON features of the agreement's zones: a polygon zone's own polygon, an admin1
    zone's governorates (from the packaged boundaries). Polygon zones come last, so they are
    drawn over the governorates they lie in."""

    def feature(zone: Zone, geometry: dict[str, Any]) -> dict[str, Any]:
        props = {"zone": zone.id, "name": zone.name}
        return {"type": "Feature", "properties": props, "geometry": geometry}

    areas = []
    polygons = []
    for zone in terms.zones:
        if zone.polygon is not None:
            coords = [[list(p) for p in ring] for ring in zone.polygon.coordinates]
            polygons.append(feature(zone, {"type": "Polygon", "coordinates": coords}))
        for shape in admin1_shapes(zone.admin1):
            areas.append(feature(zone, shape["geometry"]))
    return areas + polygons
