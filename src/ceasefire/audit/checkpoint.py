"""Checkpoints: signed tree heads of the audit log that members fetch and keep.

A checkpoint is a JSON object (``FORMAT``) with the store id, the log's size, the RFC 9162
root over its entries, the time, the signing key (64 hex digits), the Ed25519 signature and
the block hashes that let a later check name where a log stopped extending it. The signature
covers exactly these lines (UTF-8, each ending in a newline)::

    ceasefire-audit-checkpoint/1
    store <store id>
    size <entries>
    root <root hash, hex>
    time <ISO 8601 time, UTC>

The block hashes are not signed: they are checked against the signed root when read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ceasefire.audit import crypto, merkle
from ceasefire.audit.leaves import Head
from ceasefire.errors import InputError

FORMAT = "ceasefire-audit-checkpoint/1"
_HINT = "Give a file written by `ceasefire audit checkpoint -o FILE` or GET /audit/checkpoint."


@dataclass(frozen=True)
class Checkpoint:
    store: str
    size: int
    root: str
    time: str
    key: str
    signature: str
    block_width: int
    blocks: tuple[str, ...]

    def signed_text(self) -> bytes:
        return signed_text(self.store, self.size, self.root, self.time)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "store": self.store, "size": self.size, "root": self.root,
            "time": self.time, "key": self.key, "key_fingerprint": crypto.fingerprint(self.key),
            "signature": self.signature,
            "blocks": {"width": self.block_width, "hashes": list(self.blocks)},
        }  # fmt: skip


def signed_text(store: str, size: int, root: str, time: str) -> bytes:
    return f"{FORMAT}\nstore {store}\nsize {size}\nroot {root}\ntime {time}\n".encode()


def sign_head(
    key: crypto.PrivateKey, head: Head, width: int, block_hashes: list[bytes]
) -> Checkpoint:
    """The checkpoint of ``head``, signed now by ``key``."""
    time = datetime.now(UTC).isoformat(timespec="seconds")
    signature = crypto.sign(key, signed_text(head.store, head.size, head.root, time))
    return Checkpoint(
        store=head.store, size=head.size, root=head.root, time=time,
        key=crypto.public_hex(key), signature=signature, block_width=width,
        blocks=tuple(b.hex() for b in block_hashes),
    )  # fmt: skip


def _field(data: dict[str, Any], name: str, kind: type, source: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(
            f"not a ceasefire checkpoint: '{name}' is missing or not a {kind.__name__}",
            source=source, field=name, hint=_HINT,
        )  # fmt: skip
    return value


def _hex(data: dict[str, Any], name: str, source: str) -> str:
    value = _field(data, name, str, source)
    if not crypto.is_public_hex(value):
        raise InputError(
            f"not a ceasefire checkpoint: '{name}' is not 64 hex digits",
            source=source, field=name, hint=_HINT,
        )  # fmt: skip
    return str(value)


def parse_checkpoint(text: str, *, source: str) -> Checkpoint:
    """Read a checkpoint and check it is whole: its signature verifies under the key it names
    and its block hashes give its root. Which key and store it must be from is the caller's."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a ceasefire checkpoint: not JSON ({exc})", source=source,
                         hint=_HINT) from exc  # fmt: skip
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(
            f"not a ceasefire checkpoint: no \"format\": \"{FORMAT}\"", source=source,
            field="format", hint=_HINT,
        )  # fmt: skip
    size = _field(data, "size", int, source)
    blocks = data.get("blocks")
    width = blocks.get("width") if isinstance(blocks, dict) else None
    hashes = blocks.get("hashes") if isinstance(blocks, dict) else None
    if (
        size < 1 or not isinstance(width, int) or width < 1 or width & (width - 1)
        or not isinstance(hashes, list) or not all(crypto.is_public_hex(h) for h in hashes)
        or len(hashes) != (size + width - 1) // width
    ):  # fmt: skip
        raise InputError(
            "not a ceasefire checkpoint: its size or block hashes are malformed",
            source=source, field="blocks", hint=_HINT,
        )  # fmt: skip
    cp = Checkpoint(
        store=_hex(data, "store", source), size=size, root=_hex(data, "root", source),
        time=_field(data, "time", str, source), key=_hex(data, "key", source),
        signature=_field(data, "signature", str, source), block_width=width,
        blocks=tuple(hashes),
    )  # fmt: skip
    if not crypto.verifies(cp.key, cp.signature, cp.signed_text()):
        raise InputError(
            "the checkpoint's signature does not verify under the key it names: it was "
            "altered after signing",
            source=source, field="signature", hint="Fetch a fresh checkpoint from the server.",
        )  # fmt: skip
    if merkle.root([bytes.fromhex(h) for h in cp.blocks]).hex() != cp.root:
        raise InputError(
            "the checkpoint's block hashes do not give its signed root: they were altered",
            source=source, field="blocks", hint="Fetch a fresh checkpoint from the server.",
        )  # fmt: skip
    return cp
