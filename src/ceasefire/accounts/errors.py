"""The two errors of access control; both belong to the one error family."""

from __future__ import annotations

from ceasefire.errors import CeasefireError


class AuthError(CeasefireError):
    """No valid credentials: the token is missing, unknown, malformed or revoked."""

    code = "unauthenticated"
    status = 401


class PermissionDeniedError(CeasefireError):
    """The user is known but their role or organisation may not do this."""

    code = "forbidden"
    status = 403
