"""Creating, finding, authenticating and revoking users. Every write is audited."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import ROLES
from ceasefire.accounts.tokens import make_token, token_prefix, verify_token
from ceasefire.audit import log as audit
from ceasefire.errors import AuthError, ConflictError, InputError, NotFoundError
from ceasefire.events.record import hash_content

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def user_hash(user: UserRow) -> str:
    """Content hash of what the audit log vouches for about a user."""
    return hash_content(
        {
            "name": user.name,
            "role": user.role,
            "organisation": user.organisation,
            "token_prefix": user.token_prefix,
            "token_hash": user.token_hash,
            "revoked_at": user.revoked_at,
        }
    )


def create_user(
    *, session: Session, name: str, role: str, organisation: str = "", actor: str = "local"
) -> tuple[UserRow, str]:
    """Create a user; returns the row and its API token, which is not stored and not shown again."""
    if not _NAME.match(name):
        raise InputError(
            f"user name {name!r} is not allowed",
            field="name",
            hint="Use letters, digits and . _ @ - (e.g. ru-monitor), at most 128 characters.",
        )
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}", field="role", hint=f"Roles: {', '.join(ROLES)}.")
    if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
        raise ConflictError(
            f"user {name!r} already exists",
            hint="Pick another name, or revoke the old account first.",
        )
    token = make_token()
    user = UserRow(
        name=name,
        role=role,
        organisation=organisation.strip(),
        token_prefix=token.prefix,
        token_hash=token.hashed,
        created_at=now_utc(),
        created_by=actor,
    )
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="user.create",
        record_type="user",
        record_id=str(user.id),
        content_hash=user_hash(user),
        detail={"name": name, "role": role, "organisation": user.organisation},
    )
    return user, token.token


def get_user(session: Session, name: str) -> UserRow:
    """The user called ``name`` (revoked users included), else ``NotFoundError``."""
    user = session.scalar(select(UserRow).where(UserRow.name == name))
    if user is None:
        raise NotFoundError(
            f"no user called {name!r}", hint="List users with `ceasefire users list`."
        )
    return user


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.name)))


def authenticate(session: Session, token: str) -> UserRow:
    """The active user holding ``token``, else ``AuthError`` (same message for every failure)."""
    failure = AuthError("invalid or revoked API token", hint="Ask an admin for a new token.")
    prefix = token_prefix(token)
    if prefix is None:
        raise failure
    user = session.scalar(select(UserRow).where(UserRow.token_prefix == prefix))
    if user is None or not user.active or not verify_token(user.token_hash, token):
        raise failure
    return user


def revoke_user(*, session: Session, name: str, actor: str = "local") -> UserRow:
    """Revoke ``name``'s token for good; revoking twice is a no-op. Votes already cast stay."""
    user = get_user(session, name)
    if user.revoked_at is not None:
        return user
    user.revoked_at = now_utc()
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="user.revoke",
        record_type="user",
        record_id=str(user.id),
        content_hash=user_hash(user),
        detail={"name": name},
    )
    return user
