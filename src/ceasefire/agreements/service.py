"""Storing and reading agreements. Every load is written through the audit log."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ceasefire.agreements.loader import (
    agreement_from_json,
    parse_agreement_document,
    problem_error,
    read_agreement_document,
)
from ceasefire.agreements.models import AgreementRow
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.succession import stored_problems
from ceasefire.audit import log as audit
from ceasefire.db.engine import transaction
from ceasefire.errors import ConflictError, NotFoundError
from ceasefire.yamlfile import YamlDocument


def store_agreement(
    engine: Engine, path: Path, *, actor: str = "local", replace: bool = False
) -> tuple[Agreement, str]:
    """Validate and store the agreement in ``path``.

    Returns the agreement and what happened: ``"stored"``, ``"unchanged"`` (the same terms
    were stored before) or ``"replaced"``. A changed agreement under an id already stored is
    refused unless ``replace``: the terms a verdict was made under must not shift silently.
    Incidents fused before that span one of its boundaries are split in the same transaction
    (``events.resplit``).
    """
    agreement, doc = read_agreement_document(path)
    return _store(engine, agreement, doc, name=path.name, actor=actor, replace=replace)


def store_agreement_text(
    engine: Engine, text: str, *, source: str, actor: str = "local", replace: bool = False
) -> tuple[Agreement, str]:
    """Validate and store an agreement given as YAML text (``source`` names it in errors and
    in the audit entry); otherwise as :func:`store_agreement`."""
    agreement, doc = parse_agreement_document(text, source=source)
    return _store(engine, agreement, doc, name=source, actor=actor, replace=replace)


def _store(
    engine: Engine, agreement: Agreement, doc: YamlDocument, *, name: str, actor: str,
    replace: bool,
) -> tuple[Agreement, str]:  # fmt: skip
    body = agreement.to_json()
    digest = agreement.content_hash()
    source = doc.source
    with transaction(engine) as session:
        row = session.get(AgreementRow, agreement.id)
        if row is not None and row.content_hash == digest:
            return agreement, "unchanged"
        others = [
            agreement_from_json(r.body, source=f"agreement {r.id}")
            for r in session.scalars(select(AgreementRow).where(AgreementRow.id != agreement.id))
        ]
        problems = stored_problems(agreement, others)
        if problems:
            raise problem_error(doc, problems[0])
        if row is not None and not replace:
            raise ConflictError(
                f"{source}: agreement {agreement.id!r} is already stored with different terms",
                hint="Give the new text a new id, or pass --replace to supersede the stored "
                "terms (the audit log keeps both versions' hashes).",
            )
        outcome = "replaced" if row is not None else "stored"
        entry = audit.append(
            session,
            actor=actor,
            action=f"agreement.{'replace' if row is not None else 'load'}",
            record_type="agreement",
            record_id=agreement.id,
            content_hash=digest,
            detail={"file": name, "name": agreement.name},
        )
        if row is None:
            row = AgreementRow(id=agreement.id)
            session.add(row)
        row.name = agreement.name
        row.effective_from = agreement.effective_from
        row.effective_until = agreement.effective_until
        row.body = body
        row.content_hash = digest
        row.source_path = name
        row.audit_seq = entry.seq
        session.flush()
        # Imported here: events and assessment read agreements through this module.
        from ceasefire.events.resplit import resplit_incidents

        resplit_incidents(session, actor=actor, cause=f"agreement {agreement.id} {outcome}")
    return agreement, outcome


def get_agreement(session: Session, agreement_id: str) -> Agreement:
    row = session.get(AgreementRow, agreement_id)
    if row is None:
        known = ", ".join(session.scalars(select(AgreementRow.id).order_by(AgreementRow.id)))
        raise NotFoundError(
            f"no agreement with id {agreement_id!r}",
            hint=f"Stored agreements: {known}."
            if known
            else "Load one with `ceasefire agreement load FILE.yaml`.",
        )
    return agreement_from_json(row.body, source=f"agreement {agreement_id}")


def list_agreements(session: Session) -> list[AgreementRow]:
    return list(session.scalars(select(AgreementRow).order_by(AgreementRow.effective_from)))
