"""Request and response bodies of the API (pydantic), and their mapping from library records."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ceasefire.accounts.models import UserRow
from ceasefire.actors.ids import decode_ids
from ceasefire.agreements.models import AgreementRow
from ceasefire.assessment.models import AssessmentRow
from ceasefire.audit.view import EntryView
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.models import EventRow
from ceasefire.sources.document_ingest import DocumentIngestSummary
from ceasefire.sources.ingest import IngestSummary
from ceasefire.sources.models import DocumentRow
from ceasefire.verification.comment_models import CommentRow
from ceasefire.verification.review_models import VoteRow

T = TypeVar("T")

#: Largest page a list route returns.
MAX_LIMIT = 500


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=200_000)


class Page(Out, Generic[T]):
    """One page of a list: ``items`` from ``offset``, ``total`` matching the filters."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Health(Out):
    status: Literal["ok"]
    version: str


class Me(Out):
    name: str
    role: str
    organisation: str
    actions: list[str]


class AgreementOut(Out):
    id: str
    name: str
    effective_from: datetime
    effective_until: datetime | None
    content_hash: str
    audit_seq: int

    @classmethod
    def of(cls, row: AgreementRow) -> AgreementOut:
        return cls(
            id=row.id, name=row.name, effective_from=row.effective_from,
            effective_until=row.effective_until, content_hash=row.content_hash,
            audit_seq=row.audit_seq,
        )  # fmt: skip


class AgreementDetail(AgreementOut):
    terms: dict[str, Any] = Field(description="The validated agreement, as stored.")


class ReportIn(In):
    """A report as text; it may begin with a header block (Title:, Date:, Source:, URL: …,
    then a blank line), as text files do (docs/formats.md)."""

    text: str = Field(min_length=1, max_length=500_000)
    reference_date: date | None = Field(
        None, description="Date that relative dates ('on Tuesday') count from, when the text "
        "gives no Date."
    )  # fmt: skip


class IngestOut(Out):
    """What a submission stored. Submitting the same text again stores nothing."""

    kind: Literal["documents", "records"]
    documents: int = 0
    stored_documents: int = 0
    duplicate_documents: int = 0
    document_ids: list[str] = Field(default_factory=list)
    rows: int = 0
    events: int = 0
    duplicates: int = 0
    batch_id: int | None = None
    audit_seq: int | None = None
    coding: Literal["queued", "none"] = Field(
        "none", description="'queued' when new texts wait for the background coder."
    )
    id_space: str = Field(
        "", description="Where the records' ids live: '' for datasets, else 'org:NAME'."
    )
    formula_cells: int = Field(
        0, description="Stored cells a spreadsheet would run as formulas (flagged, not altered)."
    )
    flagged: list[str] = Field(default_factory=list, description="The first such cells.")

    @classmethod
    def of(
        cls, summary: DocumentIngestSummary | IngestSummary, document_ids: list[str]
    ) -> IngestOut:
        if isinstance(summary, DocumentIngestSummary):
            return cls(
                kind="documents", documents=summary.documents,
                stored_documents=summary.stored_documents,
                duplicate_documents=summary.duplicate_documents, document_ids=document_ids,
                events=summary.events, batch_id=summary.batch_id, audit_seq=summary.audit_seq,
            )  # fmt: skip
        return cls(
            kind="records", rows=summary.rows, events=summary.stored,
            duplicates=summary.duplicates, batch_id=summary.batch_id, audit_seq=summary.audit_seq,
            id_space=summary.id_space, formula_cells=summary.formula_cells,
            flagged=summary.flagged,
        )  # fmt: skip


class QueuedOut(Out):
    """A submitted text: stored and queued for coding, or stored already."""

    document_id: str
    coding: Literal["queued", "duplicate"]
    batch_id: int | None = None
    audit_seq: int | None = None


class DocumentOut(Out):
    id: str
    batch_id: int
    kind: str
    title: str
    publisher: str
    url: str
    published_at: datetime | None
    language: str
    text: str
    submitted_by: str = Field(description="The user who submitted the text.")
    organisation: str = Field(description="The submitter's organisation, when known.")

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentOut:
        return cls(
            id=row.id, batch_id=row.batch_id, kind=row.kind, title=row.title,
            publisher=row.publisher, url=row.url, published_at=row.published_at,
            language=row.language, text=row.text, submitted_by=row.batch.actor,
            organisation=row.batch.organisation,
        )  # fmt: skip


class EventOut(Out):
    id: int
    event_id_cnty: str = Field(description="The record's id in its dataset (see id_space).")
    document_id: str | None
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    actor1_id: list[str | None] | None = Field(
        description="The registry id of each actor actor1 names (null where one resolves to "
        "nothing); null for a row stored before ids were."
    )
    actor2_id: list[str | None] | None = Field(description="As actor1_id, for actor2.")
    country: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    modality: str
    claimant: str
    plover_code: str
    confidence: float | None
    source: str
    notes: str
    span_start: int | None
    span_end: int | None
    rules: list[Any]
    submitted_by: str = Field(description="The user (or CLI user) who stored the record.")
    organisation: str = Field(description="The submitter's organisation, when known.")
    id_space: str = Field(description="'' for datasets (ACLED, UCDP), else 'org:NAME'.")

    @classmethod
    def of(cls, row: EventRow) -> EventOut:
        names = [n for n in cls.model_fields if n not in _DERIVED_FIELDS]
        values = {n: getattr(row, n) for n in names}
        batch = row.submitted_in()
        return cls(
            **values, rules=_json_list(row.rules), submitted_by=batch.actor,
            organisation=batch.organisation, id_space=batch.id_space,
            actor1_id=decode_ids(row.actor1_id), actor2_id=decode_ids(row.actor2_id),
        )  # fmt: skip


_DERIVED_FIELDS = ("rules", "submitted_by", "organisation", "id_space", "actor1_id", "actor2_id")


def _json_list(text: str) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return [text]
    return value if isinstance(value, list) else [value]


class DocumentDetail(DocumentOut):
    """A document, where its coding stands and the events coded from it."""

    coding: Literal["queued", "coded", "failed"]
    coding_error: str | None
    events: list[EventOut]

    @classmethod
    def of(  # type: ignore[override]
        cls,
        row: DocumentRow,
        *,
        coding: Literal["queued", "coded", "failed"],
        coding_error: str | None,
        events: list[EventRow],
    ) -> DocumentDetail:
        return cls(
            **DocumentOut.of(row).model_dump(), coding=coding, coding_error=coding_error,
            events=[EventOut.of(e) for e in events],
        )  # fmt: skip


class AssessmentOut(Out):
    incident_id: int
    agreement_id: str
    rules_version: str
    verdict: str
    party: str
    side: str
    confidence: float | None
    trace: list[Any]
    assessed_at: str

    @classmethod
    def of(cls, row: AssessmentRow) -> AssessmentOut:
        return cls(
            incident_id=row.incident_id, agreement_id=row.agreement_id,
            rules_version=row.rules_version, verdict=row.verdict, party=row.party, side=row.side,
            confidence=row.confidence, trace=_json_list(row.trace), assessed_at=row.assessed_at,
        )  # fmt: skip


class IncidentOut(Out):
    id: int
    status: str
    allegation: bool
    date_from: date
    date_to: date
    country: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    claimant: str
    fatalities: int
    fatalities_min: int
    fatalities_max: int
    event_count: int
    source_count: int
    sources: str
    disagreements: dict[str, Any]
    review_agreement_id: str | None
    review_round: int
    decided_at: str | None
    zone: str | None = None
    assessment: AssessmentOut | None = None

    @classmethod
    def of(
        cls,
        row: IncidentRow,
        assessment: AssessmentRow | None = None,
        zone: str | None = None,
    ) -> IncidentOut:
        skip = {"disagreements", "zone", "assessment"}
        values = {n: getattr(row, n) for n in cls.model_fields if n not in skip}
        try:
            disagreements = json.loads(row.disagreements or "{}")
        except ValueError:
            disagreements = {}
        return cls(
            **values,
            disagreements=disagreements if isinstance(disagreements, dict) else {},
            zone=zone,
            assessment=AssessmentOut.of(assessment) if assessment is not None else None,
        )


class SkippedOut(Out):
    """A stored record a run left out, and why (e.g. an implausible date written by hand)."""

    kind: Literal["event", "incident"]
    id: int
    reason: str


class FuseOut(Out):
    new_events: int
    incidents_created: int
    incidents_extended: int
    skipped: list[SkippedOut] = Field(default_factory=list)
    claims_changed: int = Field(
        0, description="Allegations attached to, moved between or detached from observed "
        "incidents as claims."
    )  # fmt: skip


class SplitIn(In):
    reason: str = Field(min_length=1, max_length=2000)


class AssessIn(In):
    agreement: str = Field(min_length=1, max_length=128)


class AssessRunOut(Out):
    agreement_id: str
    created: int
    updated: int
    unchanged: int
    reviews_opened: int
    verdicts: dict[str, int]
    skipped: list[SkippedOut] = Field(default_factory=list)


class VoteIn(In):
    choice: Literal["verified", "not_verified", "abstain"]
    rationale: str = Field(min_length=1, max_length=10_000)
    evidence: list[str] = Field(default_factory=list, max_length=50)
    signature: str | None = Field(
        None,
        max_length=200,
        description="Base64 Ed25519 signature over the canonical vote (docs/audit.md); "
        "required once the organisation has a registered key.",
    )
    time: str | None = Field(
        None, max_length=40, description="The signing time (ISO 8601 with an offset) signed."
    )


class VoteOut(Out):
    id: int
    incident_id: int
    round: int
    member: str
    user_id: int
    choice: str
    rationale: str
    evidence: list[Any]
    cast_at: str
    signed_at: str | None = None
    signature: str | None = None

    @classmethod
    def of(cls, row: VoteRow) -> VoteOut:
        return cls(
            id=row.id, incident_id=row.incident_id, round=row.round, member=row.member,
            user_id=row.user_id, choice=row.choice, rationale=row.rationale,
            evidence=_json_list(row.evidence), cast_at=row.cast_at, signed_at=row.signed_at,
            signature=row.signature,
        )  # fmt: skip


class TallyOut(Out):
    eligible: list[str]
    needed: int
    votes: dict[str, str]
    outcome: str | None
    quorum: str = ""
    absent: dict[str, str] = {}
    late: list[str] = []


class VoteResult(Out):
    vote: VoteOut
    tally: TallyOut
    status: str


class Votes(Out):
    incident_id: int
    status: str
    round: int
    votes: list[VoteOut]
    tally: TallyOut | None


class TransitionIn(In):
    to: Literal["reported", "under_review", "verified", "not_verified", "disputed"]
    reason: str = Field(min_length=1, max_length=2000)
    agreement: str | None = Field(None, max_length=128)


class IncidentState(Out):
    id: int
    status: str
    review_round: int
    review_agreement_id: str | None


class AuditEntryOut(Out):
    seq: int
    at: str
    actor: str
    action: str
    record_type: str
    record_id: str
    content_hash: str
    detail: dict[str, Any] = Field(
        description="What the entry records; empty when ``redacted`` (not for this reader)."
    )
    redacted: bool = Field(
        description="The detail is withheld from this reader (user entries: admins only)."
    )
    detail_sha256: str | None = Field(
        description="SHA-256 of the withheld detail (its stored JSON text), when redacted."
    )
    prev_hash: str
    entry_hash: str

    @classmethod
    def of(cls, view: EntryView) -> AuditEntryOut:
        return cls(**dataclasses.asdict(view))


class AuditCheck(Out):
    ok: bool
    entries: int
    events: int
    documents: int
    agreements: int
    problems: list[str]


class UserIn(In):
    name: str = Field(min_length=1, max_length=128)
    role: Literal["admin", "monitor", "party_liaison", "observer", "public"]
    organisation: str = Field("", max_length=128)


class UserOut(Out):
    name: str
    role: str
    organisation: str
    token_id: str
    created_at: str
    revoked_at: str | None

    @classmethod
    def of(cls, row: UserRow) -> UserOut:
        return cls(
            name=row.name, role=row.role, organisation=row.organisation,
            token_id=row.token_prefix, created_at=row.created_at, revoked_at=row.revoked_at,
        )  # fmt: skip


class NewUser(Out):
    user: UserOut
    token: str = Field(description="The API token; shown this once only.")


class CommentIn(In):
    text: str = Field(min_length=1, max_length=10_000)


class CommentOut(Out):
    id: int
    incident_id: int
    user: str
    text: str
    created_at: str

    @classmethod
    def of(cls, row: CommentRow, user: str) -> CommentOut:
        return cls(
            id=row.id, incident_id=row.incident_id, user=user, text=row.text,
            created_at=row.created_at,
        )  # fmt: skip


class AgreementStored(Out):
    """What storing an agreement did: ``stored``, ``unchanged`` or ``replaced``."""

    outcome: Literal["stored", "unchanged", "replaced"]
    agreement: AgreementOut


class CountRow(Out):
    key: str
    incidents: int
    fatalities: int


class PublicZoneStatusOut(Out):
    """A zone's holding status from its verified violations alone, with the rule that gave it."""

    zone: str
    status: str
    why: str
    verified: int
    fatalities: int


class PublicAggregates(Out):
    """Published counts of violations verified by the verification body; ``zone_status``:
    each zone's status over the ``status_days`` days to ``status_as_of`` (the last day with a
    verified violation), from verified violations only."""

    agreement_id: str
    incidents: int
    fatalities: int
    by_day: list[CountRow]
    by_zone: list[CountRow]
    by_party: list[CountRow]
    status_as_of: date | None = None
    status_days: int
    zone_status: list[PublicZoneStatusOut]


# -- the dashboard ---------------------------------------------------------------------------


class DashboardConfig(Out):
    tile_url: str | None
    tile_attribution: str


class MapPoints(Out):
    count: int
    points: list[list[Any]] = Field(description="[id, latitude, longitude, verdict, status]")


class TimelineDay(Out):
    day: date
    counts: dict[str, int]


class TimelineMarker(Out):
    day: date
    label: str


class TimelineOut(Out):
    sides: list[str]
    days: list[TimelineDay]
    markers: list[TimelineMarker]


class ZoneStateOut(Out):
    zone: str
    name: str
    status: str
    text: str
    violations: int


class ZoneStatusOut(Out):
    as_of: date | None
    days: int
    note: str
    zones: list[ZoneStateOut]
