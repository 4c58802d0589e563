"""Agreements: the stored terms incidents are assessed under."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ceasefire.agreements.models import AgreementRow
from ceasefire.agreements.service import get_agreement as get_terms
from ceasefire.agreements.service import list_agreements as list_rows
from ceasefire.agreements.service import store_agreement_text
from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.limits import too_large
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import AgreementDetail, AgreementOut, AgreementStored
from ceasefire.db.engine import read_session
from ceasefire.errors import InputError

router = APIRouter(prefix="/agreements", tags=["agreements"])

AgreementId = Path(min_length=1, max_length=128)
#: Largest agreement file accepted, in bytes (the Astana file is about 6 KB).
MAX_AGREEMENT_BYTES = 256 * 1024
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
#: How an uploaded agreement is named in error messages and the audit log.
UPLOAD_SOURCE = "request body"


@router.get("", response_model=list[AgreementOut])
def list_agreements(session: SessionDep, user: Guarded) -> list[AgreementOut]:
    """Every stored agreement, oldest first."""
    return [AgreementOut.of(row) for row in list_rows(session)]


@router.get("/{agreement_id}", response_model=AgreementDetail)
def get_agreement(
    session: SessionDep, user: Guarded, agreement_id: str = AgreementId
) -> AgreementDetail:
    """One agreement with its validated terms."""
    terms = get_terms(session, agreement_id)
    row = session.get_one(AgreementRow, agreement_id)
    return AgreementDetail(**AgreementOut.of(row).model_dump(), terms=json.loads(terms.to_json()))


@router.post(
    "",
    response_model=AgreementStored,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The agreement file (YAML, UTF-8), as `ceasefire agreement load` "
            "takes it; see docs/agreements.md.",
            "content": {t: {"schema": {"type": "string"}} for t in YAML_TYPES},
        }
    },
    responses={200: {"model": AgreementStored, "description": "Unchanged or replaced."}},
)
async def upload_agreement(
    request: Request,
    response: Response,
    store: StoreDep,
    user: Guarded,
    replace: Annotated[
        bool, Query(description="Supersede stored terms with the same id (audited).")
    ] = False,
) -> AgreementStored:
    """Store an agreement sent as YAML (admins only). 201 when stored, 200 when the same terms
    were stored already or replaced; a changed agreement under a stored id is 409 unless
    ``replace``. Invalid files are 422 naming the line and the field."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in YAML_TYPES:
        raise HTTPException(
            415, f"send the agreement as YAML ({YAML_TYPES[0]}), not {kind or 'no content type'}"
        )
    raw = bytearray()
    async for chunk in request.stream():
        raw.extend(chunk)
        if len(raw) > MAX_AGREEMENT_BYTES:
            raise too_large(MAX_AGREEMENT_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "not UTF-8 text", source=UPLOAD_SOURCE, line=line, hint="Send the file as UTF-8."
        ) from None

    def store_it() -> AgreementStored:
        with store.writing():
            agreement, outcome = store_agreement_text(
                store.engine(), text, source=UPLOAD_SOURCE, actor=user.name, replace=replace
            )
        with read_session(store.engine()) as session:
            row = session.get_one(AgreementRow, agreement.id)
            return AgreementStored(outcome=outcome, agreement=AgreementOut.of(row))

    stored = await run_in_threadpool(store_it)
    if stored.outcome != "stored":
        response.status_code = 200
    return stored
