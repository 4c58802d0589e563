"""Incidents as data: one JSON-ready object per incident, with its verdict, claims and votes.

``incident_records`` (a filtered, paged list) and ``incident_record`` (one incident) build
the objects that ``ceasefire incidents --format json|csv|geojson``, ``ceasefire incident
show``, the API's ``/incidents`` routes and the dashboard all give. The shape is a contract
(issue 8): an object has at least

``id, date_from, date_to, country, admin1, location, latitude, longitude, zone, event_type,
sub_event_type, actor1, actor2, verdict, party, side, confidence, status, trace, claims,
votes, events``

where ``verdict`` is ``violation``, ``no_violation``, ``undetermined`` or None (no agreement
asked about, or not assessed under it), ``events`` lists every member with ``id,
event_id_cnty, document`` (the file name, else the title, of the text it was coded from; None
for a structured row), ``source, modality, claimant`` and the text span it was coded from,
and ``claims`` every allegation attached to it (``events.claims``): who claims what about
whom, with its source. ``actor1_id`` / ``actor2_id`` (of the incident and of each member)
list the registry id of every group the field names, resolved at ingest (``actors/ids.py``;
null for a group the registry did not know, the whole list null for a row stored before ids
were). ``claim_of`` is the other direction: for an allegation incident, the
observed incidents its claims are attached to.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from ceasefire.actors.ids import decode_ids
from ceasefire.agreements.service import get_agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION
from ceasefire.events.claim_models import IncidentClaimRow
from ceasefire.events.claims import accused_of, attached_to
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.incidents import get_incident
from ceasefire.events.models import EventRow
from ceasefire.events.queries import BBox, Page, query_incidents
from ceasefire.sources.models import BatchRow, DocumentRow
from ceasefire.verification.review_models import VoteRow

_CHUNK = 500


class EventRef(TypedDict):
    """A member event of an incident: where it came from and what it says."""

    id: int
    event_id_cnty: str
    document: str | None
    document_id: str | None
    source: str
    modality: str
    claimant: str
    event_date: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    actor1_id: list[str | None] | None
    actor2_id: list[str | None] | None
    location: str
    latitude: float | None
    longitude: float | None
    fatalities: int
    notes: str
    confidence: float | None
    coder: str
    span_start: int | None
    span_end: int | None
    text: str | None
    added_by: str
    submitted_by: str
    organisation: str
    id_space: str


class ClaimData(TypedDict):
    """An allegation attached to an incident: who claims what about whom, with its source."""

    event_id: int
    event_id_cnty: str
    incident_id: int | None
    modality: str
    claimant: str
    accused: str
    claim: str
    event_date: str
    event_type: str
    sub_event_type: str
    location: str
    fatalities: int
    notes: str
    source: str
    document: str | None
    text: str | None
    distance_km: float | None
    day_gap: int


class VoteData(TypedDict):
    """One member's vote in one review round."""

    round: int
    member: str
    choice: str
    rationale: str
    evidence: list[Any]
    cast_at: str


class IncidentData(TypedDict):
    """An incident with its verdict under one agreement, its sources, claims and votes."""

    id: int
    agreement: str | None
    date_from: str
    date_to: str
    country: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    zone: str | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    actor1_id: list[str | None] | None
    actor2_id: list[str | None] | None
    allegation: bool
    claimant: str
    fatalities: int
    fatalities_min: int
    fatalities_max: int
    verdict: str | None
    party: str | None
    side: str | None
    confidence: float | None
    rules_version: str | None
    assessed_at: str | None
    trace: list[Any]
    status: str
    review_agreement_id: str | None
    review_round: int
    decided_at: str | None
    event_count: int
    source_count: int
    sources: str
    disagreements: dict[str, Any]
    claim_of: list[int]
    claims: list[ClaimData]
    votes: list[VoteData]
    events: list[EventRef]


def _json(text: str | None, empty: Any) -> Any:
    try:
        value = json.loads(text or "null")
    except ValueError:
        return empty
    return value if isinstance(value, type(empty)) else empty


def _document_name(document: DocumentRow | None) -> str | None:
    if document is None:
        return None
    if document.source_path:
        return PurePath(document.source_path.replace("\\", "/")).name
    return document.title or document.id


def _span(event: EventRow, document: DocumentRow | None) -> str | None:
    if document is None or event.span_start is None or event.span_end is None:
        return None
    return document.text[event.span_start : event.span_end]


def _documents(session: Session, events: Sequence[EventRow]) -> dict[str, DocumentRow]:
    ids = sorted({e.document_id for e in events if e.document_id})
    found: dict[str, DocumentRow] = {}
    for i in range(0, len(ids), _CHUNK):
        query = select(DocumentRow).where(DocumentRow.id.in_(ids[i : i + _CHUNK]))
        found.update({d.id: d for d in session.scalars(query)})
    return found


def _batches(
    session: Session, events: Sequence[EventRow], docs: dict[str, DocumentRow]
) -> dict[int, BatchRow]:
    """The batches whose submitters answer for ``events`` (``EventRow.submitted_in``: the
    document's batch for coded text, else the event's own), in chunked queries."""
    ids = sorted({e.batch_id for e in events} | {d.batch_id for d in docs.values()})
    found: dict[int, BatchRow] = {}
    for i in range(0, len(ids), _CHUNK):
        query = select(BatchRow).where(BatchRow.id.in_(ids[i : i + _CHUNK]))
        found.update({b.id: b for b in session.scalars(query)})
    return found


def _by_incident(session: Session, model: Any, column: Any, ids: list[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        for row in session.scalars(select(model).where(column.in_(ids[i : i + _CHUNK]))):
            out[row.incident_id].append(row)
    return out


def _event_ref(
    event: EventRow, added_by: str, docs: dict[str, DocumentRow], batches: dict[int, BatchRow]
) -> EventRef:
    document = docs.get(event.document_id) if event.document_id else None
    batch = batches[document.batch_id if document is not None else event.batch_id]
    return EventRef(
        id=event.id, event_id_cnty=event.event_id_cnty, document=_document_name(document),
        document_id=event.document_id, source=event.source, modality=event.modality,
        claimant=event.claimant, event_date=event.event_date.isoformat(),
        event_type=event.event_type, sub_event_type=event.sub_event_type, actor1=event.actor1,
        actor2=event.actor2, actor1_id=decode_ids(event.actor1_id),
        actor2_id=decode_ids(event.actor2_id), location=event.location, latitude=event.latitude,
        longitude=event.longitude, fatalities=event.fatalities, notes=event.notes,
        confidence=event.confidence,
        coder=event.coder, span_start=event.span_start, span_end=event.span_end,
        text=_span(event, document), added_by=added_by, submitted_by=batch.actor,
        organisation=batch.organisation, id_space=batch.id_space,
    )  # fmt: skip


def claim_text(claimant: str, modality: str, accused: str, what: str, place: str) -> str:
    """One line: who claims what about whom (``"SANA alleges Opposition Rebels: Shelling at
    Douma"``)."""
    verb = "denies" if modality == "denied" else "alleges"
    about = f"{accused}: " if accused else ""
    where = f" at {place}" if place else ""
    return f"{claimant or 'an unnamed source'} {verb} {about}{what or 'a violation'}{where}"


def _claim(
    event: EventRow, link: IncidentClaimRow, own: int | None, docs: dict[str, DocumentRow]
) -> ClaimData:
    document = docs.get(event.document_id) if event.document_id else None
    accused = accused_of(event)
    what = event.sub_event_type if event.sub_event_type not in ("", "Other") else event.event_type
    return ClaimData(
        event_id=event.id, event_id_cnty=event.event_id_cnty, incident_id=own,
        modality=event.modality, claimant=event.claimant, accused=accused,
        claim=claim_text(event.claimant, event.modality, accused, what, event.location),
        event_date=event.event_date.isoformat(), event_type=event.event_type,
        sub_event_type=event.sub_event_type, location=event.location,
        fatalities=event.fatalities, notes=event.notes, source=event.source,
        document=_document_name(document),
        text=_span(event, document), distance_km=link.distance_km, day_gap=link.day_gap,
    )  # fmt: skip


def _vote(row: VoteRow) -> VoteData:
    return VoteData(
        round=row.round, member=row.member, choice=row.choice, rationale=row.rationale,
        evidence=_json(row.evidence, []), cast_at=row.cast_at,
    )  # fmt: skip


def build_records(
    session: Session,
    items: Sequence[tuple[IncidentRow, AssessmentRow | None, str | None]],
    *,
    agreement: str | None,
) -> list[IncidentData]:
    """The objects of the given incidents (with their verdict and zone), reading members,
    claims, votes, documents and submitters in a few chunked queries: as many for a page of
    500 incidents as for one."""
    ids = [inc.id for inc, _, _ in items]
    links = _by_incident(session, IncidentEventRow, IncidentEventRow.incident_id, ids)
    claim_links = _by_incident(session, IncidentClaimRow, IncidentClaimRow.incident_id, ids)
    votes = _by_incident(session, VoteRow, VoteRow.incident_id, ids)
    wanted = sorted(
        {link.event_id for rows in links.values() for link in rows}
        | {link.event_id for rows in claim_links.values() for link in rows}
    )
    events: dict[int, EventRow] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(EventRow).where(EventRow.id.in_(wanted[i : i + _CHUNK]))
        events.update({e.id: e for e in session.scalars(query)})
    own: dict[int, int] = {}
    claim_ids = [link.event_id for rows in claim_links.values() for link in rows]
    for i in range(0, len(claim_ids), _CHUNK):
        placed = select(IncidentEventRow).where(
            IncidentEventRow.event_id.in_(claim_ids[i : i + _CHUNK])
        )
        own.update({r.event_id: r.incident_id for r in session.scalars(placed)})
    docs = _documents(session, list(events.values()))
    batches = _batches(session, list(events.values()), docs)
    claim_of = attached_to(session, [inc.id for inc, _, _ in items if inc.allegation])
    out: list[IncidentData] = []
    for inc, assessed, zone in items:
        members = sorted(links.get(inc.id, []), key=lambda r: r.event_id)
        claims = sorted(claim_links.get(inc.id, []), key=lambda r: r.event_id)
        out.append(
            IncidentData(
                id=inc.id, agreement=agreement, date_from=inc.date_from.isoformat(),
                date_to=inc.date_to.isoformat(), country=inc.country, admin1=inc.admin1,
                location=inc.location, latitude=inc.latitude, longitude=inc.longitude,
                zone=zone, event_type=inc.event_type, sub_event_type=inc.sub_event_type,
                actor1=inc.actor1, actor2=inc.actor2, actor1_id=decode_ids(inc.actor1_id),
                actor2_id=decode_ids(inc.actor2_id), allegation=inc.allegation,
                claimant=inc.claimant, fatalities=inc.fatalities,
                fatalities_min=inc.fatalities_min, fatalities_max=inc.fatalities_max,
                verdict=assessed.verdict if assessed else None,
                party=assessed.party if assessed else None,
                side=assessed.side if assessed else None,
                confidence=assessed.confidence if assessed else None,
                rules_version=assessed.rules_version if assessed else None,
                assessed_at=assessed.assessed_at if assessed else None,
                trace=_json(assessed.trace, []) if assessed else [],
                status=inc.status, review_agreement_id=inc.review_agreement_id,
                review_round=inc.review_round, decided_at=inc.decided_at,
                event_count=inc.event_count, source_count=inc.source_count, sources=inc.sources,
                disagreements=_json(inc.disagreements, {}),
                claim_of=claim_of.get(inc.id, []),
                claims=[_claim(events[c.event_id], c, own.get(c.event_id), docs) for c in claims],
                votes=[_vote(v) for v in sorted(votes.get(inc.id, []),
                                                key=lambda v: (v.round, v.cast_at, v.id))],
                events=[_event_ref(events[m.event_id], m.added_by, docs, batches)
                        for m in members],
            )
        )  # fmt: skip
    return out


def incident_records(
    session: Session,
    *,
    agreement: str | None = None,
    verdict: str | None = None,
    zone: str | None = None,
    party: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    status: str | None = None,
    event_type: str | None = None,
    bbox: BBox | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Page[IncidentData]:
    """Incidents by date (then id) as objects, with their verdict and zone under ``agreement``.

    Filters as ``events.queries.query_incidents``: ``verdict`` and ``zone`` need
    ``agreement``; ``party`` matches actor1, actor2 or the attributed party (names folded);
    the date range keeps incidents overlapping it. ``limit`` None gives every match.

    Example:
        incident_records(session, agreement="astana-2017", verdict="violation", zone="idlib")
    """
    found = query_incidents(
        session, agreement=agreement, verdict=verdict, zone=zone, party=party,
        event_type=event_type, status=status, date_from=date_from, date_to=date_to, bbox=bbox,
        limit=limit, offset=offset,
    )  # fmt: skip
    items = [(i.incident, i.assessment, i.zone) for i in found.items]
    return Page(build_records(session, items, agreement=agreement), found.total, found.limit,
                found.offset)  # fmt: skip


def default_agreement(session: Session, incident: IncidentRow) -> str | None:
    """The agreement an incident is shown under when none is asked for: the one reviewing
    it, else the only one it is assessed under (current rules), else None."""
    if incident.review_agreement_id:
        return incident.review_agreement_id
    assessed = sorted(
        set(
            session.scalars(
                select(AssessmentRow.agreement_id).where(
                    AssessmentRow.incident_id == incident.id,
                    AssessmentRow.rules_version == RULES_VERSION,
                )
            )
        )
    )
    return assessed[0] if len(assessed) == 1 else None


def incident_record(
    session: Session, incident_id: int, *, agreement: str | None = None
) -> IncidentData:
    """One incident as an object, under ``agreement`` (default: ``default_agreement``).

    Raises ``NotFoundError`` for an unknown incident or agreement.
    """
    incident = get_incident(session, incident_id)
    chosen = agreement if agreement is not None else default_agreement(session, incident)
    assessed: AssessmentRow | None = None
    zone: str | None = None
    if chosen is not None:
        terms = get_agreement(session, chosen)
        assessed = session.scalar(
            select(AssessmentRow).where(
                AssessmentRow.incident_id == incident.id,
                AssessmentRow.agreement_id == chosen,
                AssessmentRow.rules_version == RULES_VERSION,
            )
        )
        place = terms.zone_of(incident.admin1, None, incident.latitude, incident.longitude)
        zone = place.id if place is not None else None
    return build_records(session, [(incident, assessed, zone)], agreement=chosen)[0]
