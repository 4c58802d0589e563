"""``ceasefire audit export``: the log, the members' keys and the votes as JSON Lines, for
``python -m ceasefire.verification.offline`` to check without the store.

Line 1 is the header: ``{"kind": "header", "format": "ceasefire-audit-export/1", "store",
"size", "root", "server_key", "exported_at"}``. Then one ``{"kind": "entry", ...}`` per audit
entry in order (the fields of its canonical form, docs/audit.md), one ``{"kind": "key", ...}``
per member key (``id``, ``organisation``, ``public_key``, ``fingerprint``, ``valid_from``,
``valid_until``) and one ``{"kind": "vote", ...}`` per vote (``id``, ``incident``, ``round``,
``member``, ``user``, ``outcome``, ``rationale``, ``evidence``, ``cast_at``, ``signed_at``,
``signature``, ``key_id``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.audit import crypto
from ceasefire.audit.key_models import MemberKeyRow
from ceasefire.audit.leaves import ENTRY_FIELDS, entry_leaf, head_of
from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.serverkey import load_server_key
from ceasefire.verification.review_models import VoteRow

FORMAT = "ceasefire-audit-export/1"


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_lines(session: Session, key: crypto.PrivateKey | None = None) -> Iterator[str]:
    """The export, line by line (the header needs the root, so entries are read first)."""
    entries: list[dict[str, Any]] = []
    query = select(*[getattr(AuditEntryRow, n) for n in ENTRY_FIELDS]).order_by(AuditEntryRow.seq)
    for row in session.execute(query.execution_options(yield_per=5000)):
        entries.append(dict(zip(ENTRY_FIELDS, row, strict=True)))
    head = head_of([entry_leaf(e) for e in entries], entries[0]["entry_hash"] if entries else "")
    yield _line({
        "kind": "header", "format": FORMAT, "store": head.store, "size": head.size,
        "root": head.root, "server_key": crypto.public_hex(key or load_server_key()),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    })  # fmt: skip
    for entry in entries:
        yield _line({"kind": "entry", **entry})
    for k in session.scalars(select(MemberKeyRow).order_by(MemberKeyRow.id)):
        yield _line({
            "kind": "key", "id": k.id, "organisation": k.organisation,
            "public_key": k.public_key, "fingerprint": k.fingerprint,
            "valid_from": k.valid_from, "valid_until": k.valid_until,
        })  # fmt: skip
    users = dict(session.execute(select(UserRow.id, UserRow.name)).tuples().all())
    for v in session.scalars(select(VoteRow).order_by(VoteRow.id)):
        yield _line({
            "kind": "vote", "id": v.id, "incident": v.incident_id, "round": v.round,
            "member": v.member, "user": users.get(v.user_id), "outcome": v.choice,
            "rationale": v.rationale, "evidence": json.loads(v.evidence), "cast_at": v.cast_at,
            "signed_at": v.signed_at, "signature": v.signature, "key_id": v.key_id,
        })  # fmt: skip
