"""Published aggregates: counts of violations the verification body verified."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Query

from ceasefire.agreements.service import get_agreement
from ceasefire.api.deps import SessionDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import CountRow, PublicAggregates
from ceasefire.assessment.service import is_verified_violation, list_incidents

router = APIRouter(prefix="/public", tags=["public"])


def _rows(incidents: Counter[str], deaths: Counter[str]) -> list[CountRow]:
    return [
        CountRow(key=k, incidents=n, fatalities=deaths[k]) for k, n in sorted(incidents.items())
    ]


@router.get("/aggregates", response_model=PublicAggregates)
def public_aggregates(
    session: SessionDep,
    user: Guarded,
    agreement: Annotated[str, Query(min_length=1, max_length=128)],
) -> PublicAggregates:
    """Verified violations of an agreement, counted by day, zone and party. Nothing else of an
    incident (no sources, no places finer than a zone) is published."""
    terms = get_agreement(session, agreement)
    lines = [
        line
        for line in list_incidents(session, agreement_id=agreement, status="verified")
        if is_verified_violation(line)
    ]
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("day", "zone", "party")}
    deaths: dict[str, Counter[str]] = {k: Counter() for k in ("day", "zone", "party")}
    for line in lines:
        inc = line.incident
        zone = terms.zone_of(inc.admin1, None, inc.latitude, inc.longitude)
        keys = {
            "day": inc.date_from.isoformat(),
            "zone": zone.id if zone is not None else "(no zone)",
            "party": (line.assessment.party if line.assessment else "") or "(unattributed)",
        }
        for kind, key in keys.items():
            counts[kind][key] += 1
            deaths[kind][key] += inc.fatalities
    return PublicAggregates(
        agreement_id=agreement, incidents=len(lines),
        fatalities=sum(line.incident.fatalities for line in lines),
        by_day=_rows(counts["day"], deaths["day"]), by_zone=_rows(counts["zone"], deaths["zone"]),
        by_party=_rows(counts["party"], deaths["party"]),
    )  # fmt: skip
