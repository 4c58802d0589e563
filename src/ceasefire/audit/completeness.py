"""``audit verify``, the other direction: what the log says exists must still exist.

``decisions_check`` compares each stored record with the latest entry about it, which catches
a changed or inserted row but not a deleted one. Here the log is read as the account of the
whole state and checked against the store: every vote, comment, user, assessment, incident and
agreement it wrote is still stored; each incident's status is the one its audited transitions
leave it in (``reported`` when none); ``decided_at`` agrees with that status; every row of
``fusion_overrides`` was written by an entry (a split, or a keep-apart) with that user and reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.agreements.models import AgreementRow
from ceasefire.assessment.models import AssessmentRow
from ceasefire.audit.models import AuditEntryRow
from ceasefire.events.incident_models import FusionOverrideRow, IncidentRow
from ceasefire.verification.comment_models import CommentRow
from ceasefire.verification.review_models import VoteRow
from ceasefire.verification.workflow import DECIDED

Problem = tuple[int | None, str, str]  # (audit seq, record, reason)

#: Record kinds whose rows are never deleted by ceasefire, with their table and its id column.
_KEPT = {
    "incident": ("incidents", IncidentRow.id),
    "assessment": ("assessments", AssessmentRow.id),
    "vote": ("votes", VoteRow.id),
    "comment": ("comments", CommentRow.id),
    "user": ("users", UserRow.id),
}


@dataclass(frozen=True)
class Override:
    """A keep-apart pair as an entry wrote it: who, why, and the entry."""

    seq: int
    user: str
    reason: str


@dataclass
class Ledger:
    """What the log says exists, read entry by entry in order."""

    written: dict[str, dict[int, int]] = field(default_factory=lambda: {k: {} for k in _KEPT})
    agreements: dict[str, int] = field(default_factory=dict)
    #: incident id -> (seq, state its latest transition left it in)
    status: dict[int, tuple[int, str]] = field(default_factory=dict)
    overrides: dict[tuple[int, int], Override] = field(default_factory=dict)

    def read(self, entry: AuditEntryRow) -> None:
        kind, seq = entry.record_type, entry.seq
        detail: dict[str, Any] = json.loads(entry.detail)
        if kind in ("vote", "comment", "user", "incident"):
            self.written[kind].setdefault(int(entry.record_id), seq)
        if kind == "incident" and entry.action == "incident.transition":
            self.status[int(entry.record_id)] = (seq, str(detail["to"]))
        elif kind == "incident" and entry.action == "incident.split" and "event" in detail:
            # A monitor's split keeps the event apart from the rest; a re-split at an
            # agreement's boundary (events/resplit.py, no "event") writes no override.
            event = int(detail["event"])
            for other in detail.get("events", []):
                self._override(event, int(other), entry, str(detail.get("reason", "")))
        elif kind == "fusion_run":
            for key in detail.get("incidents", {}):
                self.written["incident"].setdefault(int(key), seq)
        elif kind == "assessment_run":
            for key in detail.get("assessments", {}):
                self.written["assessment"].setdefault(int(key), seq)
        elif kind == "agreement":
            self.agreements[entry.record_id] = seq
        elif kind == "fusion_override":
            a, b = (int(x) for x in entry.record_id.split("-"))
            self._override(a, b, entry, str(detail.get("reason", "")))

    def _override(self, one: int, other: int, entry: AuditEntryRow, reason: str) -> None:
        pair = (min(one, other), max(one, other))
        # A repeat is a no-op in the store (see events.incidents._keep_apart_row): first wins.
        self.overrides.setdefault(pair, Override(entry.seq, entry.actor, reason))


def _stored_ids(session: Session, kind: str) -> Iterator[int]:
    _table, column = _KEPT[kind]
    yield from session.scalars(select(column).execution_options(yield_per=5000))


def check_exists(session: Session, ledger: Ledger) -> Iterable[Problem]:
    """Problems (seq, record, reason): records the log wrote that are gone."""
    for kind, written in ledger.written.items():
        if not written:
            continue
        stored = set(_stored_ids(session, kind))
        for record_id, seq in sorted(written.items()):
            if record_id not in stored:
                yield (
                    seq,
                    f"{kind} {record_id} (table {_KEPT[kind][0]}, id {record_id})",
                    "it is missing: the log wrote it and ceasefire never deletes one "
                    "(deleted behind the tool's back? restore it from a backup)",
                )
    stored_agreements = set(session.scalars(select(AgreementRow.id)))
    for agreement_id, seq in sorted(ledger.agreements.items()):
        if agreement_id not in stored_agreements:
            yield (
                seq,
                f"agreement {agreement_id!r} (table agreements)",
                "it is missing: the log loaded it and ceasefire never deletes one "
                "(load the file again with `ceasefire agreements load`, or restore a backup)",
            )


def check_derived(session: Session, ledger: Ledger) -> Iterable[Problem]:
    """Problems (seq, record, reason): incidents whose status is not the one their transitions
    give, overrides no entry wrote or that are gone."""
    yield from _check_status(session, ledger)
    yield from _check_overrides(session, ledger)


def _check_status(session: Session, ledger: Ledger) -> Iterator[Problem]:
    query = select(
        IncidentRow.id, IncidentRow.status, IncidentRow.status_changed_at, IncidentRow.decided_at
    ).execution_options(yield_per=5000)
    for incident_id, status, changed_at, decided_at in session.execute(query).tuples():
        seq, wanted = ledger.status.get(incident_id, (None, "reported"))
        label = f"incident {incident_id} (table incidents, field status)"
        if status != wanted:
            by = f"its audited transitions leave it {wanted!r}" if seq else "no transition"
            yield (
                seq,
                label,
                (
                    f"it is {status!r} but {by}{' moved it' if not seq else ''}: "
                    "the status was changed behind the tool's back"
                ),
            )
            continue
        expected_decided = changed_at if status in DECIDED else None
        if decided_at != expected_decided:
            yield (
                seq,
                f"incident {incident_id} (table incidents, field decided_at)",
                f"decided_at is {decided_at!r} but its status {status!r} gives "
                f"{expected_decided!r}: it was changed behind the tool's back",
            )


def _check_overrides(session: Session, ledger: Ledger) -> Iterator[Problem]:
    stored = session.scalars(select(FusionOverrideRow).order_by(FusionOverrideRow.id))
    for row in stored:
        pair = (row.event_a, row.event_b)
        label = f"fusion override {row.id} (table fusion_overrides, events {pair[0]}-{pair[1]})"
        written = ledger.overrides.get(pair)
        if written is None:
            yield (
                None,
                label,
                (
                    "no audit entry wrote it (a split or keep-apart inserted behind the tool's "
                    "back; fusion would keep these events apart: delete the row)"
                ),
            )
        elif row.user != written.user:
            yield written.seq, label, f"field user is {row.user!r}, its entry says {written.user!r}"
        elif row.reason != written.reason:
            yield written.seq, label, "field reason was changed after its audit entry"
    stored_pairs = {
        (a, b)
        for a, b in session.execute(
            select(FusionOverrideRow.event_a, FusionOverrideRow.event_b)
        ).tuples()
    }
    for pair, written in sorted(ledger.overrides.items()):
        if pair not in stored_pairs:
            yield (
                written.seq,
                (f"fusion override of events {pair[0]}-{pair[1]} (table fusion_overrides)"),
                "it is missing: the log wrote it (fusion may now merge these events again)",
            )
