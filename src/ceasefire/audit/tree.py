"""The Merkle tree of the store's audit log: its head, its checkpoints, checks against one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ceasefire.atomic import atomic_text
from ceasefire.audit import crypto
from ceasefire.audit.checkpoint import Checkpoint, parse_checkpoint, sign_head
from ceasefire.audit.extends import Extension, check_extends, check_origin
from ceasefire.audit.leaves import ENTRY_FIELDS, Head, block_width, blocks, entry_leaf, head_of
from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.serverkey import load_server_key
from ceasefire.errors import ConflictError, InputError

_COLUMNS = [getattr(AuditEntryRow, name) for name in ENTRY_FIELDS]


def store_leaves(session: Session) -> tuple[list[bytes], str]:
    """Every entry's leaf hash in log order, and the store id (the first entry's hash)."""
    leaves: list[bytes] = []
    first = ""
    query = select(*_COLUMNS).order_by(AuditEntryRow.seq).execution_options(yield_per=5000)
    for row in session.execute(query):
        record = dict(zip(ENTRY_FIELDS, row, strict=True))
        if not first:
            first = str(record["entry_hash"])
        leaves.append(entry_leaf(record))
    return leaves, first


def current_head(session: Session) -> Head | None:
    """The log's current tree head; None while the log is empty."""
    leaves, store = store_leaves(session)
    return head_of(leaves, store) if leaves else None


def make_checkpoint(session: Session, key: crypto.PrivateKey | None = None) -> Checkpoint:
    """The current tree head signed by the server's key (``serverkey``)."""
    leaves, store = store_leaves(session)
    if not leaves:
        raise ConflictError(
            "the audit log is empty: there is nothing to checkpoint yet",
            hint="Load an agreement or ingest a file first.",
        )
    width = block_width(len(leaves))
    return sign_head(key or load_server_key(), head_of(leaves, store), width, blocks(leaves, width))


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read the checkpoint: {getattr(exc, 'strerror', None) or exc}",
            source=str(path), field="--checkpoint",
            hint="Name a file written by `ceasefire audit checkpoint -o FILE`.",
        ) from exc  # fmt: skip
    return parse_checkpoint(text, source=str(path))


def verify_checkpoint(
    session: Session, cp: Checkpoint, *, source: str, key: crypto.PrivateKey | None = None
) -> Extension:
    """Check ``cp`` is this server's and this store's, and that the log still extends it."""
    leaves, store = store_leaves(session)
    server = crypto.public_hex(key or load_server_key())
    check_origin(cp, store=store, key=server, source=source)
    return check_extends(cp, leaves)


def checkpoint_text(cp: Checkpoint) -> str:
    return json.dumps(cp.to_json(), indent=1) + "\n"


def save_checkpoint(
    cp: Checkpoint, output: str | Path, *, protected: Mapping[Path, str], replace: bool
) -> None:
    """Write ``cp`` whole or not at all (``atomic``); ``-`` is standard output."""
    with atomic_text(output, protected=protected, replace=replace) as fh:
        fh.write(checkpoint_text(cp))


def head_line(session: Session) -> str:
    """One line that pins the log on a printed page: size, root and store id."""
    head = current_head(session)
    if head is None:
        return "audit log empty"
    return f"audit log head: {head.size:,} entries, root {head.root}, store {head.store[:16]}"
