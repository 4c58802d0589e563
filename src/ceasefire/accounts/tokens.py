"""API tokens: ``cf_<prefix>_<secret>``, shown once, stored as an Argon2id hash.

The prefix (8 hex digits) is public and unique: it finds the user row, then the hash of the
whole token is checked. A lookup never scans every hash.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_RE = re.compile(r"^cf_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class NewToken:
    """A freshly made token: the full ``token`` to hand out once, its ``prefix`` and hash."""

    token: str
    prefix: str
    hashed: str


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def make_token() -> NewToken:
    """A new random token (32 bytes of secret) with its public prefix and hash."""
    prefix = secrets.token_hex(4)
    token = f"cf_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(token=token, prefix=prefix, hashed=_hasher().hash(token))


def token_prefix(token: str) -> str | None:
    """The public prefix of a well-formed token, else None."""
    match = TOKEN_RE.match(token.strip())
    return match.group(1) if match else None


def verify_token(hashed: str, token: str) -> bool:
    """Does ``token`` match the stored hash? Constant-time inside Argon2."""
    try:
        return _hasher().verify(hashed, token.strip())
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
