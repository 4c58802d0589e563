"""Does a log still extend a checkpoint? Used on the store and on an export alike.

The log's leaves must start with the very leaves the checkpoint's root was made of. When
they do, an RFC 9162 consistency proof from the checkpoint's size to the log's is made and
checked; when they do not, the checkpoint's block hashes name the first entry (or the
smallest block of entries) that differs, or the entries that are gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.audit import crypto, merkle
from ceasefire.audit.checkpoint import Checkpoint
from ceasefire.audit.leaves import first_difference
from ceasefire.errors import InputError


@dataclass(frozen=True)
class Extension:
    """The outcome: ``problem`` is None when the log extends the checkpoint."""

    checkpoint_size: int
    size: int
    proof_hashes: int = 0
    problem: str | None = None
    first_entry: int | None = None


def check_origin(cp: Checkpoint, *, store: str, key: str | None, source: str) -> None:
    """Refuse a checkpoint of another store, or signed by another key than ``key``."""
    if key is not None and cp.key != key:
        raise InputError(
            f"the checkpoint was signed by another key (fingerprint "
            f"{crypto.fingerprint(cp.key)}); this server's key is {crypto.fingerprint(key)}",
            source=source, field="key",
            hint="Check it against the server that issued it, or fetch a checkpoint from this one.",
        )  # fmt: skip
    if store and cp.store != store:  # an empty log is checked as truncated
        raise InputError(
            f"the checkpoint is of another store ({cp.store[:16]}...); this log's first entry "
            f"gives {store[:16]}... (another store, or its first entry was rewritten)",
            source=source, field="store",
            hint="Check it against the store it was taken from.",
        )  # fmt: skip


def check_extends(cp: Checkpoint, leaves: list[bytes]) -> Extension:
    """Whether ``leaves`` (the log's, in order) extend the checkpoint's tree."""
    size, n, width = cp.size, len(leaves), cp.block_width
    kept = cp.blocks if n >= size else cp.blocks[: n // width]
    diff = first_difference([bytes.fromhex(h) for h in kept], leaves, width, min(n, size))
    if diff is not None:
        first, last = diff
        where = f"audit entry {first}" if first == last else f"audit entries {first} to {last}"
        return Extension(
            size, n, problem=f"the log no longer extends the checkpoint of {size} entries: "
            f"{where} {'differs' if first == last else 'hold the first difference'} "
            "(rewritten, removed or a forked history)", first_entry=first,
        )  # fmt: skip
    if n < size:
        return Extension(
            size, n, problem=f"the log has {n} entries; the checkpoint pins {size}: audit "
            f"entries {n + 1} to {size} were removed (truncated)", first_entry=n + 1,
        )  # fmt: skip
    proof = merkle.consistency_proof(size, leaves)
    if not merkle.verify_consistency(
        size, n, bytes.fromhex(cp.root), merkle.root(leaves), proof
    ):  # the blocks matched, so only a fault in this code gets here
        return Extension(size, n, problem="the consistency proof does not verify")
    return Extension(size, n, proof_hashes=len(proof))
