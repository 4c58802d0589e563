"""The audit log: its entries, and a full integrity check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from ceasefire.api.deps import SessionDep
from ceasefire.api.routes.common import Guarded, Limit, Offset
from ceasefire.api.schemas import AuditCheck, AuditEntryOut, Page
from ceasefire.audit.integrity import verify_store
from ceasefire.audit.tree import make_checkpoint
from ceasefire.audit.view import view_entry
from ceasefire.events.queries import query_audit

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEntryOut])
def list_audit(
    session: SessionDep, user: Guarded, limit: Limit = 100, offset: Offset = 0
) -> Page[AuditEntryOut]:
    """Audit-log entries in chain order, with their hashes. The detail of entries about
    users (names, roles, organisations) is shown to admins only; other readers get its
    SHA-256 (``redacted``, ``detail_sha256``), so the chain can still be followed."""
    found = query_audit(session, limit=limit, offset=offset)
    return Page[AuditEntryOut](
        items=[AuditEntryOut.of(view_entry(r, role=user.role)) for r in found.items],
        total=found.total, limit=limit,
        offset=offset,
    )  # fmt: skip


@router.get("/verify", response_model=AuditCheck)
def verify_audit(session: SessionDep, user: Guarded) -> AuditCheck:
    """Check the hash chain and every stored record against the entry that wrote it."""
    report = verify_store(session)
    return AuditCheck(
        ok=report.ok, entries=report.entries, events=report.events, documents=report.documents,
        agreements=report.agreements, problems=[str(p) for p in report.problems[:100]],
    )  # fmt: skip


class CheckpointBlocks(BaseModel):
    model_config = ConfigDict(extra="forbid")
    width: int
    hashes: list[str]


class CheckpointOut(BaseModel):
    """A signed tree head (docs/audit.md); ``format`` is ``ceasefire-audit-checkpoint/1``."""

    model_config = ConfigDict(extra="forbid")
    format: str
    store: str
    size: int
    root: str
    time: str
    key: str
    key_fingerprint: str
    signature: str
    blocks: CheckpointBlocks


@router.get("/checkpoint", response_model=CheckpointOut)
def audit_checkpoint(session: SessionDep, user: Guarded) -> dict[str, Any]:
    """The log's current tree head (size, RFC 9162 root, time, store id) signed by the
    server's Ed25519 key, as `ceasefire audit checkpoint` writes it: keep it, and later
    prove the log still extends it (`ceasefire audit verify --checkpoint FILE`)."""
    return make_checkpoint(session).to_json()
