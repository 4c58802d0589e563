"""The incidents a status reads: one row per incident in a date range, classified once.

Each incident of the range comes back as a :class:`Tally` row: its first day, its zone under
the agreement, and what it counts as (violation, verified violation, allegation, undetermined,
not assessed). Days the ceasefire was in force are classified from the stored assessments
(current rules). Days before it took effect have no violations by definition, so for the
baseline the rules are applied *as if it had been in force* (same parties, scope, acts and
exclusions): what would have been a violation. Those rows carry ``hypothetical=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ceasefire.actors.registry import ActorRegistry
from ceasefire.agreements.schema import Agreement
from ceasefire.assessment.models import AssessmentRow
from ceasefire.assessment.rules import RULES_VERSION, IncidentFacts, assess
from ceasefire.events.incident_models import IncidentRow

NO_ZONE = "(no zone)"
UNATTRIBUTED = "(unattributed)"
_ALWAYS = datetime(1, 1, 2, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """Calendar days ``start``..``end`` (both included), in the agreement's time zone."""

    start: date
    end: date
    kind: str = "window"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def shifted(self, days: int, kind: str) -> Period:
        return Period(self.start - timedelta(days=days), self.end - timedelta(days=days), kind)


@dataclass(frozen=True)
class Tally:
    """One incident as the status counts it."""

    id: int
    day: date
    zone: str
    party: str
    side: str
    verdict: str
    status: str
    allegation: bool
    fatalities: int
    location: str
    latitude: float | None
    longitude: float | None
    hypothetical: bool

    @property
    def violation(self) -> bool:
        return self.verdict == "violation" and not self.allegation

    @property
    def verified(self) -> bool:
        return self.violation and self.status == "verified" and not self.hypothetical


def first_full_day(agreement: Agreement) -> date:
    """The first calendar day (agreement's time zone) wholly in force."""
    day = agreement.effective_from.astimezone(agreement.local_zone()).date()
    return day if agreement.covers_time(day) else day + timedelta(days=1)


def _as_if_in_force(agreement: Agreement) -> Agreement:
    return agreement.model_copy(update={"effective_from": _ALWAYS, "effective_until": None})


_COLUMNS = (
    IncidentRow.id, IncidentRow.date_from, IncidentRow.date_to, IncidentRow.admin1,
    IncidentRow.latitude, IncidentRow.longitude, IncidentRow.location, IncidentRow.allegation,
    IncidentRow.fatalities, IncidentRow.status, AssessmentRow.verdict, AssessmentRow.party,
    AssessmentRow.side,
)  # fmt: skip
_FACTS = (
    IncidentRow.event_type, IncidentRow.sub_event_type, IncidentRow.actor1, IncidentRow.actor2,
    IncidentRow.country, IncidentRow.claimant, IncidentRow.source_count,
)  # fmt: skip


def tally(
    session: Session,
    agreement: Agreement,
    span: Period,
    *,
    registry: ActorRegistry | None = None,
) -> list[Tally]:
    """Every incident whose first day falls in ``span``, classified (see the module doc)."""
    start_day = first_full_day(agreement)
    joined = and_(
        AssessmentRow.incident_id == IncidentRow.id,
        AssessmentRow.agreement_id == agreement.id,
        AssessmentRow.rules_version == RULES_VERSION,
    )
    query = (
        select(*_COLUMNS, *_FACTS)
        .select_from(IncidentRow)
        .outerjoin(AssessmentRow, joined)
        .where(IncidentRow.date_from >= span.start, IncidentRow.date_from <= span.end)
    )
    zones: dict[tuple[str, float | None, float | None], str] = {}
    imagined = _as_if_in_force(agreement) if span.start < start_day else None
    verdicts: dict[tuple[object, ...], tuple[str, str, str]] = {}
    out: list[Tally] = []
    for row in session.execute(query).tuples():
        (iid, day, day_to, admin1, lat, lon, location, allegation, deaths, status,
         verdict, party, side, *facts) = row  # fmt: skip
        key = (admin1, lat, lon)
        zone = zones.get(key)
        if zone is None:
            found = agreement.zone_of(admin1, None, lat, lon)
            zone = zones[key] = found.id if found is not None else NO_ZONE
        hypothetical = imagined is not None and day < start_day
        if hypothetical:
            memo = (day_to - day, admin1, lat, lon, allegation, *facts)
            if memo not in verdicts:
                event_type, sub, actor1, actor2, country, claimant, sources = facts
                judged = assess(
                    IncidentFacts(
                        date_from=day, date_to=day_to, event_type=event_type,
                        sub_event_type=sub, actor1=actor1, actor2=actor2, country=country,
                        admin1=admin1, latitude=lat, longitude=lon, allegation=allegation,
                        claimant=claimant, source_count=sources,
                    ),
                    imagined,  # type: ignore[arg-type]
                    registry,
                )  # fmt: skip
                verdicts[memo] = (judged.verdict, judged.party, judged.side)
            verdict, party, side = verdicts[memo]
        out.append(
            Tally(
                id=iid, day=day, zone=zone, party=party or "", side=side or "",
                verdict=verdict or "", status=status, allegation=bool(allegation),
                fatalities=int(deaths or 0), location=location or "", latitude=lat,
                longitude=lon, hypothetical=hypothetical,
            )
        )  # fmt: skip
    return out
