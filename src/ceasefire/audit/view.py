"""The audit log as one reader may see it.

Every reader of the log sees every entry and its hashes, so the chain can be followed link by
link (each ``prev_hash`` is the entry before's ``entry_hash``) and ``audit verify`` checks it
whole. What an entry's ``detail`` says is shown only to readers allowed to see that kind of
record: a ``user`` entry names an account, its role and its organisation, which only those
who may administer users see (as ``GET /users`` is theirs alone). Others get the detail's
SHA-256 instead, so anyone later shown the detail can match it to the entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ceasefire.accounts.permissions import allowed
from ceasefire.audit.models import AuditEntryRow

#: record type -> the action a reader needs to see the detail of its entries.
PRIVATE_DETAIL: dict[str, str] = {"user": "admin_users"}


@dataclass(frozen=True)
class EntryView:
    """One audit entry as shown to one reader."""

    seq: int
    at: str
    actor: str
    action: str
    record_type: str
    record_id: str
    content_hash: str
    detail: dict[str, Any]
    redacted: bool
    detail_sha256: str | None
    prev_hash: str
    entry_hash: str


def _detail(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}


def view_entry(row: AuditEntryRow, *, role: str) -> EntryView:
    """``row`` as a reader with ``role`` may see it: hashes always, detail when allowed."""
    needed = PRIVATE_DETAIL.get(row.record_type)
    hidden = needed is not None and not allowed(role, needed)
    detail_text = row.detail or "{}"
    return EntryView(
        seq=row.seq, at=row.at, actor=row.actor, action=row.action,
        record_type=row.record_type, record_id=row.record_id, content_hash=row.content_hash,
        detail={} if hidden else _detail(detail_text), redacted=hidden,
        detail_sha256=hashlib.sha256(detail_text.encode("utf-8")).hexdigest() if hidden else None,
        prev_hash=row.prev_hash, entry_hash=row.entry_hash,
    )  # fmt: skip
