"""Member organisations' signing keys: make, register, rotate, find the one valid at a time.

``ceasefire keys new --org ORG -o KEYFILE`` makes an Ed25519 pair, registers the public half
and writes the private half (PEM, mode 0600) for the member to keep. Registering a key for an
organisation that has one ends the old key's validity now (rotation, e.g. after a lost key):
votes signed under the old key while it was valid keep verifying, and keys are never deleted.
Each registration and each end of validity is an audit entry whose content hash covers the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.agreements.names import normalise_name
from ceasefire.audit import crypto
from ceasefire.audit import log as audit
from ceasefire.audit.key_models import MemberKeyRow
from ceasefire.errors import InputError
from ceasefire.events.record import hash_content


class Validity(Protocol):
    """A key's validity period (a row, or a key read from an export)."""

    @property
    def valid_from(self) -> str: ...
    @property
    def valid_until(self) -> str | None: ...


K = TypeVar("K", bound=Validity)


def key_content(organisation: str, public_key: str, valid_from: str) -> str:
    """The content hash of a key's registration entry."""
    return hash_content(["member_key", organisation, public_key, valid_from])


def retire_content(key_id: int, public_key: str, valid_until: str | None) -> str:
    """The content hash of the entry that ended a key's validity."""
    return hash_content(["member_key.retire", key_id, public_key, valid_until])


def org_keys(session: Session, organisation: str) -> list[MemberKeyRow]:
    """Every key an organisation ever had, oldest first."""
    wanted = normalise_name(organisation)
    rows = session.scalars(select(MemberKeyRow).order_by(MemberKeyRow.id))
    return [r for r in rows if normalise_name(r.organisation) == wanted]


def key_at(keys: Sequence[K], moment: str | None) -> K | None:
    """The key valid at ``moment`` (ISO 8601 with an offset), if any."""
    try:
        when = datetime.fromisoformat(moment or "")
    except ValueError:
        return None
    for row in reversed(keys):
        start = datetime.fromisoformat(row.valid_from)
        end = datetime.fromisoformat(row.valid_until) if row.valid_until else None
        if start <= when and (end is None or when < end):
            return row
    return None


def register_key(session: Session, *, organisation: str, public: str, actor: str) -> MemberKeyRow:
    """Register ``public`` (64 hex digits) as ``organisation``'s key from now on, ending the
    validity of its current key; both steps audited."""
    organisation = organisation.strip()
    if not organisation:
        raise InputError(
            "an organisation is required", field="--org",
            hint="Name the member as the agreement does, e.g. --org Russia.",
        )  # fmt: skip
    if not crypto.is_public_hex(public):
        raise InputError("not an Ed25519 public key (64 hex digits)", field="public_key")
    audit.lock_writes(session)
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    for old in org_keys(session, organisation):
        if old.valid_until is None:
            old.valid_until = now
            session.flush()
            audit.append(
                session, actor=actor, action="key.retire", record_type="member_key",
                record_id=str(old.id),
                content_hash=retire_content(old.id, old.public_key, old.valid_until),
                detail={"organisation": old.organisation, "fingerprint": old.fingerprint},
            )  # fmt: skip
    row = MemberKeyRow(
        organisation=organisation, public_key=public, fingerprint=crypto.fingerprint(public),
        valid_from=now, valid_until=None, created_by=actor,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.append(
        session, actor=actor, action="key.register", record_type="member_key",
        record_id=str(row.id),
        content_hash=key_content(row.organisation, row.public_key, row.valid_from),
        detail={"organisation": organisation, "fingerprint": row.fingerprint},
    )  # fmt: skip
    return row


def new_key(
    session: Session, *, organisation: str, actor: str
) -> tuple[crypto.PrivateKey, MemberKeyRow]:
    """Make an Ed25519 pair and register its public half for ``organisation``."""
    key = crypto.generate()
    return key, register_key(
        session, organisation=organisation, public=crypto.public_hex(key), actor=actor
    )


def list_keys(session: Session) -> list[MemberKeyRow]:
    return list(session.scalars(select(MemberKeyRow).order_by(MemberKeyRow.id)))
