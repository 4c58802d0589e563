"""Claims: allegations about the place and time of an observed incident, attached to it.

An allegation (an event with modality ``alleged`` or ``denied``: "X accused Y of shelling Z",
a guarantor's bulletin) is never fused into an observed incident (``fusion`` keeps modalities
apart). When it is about the same place and time as an observed incident, it is attached to
that incident as a *claim*, so the incident shows every claim (who claims what about whom,
with its source) next to its verdict, and competing claims about one happening meet there.

A claim attaches (rule ``rule:claims/1``) to the observed incident that

==========  ==================================================================================
located     the claim names a town or village: geo precision 1 (or none given) and an admin1.
            A claim located only to a district, a province or the country ("12 violations in
            Idlib") names no one happening: it attaches to nothing
days        overlaps the claim's date within ``MAX_DAY_GAP`` (1) day
country     has the same country, when both name one
place       with coordinates: at most ``NEAR_KM`` (2 km) away, or at most ``MAX_DISTANCE_KM``
            (10 km) when it names the same location; without: the same location name and
            admin1
==========  ==================================================================================

whatever its type and actors: a claim about who fired is a claim about the happening, even
when it names the other side. Of several such incidents it attaches to the nearest (distance,
then day gap, then lowest id). An allegation that matches no observed incident stays what it
is: an incident of its own, put under review when assessed.

``attach_claims`` recomputes every allegation's link and writes only the differences, so it
is idempotent; a run that changed anything writes one audit entry (``claims.attach``) whose
content hash is a digest over every link it added, moved or removed. ``fuse`` runs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.agreements.names import normalise_name, normalise_place
from ceasefire.audit import log as audit
from ceasefire.events.claim_models import IncidentClaimRow
from ceasefire.events.fusion import MAX_DAY_GAP, MAX_DISTANCE_KM, NEAR_KM, FusionItem, distance_km
from ceasefire.events.incident_models import IncidentEventRow, IncidentRow
from ceasefire.events.models import EventRow
from ceasefire.events.record import hash_content

RULE = "rule:claims/1"
ALLEGED = ("alleged", "denied")


@dataclass(frozen=True)
class Match:
    """Where a claim attaches: the incident and how close it is."""

    incident_id: int
    distance_km: float | None
    day_gap: int


@dataclass
class ClaimSummary:
    """What a run changed: claims newly attached, moved to another incident, detached."""

    attached: int = 0
    moved: int = 0
    detached: int = 0
    changes: dict[int, int | None] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def accused_of(event: EventRow) -> str:
    """Whom an allegation accuses: the acting party it names (actor1), unless actor1 is the
    claimant itself (an accusation coded as the claimant's act, ACLED-style), then actor2."""
    if event.actor1 and normalise_name(event.actor1) != normalise_name(event.claimant):
        return event.actor1
    if event.actor1 and event.claimant:
        return event.actor2
    return event.actor1 or event.actor2


def _located(event: EventRow) -> bool:
    return (event.geo_precision or 1) == 1 and bool(event.admin1.strip())


def _point(country: str, admin1: str, location: str, lat: float | None, lon: float | None,
           day: date) -> FusionItem:  # fmt: skip
    return FusionItem(
        event_id=0, key="", day=day, source_key="", country=normalise_place(country),
        admin1=normalise_place(admin1), location=normalise_place(location), lat=lat, lon=lon,
    )  # fmt: skip


def match(event: EventRow, incident: IncidentRow) -> Match | None:
    """The claim's match with an observed incident under ``rule:claims/1``, else None."""
    if not _located(event) or incident.allegation:
        return None
    day = event.event_date
    if day < incident.date_from:
        gap = (incident.date_from - day).days
    elif day > incident.date_to:
        gap = (day - incident.date_to).days
    else:
        gap = 0
    if gap > MAX_DAY_GAP:
        return None
    a = _point(event.country, event.admin1, event.location, event.latitude, event.longitude, day)
    b = _point(incident.country, incident.admin1, incident.location, incident.latitude,
               incident.longitude, day)  # fmt: skip
    if a.country and b.country and a.country != b.country:
        return None
    km = distance_km(a, b)
    if km is not None:
        same_name = bool(a.location) and a.location == b.location
        if km > (MAX_DISTANCE_KM if same_name else NEAR_KM):
            return None
        return Match(incident.id, round(km, 3), gap)
    if a.location and a.location == b.location and (not b.admin1 or a.admin1 == b.admin1):
        return Match(incident.id, None, gap)
    return None


def best_match(event: EventRow, incidents: Sequence[IncidentRow]) -> Match | None:
    """The nearest incident the claim matches: distance, then day gap, then lowest id."""
    found = [m for m in (match(event, inc) for inc in incidents) if m is not None]
    if not found:
        return None
    return min(
        found,
        key=lambda m: (m.distance_km is None, m.distance_km or 0.0, m.day_gap, m.incident_id),
    )


def _candidates(session: Session, days: set[date]) -> dict[date, list[IncidentRow]]:
    """Observed incidents within ``MAX_DAY_GAP`` days of each day."""
    out: dict[date, list[IncidentRow]] = defaultdict(list)
    gap = timedelta(days=MAX_DAY_GAP)
    for day in sorted(days):
        if not date.min + gap <= day <= date.max - gap:
            continue  # no incident is dated at the ends of the calendar (events.sanity)
        query = select(IncidentRow).where(
            IncidentRow.allegation.is_(False),
            IncidentRow.date_from <= day + gap,
            IncidentRow.date_to >= day - gap,
        )
        out[day] = list(session.scalars(query.order_by(IncidentRow.id)))
    return out


def attach_claims(session: Session, *, actor: str = "local") -> ClaimSummary:
    """Attach every allegation to the observed incident it is about (see the module
    docstring); write only what changed, with one audit entry."""
    summary = ClaimSummary()
    claims = list(
        session.scalars(
            select(EventRow)
            .join(IncidentEventRow, IncidentEventRow.event_id == EventRow.id)
            .where(EventRow.modality.in_(ALLEGED))
            .order_by(EventRow.id)
        )
    )
    stored = {r.event_id: r for r in session.scalars(select(IncidentClaimRow))}
    candidates = _candidates(session, {e.event_date for e in claims if _located(e)})
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    wanted: dict[int, Match] = {}
    for event in claims:
        found = best_match(event, candidates.get(event.event_date, []))
        if found is not None:
            wanted[event.id] = found
    for event_id, found in wanted.items():
        row = stored.get(event_id)
        if row is None:
            session.add(
                IncidentClaimRow(
                    event_id=event_id, incident_id=found.incident_id, rule=RULE,
                    distance_km=found.distance_km, day_gap=found.day_gap, linked_at=stamp,
                )
            )  # fmt: skip
            summary.attached += 1
        elif row.incident_id != found.incident_id:
            row.incident_id, row.distance_km, row.day_gap = (
                found.incident_id, found.distance_km, found.day_gap,
            )  # fmt: skip
            row.linked_at = stamp
            summary.moved += 1
        else:
            continue
        summary.changes[event_id] = found.incident_id
    for event_id, row in stored.items():
        if event_id not in wanted:
            session.delete(row)
            summary.detached += 1
            summary.changes[event_id] = None
    if not summary.changed:
        return summary
    session.flush()
    links = sorted([e, i] for e, i in summary.changes.items())
    audit.append(
        session,
        actor=actor,
        action="claims.attach",
        record_type="claim_run",
        record_id=stamp,
        content_hash=hash_content(links),
        detail={
            "rule": RULE,
            "claims": {str(e): i for e, i in links},
            "attached": summary.attached,
            "moved": summary.moved,
            "detached": summary.detached,
        },
    )
    return summary


def claims_of(session: Session, incident_ids: Sequence[int]) -> dict[int, list[EventRow]]:
    """The claim events attached to each of ``incident_ids`` (by event id)."""
    out: dict[int, list[EventRow]] = defaultdict(list)
    ids = list(incident_ids)
    for i in range(0, len(ids), 500):
        query = (
            select(IncidentClaimRow.incident_id, EventRow)
            .join(EventRow, EventRow.id == IncidentClaimRow.event_id)
            .where(IncidentClaimRow.incident_id.in_(ids[i : i + 500]))
            .order_by(EventRow.id)
        )
        for incident_id, event in session.execute(query).tuples():
            out[incident_id].append(event)
    return out


def attached_to(session: Session, incident_ids: Sequence[int]) -> dict[int, list[int]]:
    """For allegation incidents among ``incident_ids``: the observed incidents their member
    events are attached to as claims (sorted ids; absent when none is)."""
    out: dict[int, set[int]] = defaultdict(set)
    ids = list(incident_ids)
    for i in range(0, len(ids), 500):
        query = (
            select(IncidentEventRow.incident_id, IncidentClaimRow.incident_id)
            .join(IncidentClaimRow, IncidentClaimRow.event_id == IncidentEventRow.event_id)
            .where(IncidentEventRow.incident_id.in_(ids[i : i + 500]))
        )
        for own, target in session.execute(query).tuples():
            out[own].add(target)
    return {k: sorted(v) for k, v in out.items()}


def fully_attached(session: Session, incident_id: int) -> bool:
    """True when every member of an (allegation) incident is attached to an observed one."""
    members = set(
        session.scalars(
            select(IncidentEventRow.event_id).where(IncidentEventRow.incident_id == incident_id)
        )
    )
    if not members:
        return False
    linked = set(
        session.scalars(
            select(IncidentClaimRow.event_id).where(IncidentClaimRow.event_id.in_(members))
        )
    )
    return linked == members


def check_claim_links(
    session: Session, expected: dict[int, tuple[int, int | None]]
) -> Iterator[tuple[int | None, str, str]]:
    """``audit verify``: every stored claim link against the latest ``claims.attach`` entry
    about its event (``expected``: event id -> (audit seq, incident id or None when it was
    detached)); yields (seq, record, reason) for each link changed, added or removed since."""
    stored = {r.event_id: r.incident_id for r in session.scalars(select(IncidentClaimRow))}
    for event_id, incident_id in sorted(stored.items()):
        seq, wanted = expected.get(event_id, (None, None))
        if seq is None or wanted is None:
            yield seq, f"claim of event {event_id}", "no audit entry wrote it"
        elif wanted != incident_id:
            yield seq, f"claim of event {event_id}", "it was changed after its audit entry"
    for event_id, (seq, wanted) in sorted(expected.items()):
        if wanted is not None and event_id not in stored:
            yield seq, f"claim of event {event_id}", "it was removed after its audit entry"
