"""Ed25519 through pyca/cryptography: make, read and write keys; sign and check signatures.

Public keys travel as 64 hex digits (the 32 raw bytes), signatures as base64 of the 64 raw
bytes, private keys as PKCS#8 PEM files. A key's *fingerprint* is the first 16 hex digits of
the SHA-256 of its raw public bytes: short enough to read out over the phone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ceasefire.errors import InputError

PrivateKey = Ed25519PrivateKey


def generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def fingerprint(public: str) -> str:
    """The first 16 hex digits of SHA-256 over the raw public key."""
    return hashlib.sha256(bytes.fromhex(public)).hexdigest()[:16]


def read_private(path: Path, *, option: str = "--key") -> Ed25519PrivateKey:
    """The Ed25519 private key in PEM file ``path``; an ``InputError`` naming it otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the key file: {exc.strerror}",
            source=str(path),
            field=option,
            hint="Name the file `ceasefire keys new -o FILE` wrote.",
        ) from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InputError(
            "not an unencrypted PEM private key",
            source=str(path),
            field=option,
            hint="Name the file `ceasefire keys new -o FILE` wrote.",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(
            f"a {type(key).__name__.removeprefix('_')} key, not Ed25519",
            source=str(path),
            field=option,
            hint="ceasefire signs with Ed25519 keys only: make one with `ceasefire keys new`.",
        )
    return key


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    """The base64 signature of ``message``."""
    return base64.b64encode(key.sign(message)).decode("ascii")


def is_public_hex(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 64:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def verifies(public: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) is ``public``'s (hex) signature of ``message``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(raw, message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
