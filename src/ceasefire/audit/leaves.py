"""The Merkle leaves of the audit log: one per entry, over the entry's canonical JSON.

An entry's canonical form is the JSON object of its fields (``ENTRY_FIELDS``, its own
``entry_hash`` included) with sorted keys, no spaces, UTF-8 (``ensure_ascii`` off). Its leaf
is ``SHA-256(0x00 || that)`` (RFC 9162). The same bytes are what ``audit export`` writes, so a
member recomputes every leaf from an export alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ceasefire.audit import merkle

ENTRY_FIELDS = (
    "seq", "at", "actor", "action", "record_type", "record_id", "content_hash", "detail",
    "prev_hash", "entry_hash",
)  # fmt: skip
#: At most this many block hashes in a checkpoint (see ``blocks``).
MAX_BLOCKS = 1024


def entry_record(row: Any) -> dict[str, Any]:
    """The fields of an audit entry (a row or any object with them) as a plain dict."""
    return {name: getattr(row, name) for name in ENTRY_FIELDS}


def entry_bytes(record: Mapping[str, Any]) -> bytes:
    canonical = {name: record[name] for name in ENTRY_FIELDS}
    return json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def entry_leaf(record: Mapping[str, Any]) -> bytes:
    return merkle.leaf_hash(entry_bytes(record))


@dataclass(frozen=True)
class Head:
    """The tree head of a log: its store id (the first entry's hash), size and root."""

    store: str
    size: int
    root: str


def head_of(leaves: list[bytes], first_entry_hash: str) -> Head:
    return Head(store=first_entry_hash, size=len(leaves), root=merkle.root(leaves).hex())


def block_width(size: int) -> int:
    """The smallest power of two that cuts ``size`` leaves into at most ``MAX_BLOCKS`` blocks."""
    width = 1
    while (size + width - 1) // width > MAX_BLOCKS:
        width *= 2
    return width


def blocks(leaves: list[bytes], width: int) -> list[bytes]:
    """The roots of consecutive ``width``-leaf blocks (the last may be shorter).

    With ``width`` a power of two these are nodes of the RFC 9162 tree, so ``merkle.root``
    over them gives the tree head: a checkpoint keeps them to locate a later difference.
    """
    return [merkle.root(leaves[i : i + width]) for i in range(0, len(leaves), width)]


def first_difference(
    old_blocks: Iterable[bytes], new_leaves: list[bytes], width: int, size: int
) -> tuple[int, int] | None:
    """The 1-based entry range (first, last) of the first block that differs, or None."""
    new_blocks = blocks(new_leaves[:size], width)
    for index, (old, new) in enumerate(zip(old_blocks, new_blocks, strict=False)):
        if old != new:
            start = index * width
            return start + 1, min(start + width, size)
    return None
