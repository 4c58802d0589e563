"""List queries with filters and pagination: events, incidents, assessments, the audit log.

Filtering, ordering, counting and paging happen in the database. Where a filter compares
names the way agreement files do (folded case, Unicode forms, apostrophes: ``normalise_name``)
or places incidents in an agreement's zones (polygons, then admin areas: ``Agreement.zone_of``),
SQL cannot apply the rule itself; the query then reads the few *distinct* values concerned
(actor names, event types, places), applies the exact rule to each in Python, and filters the
rows in SQL by the values that passed. The result is exactly what the rule says, counted and
paged by the database, and the Python side grows with the number of distinct names and places,
not with the number of incidents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, tuple_, union
from sqlalchemy.orm import Session

from ceasefire.agreements.names import normalise_name
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.service import get_agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.audit.models import AuditEntryRow
from ceasefire.errors import InputError
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.models import EventRow

T = TypeVar("T")
#: The verdicts an assessment gives.
VERDICTS = ("violation", "no_violation", "undetermined")
BBox = tuple[float, float, float, float]
_CHUNK = 500


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: ``items`` from ``offset``, ``total`` rows matching the filters."""

    items: list[T]
    total: int
    limit: int | None
    offset: int


@dataclass(frozen=True)
class IncidentItem:
    """An incident with its verdict and zone under the agreement asked about (else None)."""

    incident: IncidentRow
    assessment: AssessmentRow | None
    zone: str | None


def _page(
    session: Session, query: Select[Any], *, limit: int | None, offset: int
) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(session.execute(query.limit(limit).offset(offset)).tuples())
    return rows, int(total or 0)


def query_events(
    session: Session,
    *,
    countries: Sequence[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    document_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[EventRow]:
    """Stored events in storage order: by country (exact names), date range, document."""
    query = select(EventRow)
    if countries:
        query = query.where(EventRow.country.in_(list(countries)))
    if date_from is not None:
        query = query.where(EventRow.event_date >= date_from)
    if date_to is not None:
        query = query.where(EventRow.event_date <= date_to)
    if document_id is not None:
        query = query.where(EventRow.document_id == document_id)
    rows, total = _page(session, query.order_by(EventRow.id), limit=limit, offset=offset)
    return Page([r[0] for r in rows], total, limit, offset)


def _matching(session: Session, columns: Sequence[Any], wanted: str) -> list[str]:
    """The distinct stored values of ``columns`` whose folded form is ``wanted``'s."""
    values = session.scalars(union(*(select(c.label("v")).distinct() for c in columns)))
    key = normalise_name(wanted)
    return [v for v in values if v and normalise_name(v) == key]


def zone_places(
    session: Session, terms: Agreement, zone: str, where: Sequence[ColumnElement[bool]]
) -> ColumnElement[bool]:
    """A condition true of exactly the incidents (among ``where``) whose place
    ``terms.zone_of`` puts in ``zone``: zones are decided once per distinct place."""
    places = session.execute(
        select(IncidentRow.admin1, IncidentRow.latitude, IncidentRow.longitude)
        .where(*where)
        .distinct()
    ).tuples()
    located: list[tuple[str, float, float]] = []
    unlocated: list[str] = []
    for admin1, lat, lon in places:
        found = terms.zone_of(admin1, None, lat, lon)
        if found is None or found.id != zone:
            continue
        if lat is None or lon is None:
            unlocated.append(admin1)
        else:
            located.append((admin1, lat, lon))
    parts: list[ColumnElement[bool]] = []
    place = tuple_(IncidentRow.admin1, IncidentRow.latitude, IncidentRow.longitude)
    for i in range(0, len(located), _CHUNK):
        parts.append(place.in_(located[i : i + _CHUNK]))
    if unlocated:
        parts.append(
            and_(
                or_(IncidentRow.latitude.is_(None), IncidentRow.longitude.is_(None)),
                IncidentRow.admin1.in_(sorted(set(unlocated))),
            )
        )
    return or_(*parts) if parts else false()


def check_bbox(box: Sequence[float], *, text: str = "") -> BBox:
    """``(min_lon, min_lat, max_lon, max_lat)``, checked, else an ``InputError`` on ``bbox``."""
    if len(box) != 4 or not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
        raise InputError(
            f"not a bounding box: {text or list(box)!r}",
            field="bbox",
            hint="Give min_lon,min_lat,max_lon,max_lat, e.g. 36.0,33.3,36.6,33.8.",
        )
    return box[0], box[1], box[2], box[3]


def query_incidents(
    session: Session,
    *,
    agreement: str | None = None,
    zone: str | None = None,
    party: str | None = None,
    event_type: str | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    bbox: BBox | None = None,
    verdict: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> Page[IncidentItem]:
    """Incidents by date (then id), with their verdict and zone under ``agreement``.

    ``zone`` and ``verdict`` need ``agreement`` (both belong to one); ``verdict`` is one of
    ``VERDICTS``. ``limit`` None gives every match. ``party`` matches actor1, actor2 or
    the attributed party of the verdict under ``agreement``, names folded. ``event_type`` is
    matched folded too. The date range keeps incidents overlapping it; ``bbox``
    (min_lon, min_lat, max_lon, max_lat) keeps located incidents inside it, edges included.
    """
    if zone is not None and agreement is None:
        raise InputError(
            "a zone belongs to an agreement", field="zone", hint="Pass agreement= as well."
        )
    if verdict is not None and agreement is None:
        raise InputError(
            "a verdict is given under an agreement", field="verdict",
            hint="Pass agreement= as well.",
        )  # fmt: skip
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(
            f"unknown verdict {verdict!r}", field="verdict",
            hint=f"Choose one of: {', '.join(VERDICTS)}.",
        )  # fmt: skip
    terms = get_agreement(session, agreement) if agreement is not None else None
    if zone is not None and terms is not None and zone not in {z.id for z in terms.zones}:
        raise InputError(
            f"agreement {agreement} has no zone {zone!r}", field="zone",
            hint=f"Its zones: {', '.join(z.id for z in terms.zones) or 'none'}.",
        )  # fmt: skip
    where: list[ColumnElement[bool]] = []
    if status is not None:
        where.append(IncidentRow.status == status)
    if date_from is not None:
        where.append(IncidentRow.date_to >= date_from)
    if date_to is not None:
        where.append(IncidentRow.date_from <= date_to)
    if bbox is not None:
        where.extend([
            IncidentRow.longitude.between(bbox[0], bbox[2]),
            IncidentRow.latitude.between(bbox[1], bbox[3]),
        ])  # fmt: skip
    if event_type is not None:
        types = _matching(session, [IncidentRow.event_type], event_type)
        where.append(IncidentRow.event_type.in_(types))
    assessed = and_(
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement,
        AssessmentRow.rules_version == RULES_VERSION,
    )
    if zone is not None and terms is not None:
        # Places are read under the incident-only filters: a superset, so still exact.
        where.append(zone_places(session, terms, zone, list(where)))
    if party is not None:
        columns: list[Any] = [IncidentRow.actor1, IncidentRow.actor2]
        if agreement is not None:
            columns.append(AssessmentRow.party)
        names = _matching(session, columns, party)
        either = [IncidentRow.actor1.in_(names), IncidentRow.actor2.in_(names)]
        if agreement is not None:
            either.append(AssessmentRow.party.in_(names))
        where.append(or_(*either))
    if verdict is not None:
        where.append(AssessmentRow.verdict == verdict)
    query: Select[Any]
    if agreement is None:
        query = select(IncidentRow).where(*where)
    else:
        query = select(IncidentRow, AssessmentRow).outerjoin(AssessmentRow, assessed).where(*where)
    query = query.order_by(IncidentRow.date_from, IncidentRow.id)
    rows, total = _page(session, query, limit=limit, offset=offset)
    items = []
    for row in rows:
        incident, assessment = row[0], (row[1] if agreement is not None else None)
        place = (
            terms.zone_of(incident.admin1, None, incident.latitude, incident.longitude)
            if terms is not None
            else None
        )
        items.append(IncidentItem(incident, assessment, place.id if place is not None else None))
    return Page(items, total, limit, offset)


def query_assessments(
    session: Session,
    *,
    agreement: str,
    verdict: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Page[AssessmentRow]:
    """The verdicts under ``agreement`` (current rules version), by incident date then id."""
    get_agreement(session, agreement)
    query = (
        select(AssessmentRow)
        .join(IncidentRow, IncidentRow.id == AssessmentRow.incident_id)
        .where(
            AssessmentRow.agreement_id == agreement, AssessmentRow.rules_version == RULES_VERSION
        )
    )
    if verdict is not None:
        query = query.where(AssessmentRow.verdict == verdict)
    query = query.order_by(IncidentRow.date_from, IncidentRow.id)
    rows, total = _page(session, query, limit=limit, offset=offset)
    return Page([r[0] for r in rows], total, limit, offset)


def query_audit(session: Session, *, limit: int = 100, offset: int = 0) -> Page[AuditEntryRow]:
    """Audit-log entries in chain order."""
    query = select(AuditEntryRow).order_by(AuditEntryRow.seq)
    rows, total = _page(session, query, limit=limit, offset=offset)
    return Page([r[0] for r in rows], total, limit, offset)
