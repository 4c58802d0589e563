"""One error family for the whole library.

Every error says what went wrong, where (file, line, field, record id or URL) and,
through ``hint``, what the user can do about it. Each face turns these into output in
one place: the CLI wrapper prints them and exits non-zero, the API maps ``status`` and
``code`` onto one JSON error shape.
"""

from __future__ import annotations

#: Longest message or hint an error keeps; longer ones (a 100 KB cell quoted whole) are cut
#: in the middle, keeping where the problem is (the start) and how the message ends.
MAX_MESSAGE_CHARS = 400


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text``, or its start and end with the number of characters cut between them."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 4
    cut = len(text) - head - tail
    return f"{text[:head]} [... {cut:,} characters cut ...] {text[-tail:]}"


class CeasefireError(Exception):
    """Base of every error the library raises on purpose."""

    status: int = 400
    code: str = "ceasefire_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = shorten(message)
        hint = shorten(hint) if hint is not None else None
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\nHint: {self.hint}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class ConfigError(CeasefireError):
    """A setting or a command-line option is wrong."""

    code = "config_error"


class InputError(CeasefireError):
    """A file or payload given by the user cannot be read as what it claims to be.

    ``source`` names the file, ``line`` the 1-based line and ``field`` the column or key.
    """

    code = "input_error"
    status = 422

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        field = shorten(field, 200) if field is not None else None
        where = ":".join(str(p) for p in (source, line) if p is not None)
        parts = [p for p in (where, f"field '{field}'" if field else None) if p]
        prefix = ", ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message, hint=hint)
        self.source = source
        self.line = line
        self.field = field
        self.reason = shorten(message)


class UnknownFormatError(InputError):
    """The format of an input could not be detected or is not supported."""

    code = "unknown_format"


class StoreError(CeasefireError):
    """The store cannot be reached or is not in the expected state."""

    code = "store_error"
    status = 503


class NotFoundError(CeasefireError):
    """A record asked for by id does not exist."""

    code = "not_found"
    status = 404


class ConflictError(CeasefireError):
    """A write would contradict a record already stored."""

    code = "conflict"
    status = 409


class AuthError(CeasefireError):
    """No valid credentials: the token is missing, unknown, malformed or revoked."""

    code = "unauthenticated"
    status = 401


class PermissionDeniedError(CeasefireError):
    """The user is known but their role or organisation may not do this."""

    code = "forbidden"
    status = 403


class SignatureError(CeasefireError):
    """A signature is missing where one is required, or does not verify."""

    code = "bad_signature"
    status = 400


class IntegrityError(CeasefireError):
    """The audit log or a stored record does not match its recorded hash."""

    code = "integrity_error"
    status = 500
