"""Incidents in the store: run fusion, summarise members, split events out. Writes are audited.

``fuse`` is idempotent: events already in an incident stay there, existing incidents keep their
ids and never merge with each other; only events not yet in an incident are placed (joining
one existing incident or forming new ones). ``split_event`` is how a monitor undoes a merge;
it records keep-apart pairs that every later run respects.

A fusion run writes one audit entry (``fusion.run``) whose content hash is a digest over every
incident it created or extended, as ingest does for a batch; a split writes one per incident.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.actors.ids import ID_COLUMNS
from ceasefire.actors.registry import ActorRegistry, default_registry
from ceasefire.agreements.loader import agreement_from_json
from ceasefire.agreements.models import AgreementRow
from ceasefire.agreements.names import normalise_place
from ceasefire.agreements.schema import Agreement
from ceasefire.audit import log as audit
from ceasefire.errors import ConflictError, NotFoundError
from ceasefire.events.claims import attach_claims
from ceasefire.events.fusion import RULE, FusionItem, cluster
from ceasefire.events.incident_models import FusionOverrideRow, IncidentEventRow, IncidentRow
from ceasefire.events.independence import SourceRecord, independent_count
from ceasefire.events.models import EventRow
from ceasefire.events.periods import Period, day_periods
from ceasefire.events.provenance import dataset_of, source_record, source_records
from ceasefire.events.record import hash_content
from ceasefire.events.sanity import SkippedRecord, coordinates_problem, date_problem

ALLEGED = frozenset({"alleged", "denied"})
_SUMMARY_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location")
_CHUNK = 500


@dataclass
class FusionSummary:
    """What a fusion run did."""

    new_events: int = 0
    incidents_created: int = 0
    incidents_extended: int = 0
    #: Events left out because a stored value cannot be worked on (see ``events.sanity``).
    skipped: list[SkippedRecord] = field(default_factory=list)
    claims_changed: int = 0


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fusion_item(
    row: EventRow, registry: ActorRegistry, period: Callable[[date], Period] | None = None
) -> FusionItem:
    """The facts fusion compares, read off a stored event; ``period`` gives a day's period
    under the stored agreements (``periods.day_periods``)."""
    sides = {registry.side_of(a) for a in (row.actor1, row.actor2) if a.strip()}
    return FusionItem(
        event_id=row.id,
        key=row.content_hash,
        day=row.event_date,
        source_key=row.document_id or f"event:{row.id}",
        allegation=row.modality in ALLEGED,
        event_type=row.event_type,
        country=normalise_place(row.country),
        admin1=normalise_place(row.admin1),
        location=normalise_place(row.location),
        lat=row.latitude,
        lon=row.longitude,
        sides=frozenset(s for s in sides if s),
        geo_precision=row.geo_precision,
        dataset=dataset_of(row),
        dataset_id=row.event_id_cnty,
        period=period(row.event_date) if period is not None else (),
    )


def stored_agreements(session: Session) -> list[Agreement]:
    """Every stored agreement (fusion keeps incidents inside each one's boundaries)."""
    rows = session.scalars(select(AgreementRow).order_by(AgreementRow.id))
    return [agreement_from_json(r.body, source=f"agreement {r.id}") for r in rows]


def _most_common(values: Sequence[str]) -> str:
    """The most frequent non-empty value; ties go to the one seen first."""
    counts = Counter(v for v in values if v)
    return max(counts, key=lambda v: (counts[v], -values.index(v))) if counts else ""


def summarise(
    events: Sequence[EventRow], records: Mapping[int, SourceRecord] | None = None
) -> dict[str, Any]:
    """Incident columns from its member events (at least one).

    ``source_count`` is the number of independent sources (``independence.py``) among the
    members' source records (``records`` by event id, as ``provenance.source_records`` reads
    them; without it, each event's row alone, documents unread).

    Place and coordinates come from the most precisely located member; type and actors are the
    values most members give, each actor with the ids stored with the first member giving it.
    Fatalities keep the range; the conservative figure is the lowest figure any source gives,
    where a 0 counts as "no figure" when another source gives one.
    Every field on which members differ is listed under ``disagreements`` with all its values.
    """
    members = sorted(events, key=lambda e: (e.event_date, e.content_hash))
    place = min(
        members,
        key=lambda e: (e.geo_precision or 9, e.latitude is None, e.event_date, e.content_hash),
    )
    deaths = [e.fatalities for e in members]
    reported = [d for d in deaths if d > 0]
    disagreements: dict[str, list[Any]] = {}
    for name in _SUMMARY_FIELDS:
        values = sorted({getattr(e, name) for e in members if getattr(e, name)})
        if len(values) > 1:
            disagreements[name] = values
    days = sorted({e.event_date.isoformat() for e in members})
    if len(days) > 1:
        disagreements["event_date"] = days
    if len(set(deaths)) > 1:
        disagreements["fatalities"] = sorted(set(deaths))
    sources = sorted({s.strip() for e in members for s in e.source.split(";") if s.strip()})
    common = {n: _most_common([getattr(e, n) for e in members]) for n in _SUMMARY_FIELDS[:4]}
    return {
        "key": hash_content(sorted(e.content_hash for e in members)),
        "allegation": members[0].modality in ALLEGED,
        "date_from": members[0].event_date,
        "date_to": members[-1].event_date,
        "country": place.country,
        "admin1": place.admin1,
        "location": place.location,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        **common,
        # the ids stored with the first member (by date) giving the actor shown
        **{
            column: next(
                (getattr(e, column) for e in members if getattr(e, name) == common[name]), ""
            )
            for name, column in ID_COLUMNS.items()
        },
        "claimant": _most_common([e.claimant for e in members]),
        "fatalities": min(reported) if reported else 0,
        "fatalities_min": min(deaths),
        "fatalities_max": max(deaths),
        "event_count": len(members),
        "source_count": independent_count(
            records[e.id] if records is not None and e.id in records else source_record(e)
            for e in members
        ),
        "sources": "; ".join(sources),
        "disagreements": json.dumps(disagreements, ensure_ascii=False, sort_keys=True),
    }


def incident_hash(incident: IncidentRow, event_ids: Sequence[int]) -> str:
    """Content hash of an incident's fused facts and membership (what its audit entry vouches)."""
    facts = {k: getattr(incident, k) for k in ("key", "fatalities", "event_type", "actor1")}
    return hash_content({"facts": facts, "events": sorted(event_ids)})


def fusion_run_hash(incidents: Sequence[tuple[IncidentRow, Sequence[int]]]) -> str:
    """Digest over the incidents a fusion run created or extended (id and content hash each),
    which its one audit entry vouches for."""
    return hash_content(sorted([inc.id, incident_hash(inc, ids)] for inc, ids in incidents))


def member_events(session: Session, incident_id: int) -> list[EventRow]:
    query = (
        select(EventRow)
        .join(IncidentEventRow, IncidentEventRow.event_id == EventRow.id)
        .where(IncidentEventRow.incident_id == incident_id)
        .order_by(EventRow.id)
    )
    return list(session.scalars(query))


def get_incident(session: Session, incident_id: int) -> IncidentRow:
    incident = session.get(IncidentRow, incident_id)
    if incident is None:
        raise NotFoundError(
            f"no incident {incident_id}", hint="List incidents with `ceasefire incidents`."
        )
    return incident


def refresh_incident(
    session: Session,
    incident: IncidentRow,
    *,
    actor: str,
    action: str,
    detail: dict[str, Any],
    events: list[EventRow] | None = None,
) -> None:
    """Recompute an incident from its members (``events``, else read) and audit the change."""
    if events is None:
        events = member_events(session, incident.id)
    for name, value in summarise(events, source_records(session, events)).items():
        setattr(incident, name, value)
    incident.updated_at = now_utc()
    session.flush()
    audit.append(
        session,
        actor=actor,
        action=action,
        record_type="incident",
        record_id=str(incident.id),
        content_hash=incident_hash(incident, [e.id for e in events]),
        detail={"events": [e.id for e in events], **detail},
    )


def _window(session: Session, days: set[date]) -> list[EventRow]:
    """Events on the given days, plus every member of the incidents they belong to."""
    wanted = sorted(days)
    rows: dict[int, EventRow] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(EventRow).where(EventRow.event_date.in_(wanted[i : i + _CHUNK]))
        rows.update({r.id: r for r in session.scalars(query)})
    incident_ids = {
        r[0]
        for i in range(0, len(rows), _CHUNK)
        for r in session.execute(
            select(IncidentEventRow.incident_id).where(
                IncidentEventRow.event_id.in_(list(rows)[i : i + _CHUNK])
            )
        )
    }
    for inc in incident_ids:
        rows.update({r.id: r for r in member_events(session, inc)})
    return list(rows.values())


def _unplaced_on(session: Session, days: set[date], today: date) -> list[SkippedRecord]:
    """The events not in an incident on implausible days, as skipped records."""
    if not days:
        return []
    query = (
        select(EventRow.id, EventRow.event_date)
        .outerjoin(IncidentEventRow, IncidentEventRow.event_id == EventRow.id)
        .where(IncidentEventRow.event_id.is_(None), EventRow.event_date.in_(sorted(days)))
        .order_by(EventRow.id)
    )
    return [
        SkippedRecord("event", event_id, f"event_date {date_problem(day, today)}")
        for event_id, day in session.execute(query).tuples()
    ]


def fuse(session: Session, *, actor: str = "local") -> FusionSummary:
    """Place every event not yet in an incident; see the module docstring.

    An event whose stored date or coordinates cannot be worked on (``events.sanity``) is left
    out and listed in ``skipped``, so one bad row never stops fusion for everyone.
    """
    summary = FusionSummary()
    new_days = set(
        session.scalars(
            select(EventRow.event_date)
            .outerjoin(IncidentEventRow, IncidentEventRow.event_id == EventRow.id)
            .where(IncidentEventRow.event_id.is_(None))
            .distinct()
        )
    )
    today = date.today()
    bad_days = {d for d in new_days if date_problem(d, today) is not None}
    new_days -= bad_days
    summary.skipped += _unplaced_on(session, bad_days, today)
    if not new_days:
        summary.claims_changed = len(attach_claims(session, actor=actor).changes)
        return summary
    window = {d + timedelta(days=k) for d in new_days for k in (-1, 0, 1)}
    rows = _window(session, window)
    ids = [r.id for r in rows]
    links = {
        r.event_id: r.incident_id
        for i in range(0, len(ids), _CHUNK)
        for r in session.scalars(
            select(IncidentEventRow).where(IncidentEventRow.event_id.in_(ids[i : i + _CHUNK]))
        )
    }
    bad = {
        r.id: problem
        for r in rows
        if r.id not in links and (problem := coordinates_problem(r.latitude, r.longitude))
    }
    if bad:
        summary.skipped += [SkippedRecord("event", i, p) for i, p in sorted(bad.items())]
        rows = [r for r in rows if r.id not in bad]
    apart = [(o.event_a, o.event_b) for o in session.scalars(select(FusionOverrideRow))]
    registry = default_registry()
    agreements = stored_agreements(session)
    period = day_periods(agreements)
    items = [fusion_item(r, registry, period) for r in rows]
    groups = cluster(items, fixed=links, apart=apart)
    records = source_records(session, rows)
    stamp = now_utc()
    by_id = {r.id: r for r in rows}
    placed: list[tuple[IncidentRow, list[EventRow], list[int]]] = []
    for group in groups:
        new = [m.event_id for m in group.members if m.event_id not in links]
        if not new:
            continue
        members = sorted((by_id[m.event_id] for m in group.members), key=lambda r: r.id)
        if group.incident_id is None:
            incident = IncidentRow(status="reported", created_at=stamp)
            session.add(incident)
            summary.incidents_created += 1
        else:
            incident = get_incident(session, group.incident_id)
            summary.incidents_extended += 1
        for name, value in summarise(members, records).items():
            setattr(incident, name, value)
        incident.updated_at = stamp
        placed.append((incident, members, new))
        summary.new_events += len(new)
    session.flush()  # one flush gives every new incident its id
    session.add_all(
        IncidentEventRow(event_id=e, incident_id=inc.id, added_by=RULE, added_at=stamp)
        for inc, _, new in placed
        for e in new
    )
    session.flush()
    created = [inc.id for inc, members, new in placed if len(new) == len(members)]
    vouched = [(inc, [e.id for e in members]) for inc, members, _ in placed]
    audit.append(
        session,
        actor=actor,
        action="fusion.run",
        record_type="fusion_run",
        record_id=stamp,
        content_hash=fusion_run_hash(vouched),
        detail={
            "rule": RULE,
            # The agreements whose boundaries the run respected, with their terms' hashes.
            "agreements": {a.id: a.content_hash() for a in agreements},
            "events": summary.new_events,
            "created": created,
            "extended": sorted({inc.id for inc, _, _ in placed} - set(created)),
            # Per incident, what audit verify checks it against until a later entry.
            "incidents": {str(inc.id): incident_hash(inc, ids) for inc, ids in vouched},
        },
    )
    summary.claims_changed = len(attach_claims(session, actor=actor).changes)
    return summary


def _keep_apart_row(
    session: Session, one: int, other: int, *, kind: str, user: str, reason: str
) -> None:
    """Record that two events are different happenings (once; a repeat is a no-op)."""
    a, b = sorted((one, other))
    found = session.scalar(
        select(FusionOverrideRow.id).where(
            FusionOverrideRow.event_a == a, FusionOverrideRow.event_b == b
        )
    )
    if found is None:
        session.add(
            FusionOverrideRow(
                kind=kind, event_a=a, event_b=b, user=user, reason=reason, created_at=now_utc()
            )
        )


def split_event(
    *, session: Session, event_id: int, user: UserRow, reason: str, kind: str = "split"
) -> IncidentRow:
    """Take ``event_id`` out of its incident into a new one of its own, and keep it apart from
    the other members in every later fusion run. Returns the new incident."""
    require(user, "fuse")
    link = session.get(IncidentEventRow, event_id)
    if link is None:
        raise NotFoundError(f"event {event_id} is in no incident", hint="Run `ceasefire fuse`.")
    old = get_incident(session, link.incident_id)
    if old.status not in ("reported", "under_review"):
        raise ConflictError(
            f"incident {old.id} is {old.status}; its members are what was decided",
            hint="Re-open its review before splitting it.",
        )
    others = [e.id for e in member_events(session, old.id) if e.id != event_id]
    if not others:
        raise ConflictError(f"event {event_id} is already alone in incident {old.id}")
    stamp = now_utc()
    for other in others:
        _keep_apart_row(session, event_id, other, kind=kind, user=user.name, reason=reason)
    session.execute(delete(IncidentEventRow).where(IncidentEventRow.event_id == event_id))
    new = IncidentRow(status="reported", created_at=stamp, updated_at=stamp)
    alone = [session.get_one(EventRow, event_id)]
    for name, value in summarise(alone, source_records(session, alone)).items():
        setattr(new, name, value)
    session.add(new)
    session.flush()
    session.add(
        IncidentEventRow(
            event_id=event_id, incident_id=new.id, added_by=f"user:{user.name}", added_at=stamp
        )
    )
    session.flush()
    detail = {"event": event_id, "reason": reason, "from": old.id, "to": new.id}
    refresh_incident(session, old, actor=user.name, action="incident.split", detail=detail)
    refresh_incident(session, new, actor=user.name, action="incident.create", detail=detail)
    attach_claims(session, actor=user.name)
    return new


def keep_apart(
    *, session: Session, event_a: int, event_b: int, user: UserRow, reason: str
) -> IncidentRow | None:
    """Record that two events are different happenings; if they share an incident, split the
    later-stored one out (returned)."""
    require(user, "fuse")
    link_a, link_b = session.get(IncidentEventRow, event_a), session.get(IncidentEventRow, event_b)
    if link_a and link_b and link_a.incident_id == link_b.incident_id:
        return split_event(
            session=session, event_id=max(event_a, event_b), user=user, reason=reason,
            kind="keep_apart",
        )  # fmt: skip
    a, b = sorted((event_a, event_b))
    _keep_apart_row(session, a, b, kind="keep_apart", user=user.name, reason=reason)
    session.flush()
    audit.append(
        session, actor=user.name, action="fusion.keep_apart", record_type="fusion_override",
        record_id=f"{a}-{b}", content_hash=hash_content([a, b, reason]), detail={"reason": reason},
    )  # fmt: skip
    return None
