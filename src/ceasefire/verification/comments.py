"""Comments on incidents: a party liaison's objection, a monitor's note. Each is audited.

Who may comment is the ``comment`` action of the permissions table (admin, monitor,
party_liaison). A comment needs text (at most ``MAX_COMMENT`` characters) and is never edited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.audit import log as audit
from ceasefire.errors import InputError
from ceasefire.events.incidents import get_incident
from ceasefire.events.record import hash_content
from ceasefire.verification.comment_models import CommentRow

#: Longest comment, in characters.
MAX_COMMENT = 10_000


def comment_hash(row: CommentRow, user_name: str) -> str:
    """Content hash of a comment (what its audit entry vouches for)."""
    return hash_content([row.incident_id, user_name, row.text, row.created_at])


def comment(*, session: Session, incident_id: int, user: UserRow, text: str) -> CommentRow:
    """Add ``user``'s comment to an incident, in the caller's transaction, audited.

    Example:
        comment(session=session, incident_id=12, user=liaison, text="Our positions were shelled")
    """
    require(user, "comment")
    body = text.strip()
    if not body:
        raise InputError("a comment needs text", field="text", hint="Say what you want recorded.")
    if len(body) > MAX_COMMENT:
        raise InputError(
            f"the comment has {len(body):,} characters; at most {MAX_COMMENT:,} are allowed",
            field="text",
            hint="Shorten it, or link to a longer document.",
        )
    get_incident(session, incident_id)
    row = CommentRow(
        incident_id=incident_id,
        user_id=user.id,
        text=body,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        actor=user.name,
        action="comment.add",
        record_type="comment",
        record_id=str(row.id),
        content_hash=comment_hash(row, user.name),
        detail={"incident": incident_id, "characters": len(body)},
    )
    return row


def list_comments(session: Session, incident_id: int) -> list[tuple[CommentRow, str]]:
    """An incident's comments in the order written, each with its author's name."""
    get_incident(session, incident_id)
    query = (
        select(CommentRow, UserRow.name)
        .join(UserRow, UserRow.id == CommentRow.user_id)
        .where(CommentRow.incident_id == incident_id)
        .order_by(CommentRow.id)
    )
    return [(row, name) for row, name in session.execute(query).tuples()]
