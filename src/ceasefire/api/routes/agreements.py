"""Agreements: the stored terms incidents are assessed under."""

from __future__ import annotations

import json

from fastapi import APIRouter, Path

from ceasefire.agreements.models import AgreementRow
from ceasefire.agreements.service import get_agreement as get_terms
from ceasefire.agreements.service import list_agreements as list_rows
from ceasefire.api.deps import SessionDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import AgreementDetail, AgreementOut

router = APIRouter(prefix="/agreements", tags=["agreements"])

AgreementId = Path(min_length=1, max_length=128)


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
