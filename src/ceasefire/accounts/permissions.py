"""Who may do what: an explicit role x action table and one ``require`` check.

Being allowed the ``vote`` action is not enough to vote: the user's organisation must also be
a voting member of the agreement's verification body at the incident's date (``votes.py``).
"""

from __future__ import annotations

from typing import Literal, get_args

from ceasefire.accounts.models import UserRow
from ceasefire.errors import PermissionDeniedError

Role = Literal["admin", "monitor", "party_liaison", "observer", "public"]
ROLES: tuple[str, ...] = get_args(Role)

Action = Literal[
    "submit_report",  # ingest reports or events
    "comment",  # comment on an incident
    "fuse",  # run fusion, split events out of incidents
    "assess",  # run the violation rules
    "vote",  # vote for one's organisation in a verification round
    "transition",  # open, re-open or withdraw a review by hand
    "read_incidents",  # incidents, sources, assessments, votes
    "read_audit",  # the audit log
    "read_public_aggregates",  # published counts of verified incidents
    "admin_users",  # create, list and revoke users
    "load_agreement",  # store or replace an agreement's terms
]
ACTIONS: tuple[str, ...] = get_args(Action)

_READ = frozenset({"read_incidents", "read_audit", "read_public_aggregates"})

#: The table. Read it as: a role may do exactly the actions in its set.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "monitor": _READ | {"submit_report", "comment", "fuse", "assess", "vote", "transition"},
    "party_liaison": _READ | {"submit_report", "comment"},
    "observer": _READ,
    "public": frozenset({"read_public_aggregates"}),
}


def allowed(role: str, action: str) -> bool:
    """May ``role`` do ``action``? Unknown roles may do nothing."""
    return action in PERMISSIONS.get(role, frozenset())


def require(user: UserRow, action: str) -> None:
    """Raise ``PermissionDeniedError`` unless ``user`` is active and its role allows ``action``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not user.active:
        raise PermissionDeniedError(
            f"user {user.name!r} was revoked", hint="Ask an admin for a new account."
        )
    if not allowed(user.role, action):
        roles = ", ".join(r for r in ROLES if allowed(r, action))
        raise PermissionDeniedError(
            f"user {user.name!r} (role {user.role}) may not {action.replace('_', ' ')}",
            hint=f"Roles allowed to: {roles}.",
        )
