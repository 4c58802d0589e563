"""``audit verify`` for the decisions: incidents, assessments, review states, votes, users.

Walking the log in order, each entry sets what a record must hash to until a later entry
changes it; at the end every stored record is hashed again and compared. Incidents are also
summarised again from their member events, so a changed fatality figure or place is caught
even where the audit entry vouches only for the incident's key facts.
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
from ceasefire.events.incident_models import IncidentRow
from ceasefire.events.incidents import incident_hash, member_events, summarise
from ceasefire.events.record import hash_content
from ceasefire.verification.models import AuditEntryRow
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
        elif kind == "assessment_run":
            for key, digest in detail.get("assessments", {}).items():
                self.assessments[int(key)] = (seq, digest)
        elif kind == "vote":
            self.votes[int(entry.record_id)] = (seq, entry.content_hash)
        elif kind == "user":
            self.users[int(entry.record_id)] = (seq, entry.content_hash)


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
        derived = summarise(members)
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
        user = users.get(vote.user_id)
        digest = hash_content(
            [vote.incident_id, vote.round, vote.member, user.name if user else "",
             vote.choice, vote.rationale, json.loads(vote.evidence)]
        )  # fmt: skip
        if problem := _compare("vote", vote.id, digest, expect.votes):
            yield problem
