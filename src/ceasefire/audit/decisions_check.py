"""``audit verify`` for the decisions: incidents, claims attached to them, assessments, review
states, votes, users, comments, and the coding queue (documents stored first and coded later).

Walking the log in order, each entry sets what a record must hash to until a later entry
changes it; at the end every stored record is hashed again and compared. Incidents are also
summarised again from their member events, so a changed fatality figure or place is caught
even where the audit entry vouches only for the incident's key facts.

Coding jobs: the write that stored a document queued (``detail.queued``) vouches that it has a
job with that reference date; the write that coded it (``detail.coded``) vouches for the job's
outcome. A document's events must all come from one write (else it was coded twice), that of
its job when it has one, and a document still queued or failed has none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.service import user_hash
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.service import assessment_hash
from ceasefire.audit.models import AuditEntryRow
from ceasefire.events.claims import check_claim_links
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import incident_hash, member_events, summarise
from ceasefire.events.models import EventRow
from ceasefire.events.provenance import source_records
from ceasefire.events.record import hash_content
from ceasefire.sources.coding_queue import CodingJobRow, job_hash
from ceasefire.verification.comment_models import CommentRow
from ceasefire.verification.comments import comment_hash
from ceasefire.verification.review_models import VoteRow
from ceasefire.verification.workflow import incident_state_hash

Expected = dict[int, tuple[int, str]]  # record id -> (audit seq, content hash)


class Expectations:
    """What each decision record must hash to, by the latest audit entry about it."""

    def __init__(self) -> None:
        self.facts: Expected = {}
        self.state: Expected = {}
        self.assessments: Expected = {}
        self.votes: Expected = {}
        self.users: Expected = {}
        self.comments: Expected = {}
        self.queued: dict[str, tuple[int, str | None]] = {}  # document -> (seq, reference date)
        self.jobs: dict[str, tuple[int, str]] = {}  # document -> (seq, job hash)
        self.claims: dict[int, tuple[int, int | None]] = {}  # event -> (seq, incident)

    def read(self, entry: AuditEntryRow) -> None:
        detail: dict[str, Any] = json.loads(entry.detail)
        kind, seq = entry.record_type, entry.seq
        if kind == "fusion_run":
            for key, digest in detail.get("incidents", {}).items():
                self.facts[int(key)] = (seq, digest)
        elif kind == "incident" and entry.action == "incident.transition":
            self.state[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "incident":
            self.facts[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "claim_run":
            for key, incident in detail.get("claims", {}).items():
                self.claims[int(key)] = (seq, incident)
        elif kind == "assessment_run":
            for key, digest in detail.get("assessments", {}).items():
                self.assessments[int(key)] = (seq, digest)
        elif kind == "vote":
            self.votes[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "user":
            self.users[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "comment":
            self.comments[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "batch":
            for doc_id, day in detail.get("queued", {}).items():
                self.queued[doc_id] = (seq, day)
            for doc_id, digest in detail.get("coded", {}).items():
                self.jobs[doc_id] = (seq, digest)


def _compare(
    label: str, record_id: int, actual: str, expected: Expected
) -> tuple[int | None, str, str] | None:
    found = expected.get(record_id)
    if found is None:
        return None, f"{label} {record_id}", "no audit entry wrote it"
    seq, digest = found
    if digest != actual:
        return seq, f"{label} {record_id}", "it was changed after its audit entry"
    return None


def check_decisions(
    session: Session, expect: Expectations
) -> Iterable[tuple[int | None, str, str]]:
    """Problems (seq, record, reason) with the decision records; stops at none, yields each."""
    users = {u.id: u for u in session.scalars(select(UserRow))}
    for user in users.values():
        if problem := _compare("user", user.id, user_hash(user), expect.users):
            yield problem
    for incident in session.scalars(select(IncidentRow).order_by(IncidentRow.id)):
        members = member_events(session, incident.id)
        facts = incident_hash(incident, [e.id for e in members])
        if problem := _compare("incident", incident.id, facts, expect.facts):
            yield problem
        derived = summarise(members, source_records(session, members))
        changed = [k for k, v in derived.items() if getattr(incident, k) != v]
        if changed:
            seq = expect.facts.get(incident.id, (None, ""))[0]
            yield (
                seq,
                f"incident {incident.id}",
                (f"column {changed[0]!r} does not match its events: it was changed"),
            )
        if incident.status != "reported" or incident.review_round:
            state = incident_state_hash(incident)
            if problem := _compare("incident", incident.id, state, expect.state):
                seq, record, reason = problem
                yield seq, record, f"review state: {reason}"
    for row in session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)):
        if problem := _compare("assessment", row.id, assessment_hash(row), expect.assessments):
            yield problem
    for vote in session.scalars(select(VoteRow).order_by(VoteRow.id)):
        voter = users.get(vote.user_id)
        digest = hash_content(
            [vote.incident_id, vote.round, vote.member, voter.name if voter else "",
             vote.choice, vote.rationale, json.loads(vote.evidence)]
        )  # fmt: skip
        if problem := _compare("vote", vote.id, digest, expect.votes):
            yield problem
    for note in session.scalars(select(CommentRow).order_by(CommentRow.id)):
        author = users.get(note.user_id)
        digest = comment_hash(note, author.name if author is not None else "")
        if problem := _compare("comment", note.id, digest, expect.comments):
            yield problem
    yield from check_claim_links(session, expect.claims)
    yield from check_coding(session, expect)


def check_coding(session: Session, expect: Expectations) -> Iterable[tuple[int | None, str, str]]:
    """Problems with the coding queue: jobs against their entries, documents coded twice."""
    writes: dict[str, set[int]] = {}
    for doc_id, batch_id in session.execute(
        select(EventRow.document_id, EventRow.batch_id)
        .where(EventRow.document_id.is_not(None))
        .distinct()
    ).tuples():
        writes.setdefault(str(doc_id), set()).add(batch_id)
    for doc_id, batches in sorted(writes.items()):
        if len(batches) > 1:
            yield (
                None,
                f"document {doc_id[:12]}",
                (
                    f"its events come from {len(batches)} writes (batches {sorted(batches)}): "
                    "it was coded more than once"
                ),
            )
    jobs = {j.document_id: j for j in session.scalars(select(CodingJobRow))}
    for doc_id, (seq, _day) in sorted(expect.queued.items()):
        if doc_id not in jobs:
            yield seq, f"document {doc_id[:12]}", "its coding job is missing"
    for doc_id, job in sorted(jobs.items()):
        label = f"coding job {doc_id[:12]}"
        queued = expect.queued.get(doc_id)
        if queued is None:
            yield None, label, "no audit entry queued it"
            continue
        day = job.reference_date.isoformat() if job.reference_date is not None else None
        if day != queued[1]:
            yield queued[0], label, "its reference date was changed after its audit entry"
            continue
        coded = expect.jobs.get(doc_id)
        if coded is None:
            if job.state != "queued":
                yield queued[0], label, f"it is {job.state} but no audit entry coded it"
            elif doc_id in writes:
                yield queued[0], label, "it is queued but has events"
            continue
        if job_hash(job) != coded[1]:
            yield coded[0], label, "it was changed after its audit entry"
        elif doc_id in writes and writes[doc_id] != {job.batch_id}:
            yield coded[0], label, "its events are not those of the write that coded it"
