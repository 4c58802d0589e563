"""Published aggregates: counts of violations the verification body verified."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.analytics.aggregates import public_aggregates as aggregates_lib
from ceasefire.api.deps import SessionDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import CountRow, PublicAggregates, PublicZoneStatusOut

router = APIRouter(prefix="/public", tags=["public"])


@router.get("/aggregates", response_model=PublicAggregates)
def public_aggregates(
    session: SessionDep,
    user: Guarded,
    agreement: Annotated[str, Query(min_length=1, max_length=128)],
) -> PublicAggregates:
    """Verified violations of an agreement, counted by day, zone and party, and each zone's
    holding status from them. Nothing else of an incident (no sources, no places finer than a
    zone) is published."""
    done = aggregates_lib(session, agreement_id=agreement)

    def rows(groups: list[object]) -> list[CountRow]:
        return [CountRow.model_validate(g, from_attributes=True) for g in groups]

    return PublicAggregates(
        agreement_id=done.agreement_id, incidents=done.incidents, fatalities=done.fatalities,
        by_day=rows(list(done.by_day)), by_zone=rows(list(done.by_zone)),
        by_party=rows(list(done.by_party)), status_as_of=done.status_as_of,
        status_days=done.status_days,
        zone_status=[PublicZoneStatusOut.model_validate(z, from_attributes=True)
                     for z in done.zone_status],
    )  # fmt: skip
